import type { Handle } from '@sveltejs/kit';

/**
 * OWASP Secure Headers Project baseline. CSP belongs in svelte.config.js where kit adds its nonces, and
 * COOP/COEP (for SharedArrayBuffer ring buffers) with whoever owns cross-origin isolation.
 */
export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	response.headers.set('x-frame-options', 'DENY');
	if (event.url.pathname.startsWith('/r/')) {
		// A report URL is a bearer secret: never leak it in a Referer, never let a shared cache or the back button
		// keep a copy after revocation. Set here, not in the route's load, so 404 pages for dead links get it too.
		response.headers.set('referrer-policy', 'no-referrer');
		response.headers.set('cache-control', 'no-store');
	}
	return response;
};
