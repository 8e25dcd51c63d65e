import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { bodySizeLimit } from './body-limit';

function event(routeId: string, method: string, headers: Record<string, string>, body?: string) {
	return {
		route: { id: routeId },
		request: new Request('http://localhost' + routeId, { method, headers, body })
	} as unknown as RequestEvent;
}

const ok = async () => new Response('ok');
const status = async (p: Response | Promise<Response>) =>
	Promise.resolve(p).then(
		(r) => r.status,
		(e: { status?: number }) => e.status
	);

describe('per-route body size limit', () => {
	it('lets a recorded chunk (8 MiB) through and refuses anything over 9 MiB with 413', async () => {
		const route = '/api/logs/[id]/chunks/[seq]';
		expect(
			await status(
				bodySizeLimit({
					event: event(route, 'PUT', { 'content-length': String(8 << 20) }),
					resolve: ok
				})
			)
		).toBe(200);
		expect(
			await status(
				bodySizeLimit({
					event: event(route, 'PUT', { 'content-length': String(10 << 20) }),
					resolve: ok
				})
			)
		).toBe(413);
	});

	it('leaves the streaming import route to enforce its own cap', async () => {
		const e = event('/api/logs/import', 'POST', { 'content-length': String(500 << 20) });
		expect(await status(bodySizeLimit({ event: e, resolve: ok }))).toBe(200);
	});

	it('asks for a length when a body comes without one', async () => {
		const e = event('/login', 'POST', {}, 'x');
		e.request.headers.delete('content-length');
		expect(await status(bodySizeLimit({ event: e, resolve: ok }))).toBe(411);
	});
});
