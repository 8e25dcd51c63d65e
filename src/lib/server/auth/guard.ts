import { error } from '@sveltejs/kit';

export interface SignedInLocals {
	user: NonNullable<App.Locals['user']>;
	session: NonNullable<App.Locals['session']>;
	shop: NonNullable<App.Locals['shop']>;
	role: NonNullable<App.Locals['role']>;
}

/**
 * Narrows `locals` to a signed-in user or throws 401. Form actions need this even under `(app)/`: SvelteKit runs
 * an action before any layout `load`, so the layout's redirect does not guard it.
 */
export function requireSession(locals: App.Locals): SignedInLocals {
	const { user, session, shop, role } = locals;
	if (!user || !session || !shop || !role) error(401, 'Sign in to continue');
	return { user, session, shop, role };
}

/** Only same-origin paths survive, so `?redirectTo=https://evil.example` cannot bounce a fresh session away. */
export function safeRedirectPath(value: unknown, fallback = '/'): string {
	if (typeof value !== 'string' || !value.startsWith('/')) return fallback;
	if (value.startsWith('//') || value.startsWith('/\\')) return fallback;
	return value;
}
