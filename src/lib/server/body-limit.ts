import { error, type Handle } from '@sveltejs/kit';

/**
 * The request-body cap, per route. adapter-node's BODY_SIZE_LIMIT applies to every request before a route runs, so
 * it is set to Infinity (scripts/start.js) and enforced here instead: 9 MB everywhere (a recorded chunk is at most
 * 8 MiB), except routes that stream their body and enforce their own cap while reading (log import: 1 GiB).
 */
const DEFAULT_LIMIT = 9 * 1024 * 1024;
const STREAMING_ROUTES = new Set(['/api/logs/import']);

export const bodySizeLimit: Handle = async ({ event, resolve }) => {
	const { method } = event.request;
	if (method === 'GET' || method === 'HEAD' || STREAMING_ROUTES.has(event.route.id ?? ''))
		return resolve(event);
	const length = event.request.headers.get('content-length');
	if (length === null) {
		// Without a length the body would be read unbounded; browsers send one for every form and fetch body we take.
		if (event.request.body) error(411, 'Content-Length required');
		return resolve(event);
	}
	if (!(Number(length) <= DEFAULT_LIMIT))
		error(413, `Request body over ${DEFAULT_LIMIT / 1024 / 1024} MiB`);
	return resolve(event);
};
