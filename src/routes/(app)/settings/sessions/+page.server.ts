import { fail, redirect } from '@sveltejs/kit';
import * as auth from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { user, session } = auth.requireSession(locals);
	const sessions = await auth.listUserSessions(getDb(), user.id);
	return {
		/**
		 * `id` is the public half of a session token; without the secret half it grants nothing, and the page
		 * needs it to name the session to end.
		 */
		sessions: sessions.map((s) => ({
			id: s.id,
			createdAt: s.createdAt,
			lastUsedAt: s.lastUsedAt,
			userAgent: s.userAgent,
			ip: s.ip,
			shopName: s.shopName,
			current: s.id === session.id
		}))
	};
};

export const actions: Actions = {
	end: async ({ locals, request, cookies, url }) => {
		const { user, session } = auth.requireSession(locals);
		const id = (await request.formData()).get('sessionId');
		if (typeof id !== 'string' || !id) return fail(400, { message: 'No session chosen' });
		const ended = await auth.invalidateUserSession(getDb(), user.id, id);
		if (!ended) return fail(404, { message: 'That session has already ended' });
		if (id === session.id) {
			auth.deleteSessionCookie(cookies, url);
			redirect(303, '/login');
		}
		return { message: 'Session ended' };
	},
	endOthers: async ({ locals }) => {
		const { user, session } = auth.requireSession(locals);
		const count = await auth.invalidateOtherSessions(getDb(), user.id, session.id);
		return { message: count === 1 ? 'Ended 1 other session' : `Ended ${count} other sessions` };
	}
};
