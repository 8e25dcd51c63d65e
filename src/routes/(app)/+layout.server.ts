import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { listUserShops } from '$lib/server/shops/shops';
import type { LayoutServerLoad } from './$types';

/**
 * Every page under `(app)/` needs a session. Form actions run before this load, so they guard themselves with
 * `requireSession`/`requireRole` as well.
 */
export const load: LayoutServerLoad = async ({ locals, url }) => {
	if (!locals.user || !locals.shop || !locals.role) {
		redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
	}
	return {
		user: { name: locals.user.name, email: locals.user.email },
		shop: { id: locals.shop.id, name: locals.shop.name },
		role: locals.role,
		/** The user's shops for the header's switcher; the session acts in `shop`. */
		shops: (await listUserShops(getDb(), locals.user.id)).map((s) => ({ id: s.id, name: s.name }))
	};
};
