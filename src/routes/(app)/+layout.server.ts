import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

/**
 * Every page under `(app)/` needs a session. Form actions run before this load, so they guard themselves with
 * `requireSession`/`requireRole` as well.
 */
export const load: LayoutServerLoad = ({ locals, url }) => {
	if (!locals.user || !locals.shop || !locals.role) {
		redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
	}
	return {
		user: { name: locals.user.name, email: locals.user.email },
		shop: { id: locals.shop.id, name: locals.shop.name },
		role: locals.role
	};
};
