import { error } from '@sveltejs/kit';
import type { ShopRole } from '$lib/server/db/schema';
import { requireSession, type SignedInLocals } from '$lib/server/auth/guard';

export function hasRole(role: ShopRole | null | undefined, roles: readonly ShopRole[]): boolean {
	return role != null && roles.includes(role);
}

/** Throws 401 when signed out and 403 when the role in the current shop is not one of `roles`. */
export function requireRole<R extends ShopRole>(
	locals: App.Locals,
	roles: readonly R[]
): SignedInLocals & { role: R } {
	const signedIn = requireSession(locals);
	if (!hasRole(signedIn.role, roles)) error(403, 'Your role in this shop does not allow that');
	return signedIn as SignedInLocals & { role: R };
}
