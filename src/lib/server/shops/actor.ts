import { error } from '@sveltejs/kit';
import { requireSession } from '$lib/server/auth/guard';
import { PermissionDeniedError } from './errors';
import { can, type Actor, type Permission } from './permissions';

/** The signed-in member as an {@link Actor} of the shop their session acts in; 401 when signed out. */
export function actorFrom(locals: App.Locals): Actor {
	const { user, shop, role } = requireSession(locals);
	return { shopId: shop.id, userId: user.id, role };
}

/**
 * For a page that is only a form (an editor): 403 before loading anything when the role lacks `permission`. The
 * server function the form calls checks again.
 */
export function actorAllowedTo(locals: App.Locals, permission: Permission): Actor {
	const actor = actorFrom(locals);
	if (!can(actor.role, permission))
		error(403, new PermissionDeniedError(actor.role, permission).message);
	return actor;
}
