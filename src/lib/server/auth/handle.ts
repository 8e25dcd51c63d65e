import type { Handle } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { deleteSessionCookie, SESSION_COOKIE, setSessionCookie } from './cookie';
import { validateSessionToken } from './session';

/**
 * Resolves the session cookie into `locals` (all null when signed out), re-sets the cookie when the expiry
 * slid, and clears a cookie that no longer validates so the browser stops sending it.
 */
export const authHandle: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	event.locals.shop = null;
	event.locals.role = null;

	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) return resolve(event);

	const result = await validateSessionToken(getDb(), token);
	if (!result) {
		deleteSessionCookie(event.cookies, event.url);
		return resolve(event);
	}
	if (result.fresh) setSessionCookie(event.cookies, event.url, token, result.session.expiresAt);
	event.locals.user = result.user;
	event.locals.session = result.session;
	event.locals.shop = result.shop;
	event.locals.role = result.role;
	return resolve(event);
};
