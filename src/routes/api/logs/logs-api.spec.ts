import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeChunk, type Chunk } from '$lib/logs/chunk-format';
import { createTestDb, seedShop, type TestDb } from '$lib/server/db/test-db';
import { getLog } from '$lib/server/timeseries';

let t: TestDb;
vi.mock('$lib/server/db', async (importOriginal) => ({
	...(await importOriginal<typeof import('$lib/server/db')>()),
	getDb: () => t.db
}));

const logRoute = await import('./[id]/+server');
const chunkRoute = await import('./[id]/chunks/[seq]/+server');
const seriesRoute = await import('./[id]/series/+server');

let mine: { shopId: string; userId: string };
let theirs: { shopId: string; userId: string };
beforeAll(async () => {
	t = await createTestDb();
	mine = await seedShop(t.db, 'Mine');
	theirs = await seedShop(t.db, 'Theirs');
});
afterAll(() => t.close());

const locals = (who: { shopId: string; userId: string } | null) =>
	(who
		? {
				user: { id: who.userId, name: 'T', email: 't@x' },
				shop: { id: who.shopId, name: 'S' },
				role: 'owner',
				session: null
			}
		: { user: null, shop: null, role: null, session: null }) as unknown as App.Locals;

/** Calls a handler like SvelteKit would; an `error()` becomes its HTTP status. */
async function call(
	handler: (event: never) => Promise<Response>,
	opts: {
		url: string;
		method: string;
		body?: BodyInit;
		params: Record<string, string>;
		who?: typeof mine | null;
	}
): Promise<{ status: number; body: unknown }> {
	const request = new Request(`http://localhost${opts.url}`, {
		method: opts.method,
		body: opts.body
	});
	const event = {
		params: opts.params,
		request,
		url: new URL(request.url),
		locals: locals(opts.who === undefined ? mine : opts.who)
	};
	try {
		const response = await handler(event as never);
		return { status: response.status, body: await response.json() };
	} catch (err) {
		if (isHttpError(err)) return { status: err.status, body: err.body };
		throw err;
	}
}

const logId = '6f1c2b6a-1111-4a1a-8a1a-000000000001';
const logBody = JSON.stringify({
	name: 'Pull 1',
	startedAt: new Date().toISOString(),
	channels: [
		{ name: 'EngineSpeed', unit: 'rpm', min: 0, max: 10000 },
		{ name: 'Lambda', unit: 'lambda' }
	]
});

function chunk(seq: number, n = 1000): Chunk {
	const offsets = new Uint32Array(n).map((_, i) => i * 1000);
	return {
		seq,
		channels: [
			{
				name: 'EngineSpeed',
				t0Us: seq * 1_000_000,
				offsets,
				values: new Float32Array(n).fill(3000 + seq)
			}
		]
	};
}

const putChunk = (seq: number, bytes: Uint8Array, who?: typeof mine | null) =>
	call(chunkRoute.PUT as never, {
		url: `/api/logs/${logId}/chunks/${seq}`,
		method: 'PUT',
		body: bytes as Uint8Array<ArrayBuffer>,
		params: { id: logId, seq: String(seq) },
		who
	});

describe('recorder API', () => {
	it('creates a log on the first PUT and answers 200 to a retried PUT', async () => {
		const put = () =>
			call(logRoute.PUT as never, {
				url: `/api/logs/${logId}`,
				method: 'PUT',
				body: logBody,
				params: { id: logId }
			});
		expect(await put()).toMatchObject({ status: 201, body: { created: true } });
		expect(await put()).toMatchObject({ status: 200, body: { created: false } });
	});

	it('stores a chunk once: the replay answers 200 duplicate and the sample count does not move', async () => {
		const bytes = encodeChunk(chunk(0));
		expect(await putChunk(0, bytes)).toMatchObject({
			status: 201,
			body: { status: 'stored', samples: 1000 }
		});
		expect(await putChunk(0, bytes)).toMatchObject({ status: 200, body: { status: 'duplicate' } });
		expect((await getLog(t.db, mine.shopId, logId)).sampleCount).toBe(1000);
	});

	it('serves the stored window back, decimated to the requested number of points', async () => {
		const { status, body } = await call(seriesRoute.GET as never, {
			url: `/api/logs/${logId}/series?channel=EngineSpeed&from=0&to=1000000&points=100`,
			method: 'GET',
			params: { id: logId }
		});
		expect(status).toBe(200);
		const { t: times, v } = body as { t: number[]; v: number[] };
		expect(times.length).toBeLessThanOrEqual(100);
		expect(new Set(v)).toEqual(new Set([3000]));
	});

	it('rejects a malformed chunk body with 400 and stores nothing', async () => {
		const bytes = encodeChunk(chunk(1)).slice(0, 40);
		expect((await putChunk(1, bytes)).status).toBe(400);
		expect((await getLog(t.db, mine.shopId, logId)).sampleCount).toBe(1000);
	});

	it('rejects a body whose seq disagrees with the URL', async () => {
		expect((await putChunk(2, encodeChunk(chunk(3)))).status).toBe(400);
	});

	it('refuses an oversized upload with 413 before reading it whole', async () => {
		const huge = new Uint8Array(9 * 1024 * 1024);
		expect((await putChunk(4, huge)).status).toBe(413);
	});

	it("answers 404 when another shop's user uploads to or reads this log", async () => {
		expect((await putChunk(5, encodeChunk(chunk(5)), theirs)).status).toBe(404);
		const read = await call(seriesRoute.GET as never, {
			url: `/api/logs/${logId}/series?channel=EngineSpeed`,
			method: 'GET',
			params: { id: logId },
			who: theirs
		});
		expect(read.status).toBe(404);
	});

	it('answers 401 when signed out', async () => {
		expect((await putChunk(6, encodeChunk(chunk(6)), null)).status).toBe(401);
	});

	it('rejects a chunk naming a channel the log never declared with 422, which the uploader does not retry', async () => {
		const bad: Chunk = { seq: 7, channels: [{ ...chunk(7).channels[0], name: 'Boost' }] };
		expect((await putChunk(7, encodeChunk(bad))).status).toBe(422);
	});
});
