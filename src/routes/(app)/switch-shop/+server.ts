import { error, redirect } from '@sveltejs/kit';
import { requireSession, safeRedirectPath } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { switchActiveShop } from '$lib/server/shops/active-shop';
import { shopHttpError } from '$lib/server/shops/http-errors';
import type { RequestHandler } from './$types';

/**
 * The header's shop switcher posts here (a plain form, so it works before hydration). Kit's CSRF check refuses
 * cross-site form posts, so another site cannot move a session between shops.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
	const { user, session } = requireSession(locals);
	const form = await request.formData();
	const shopId = form.get('shopId');
	if (typeof shopId !== 'string' || !shopId) error(400, 'No shop chosen');
	await switchActiveShop(getDb(), { sessionId: session.id, userId: user.id, shopId }).catch(
		shopHttpError
	);
	// The switcher sends the current page cut before its first id: ids belong to the shop being left.
	redirect(303, safeRedirectPath(form.get('redirectTo'), '/jobs'));
};
