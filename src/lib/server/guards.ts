import { error } from '@sveltejs/kit';

/**
 * For machine endpoints (`/api/*`): the signed-in user and the shop their session acts in, or a 401.
 * Pages redirect to /login instead, in (app)/+layout.server.ts.
 */
export function requireShopUser(locals: App.Locals) {
	if (!locals.user || !locals.shop) error(401, 'Sign in first');
	return { user: locals.user, shop: locals.shop };
}
