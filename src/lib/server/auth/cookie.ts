import type { Cookies } from '@sveltejs/kit';

export const SESSION_COOKIE = 'session';

/**
 * `Secure` is set exactly when the request came over https. Behind a TLS-terminating proxy adapter-node must be
 * told the public origin (`ORIGIN`, or `PROTOCOL_HEADER=x-forwarded-proto`) so `url.protocol` is right; plain-http
 * dev and LAN demos then still work, where a forced `Secure` would make browsers drop the cookie. `SameSite=Lax`
 * lets a link from an email land signed in while cross-site POSTs go without it (kit's CSRF origin check is the
 * other half).
 */
export function isSecureRequest(url: URL): boolean {
	return url.protocol === 'https:';
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: isSecureRequest(url),
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: isSecureRequest(url)
	});
}
