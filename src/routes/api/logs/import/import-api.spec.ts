import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, seedShop, type TestDb } from '$lib/server/db/test-db';
import { getLog, listLogs } from '$lib/server/timeseries';

let t: TestDb;
vi.mock('$lib/server/db', async (importOriginal) => ({
	...(await importOriginal<typeof import('$lib/server/db')>()),
	getDb: () => t.db
}));

const route = await import('./+server');
const shortMlg = readFileSync(resolve('../shared/data/mlg-converter/short.mlg'));

let mine: { shopId: string; userId: string };
beforeAll(async () => {
	t = await createTestDb();
	mine = await seedShop(t.db, 'Mine');
});
afterAll(() => t.close());

const locals = (who: typeof mine | null) =>
	(who
		? {
				user: { id: who.userId, name: 'T', email: 't@x' },
				shop: { id: who.shopId, name: 'S' },
				role: 'owner',
				session: null
			}
		: { user: null, shop: null, role: null, session: null }) as unknown as App.Locals;

async function post(
	query: string,
	body: BodyInit | null,
	opts: { who?: typeof mine | null; headers?: Record<string, string> } = {}
): Promise<{ status: number; body: Record<string, unknown> }> {
	const request = new Request(`http://localhost/api/logs/import?${query}`, {
		method: 'POST',
		body,
		headers: { 'content-type': 'application/octet-stream', ...opts.headers },
		...(body instanceof ReadableStream ? { duplex: 'half' } : {})
	} as RequestInit);
	const event = {
		request,
		url: new URL(request.url),
		params: {},
		locals: locals(opts.who === undefined ? mine : opts.who)
	};
	try {
		const response = await route.POST(event as never);
		return { status: response.status, body: await response.json() };
	} catch (err) {
		if (isHttpError(err)) return { status: err.status, body: { ...err.body } };
		throw err;
	}
}

describe('POST /api/logs/import', () => {
	it('answers 201 with the new log, named as asked and owned by the shop', async () => {
		const res = await post('name=Track%20day', shortMlg);
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ status: 'imported', format: 'mlg', rows: 66 });
		const log = await getLog(t.db, mine.shopId, String(res.body.logId));
		expect(log.name).toBe('Track day');
		expect(log.createdBy).toBe(mine.userId);
	});

	it('answers 422 with where the file is damaged, and 201 for the part before it on request', async () => {
		const bytes = Uint8Array.from(shortMlg);
		bytes[bytes.length - 1] ^= 0xff;
		const refused = await post('name=bad', bytes);
		expect(refused.status).toBe(422);
		expect(refused.body).toMatchObject({
			status: 'damaged',
			damage: { format: 'mlg', problem: 'crc', record: 65 },
			rowsBeforeDamage: 65
		});
		const kept = await post('name=bad&keepPartial=1', bytes);
		expect(kept.status).toBe(201);
		expect(kept.body).toMatchObject({ rows: 65, damage: { record: 65 } });
	});

	it('takes a CSV mapping as JSON in the query', async () => {
		const mapping = JSON.stringify({ time: { column: 't', unit: 'ms' } });
		const res = await post(
			`name=csv&mapping=${encodeURIComponent(mapping)}`,
			new TextEncoder().encode('t,RPM\n0,900\n10,950\n')
		);
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ format: 'csv', channels: 1, rows: 2 });
	});

	it('answers 400 for a bad query or mapping, 401 signed out, 413 for a declared size over the cap', async () => {
		expect((await post('format=xls', shortMlg)).status).toBe(400);
		expect((await post('mapping=%7Bnot-json', shortMlg)).status).toBe(400);
		const badMapping = await post(
			`mapping=${encodeURIComponent(JSON.stringify({ delimiter: 'pipe' }))}`,
			new TextEncoder().encode('a,b\n1,2\n')
		);
		expect(badMapping.status).toBe(400);
		expect(String(badMapping.body.message)).toMatch(/delimiter/);
		expect((await post('', shortMlg, { who: null })).status).toBe(401);
		const before = (await listLogs(t.db, mine.shopId)).length;
		const huge = await post('', new ReadableStream({ start: (c) => c.close() }), {
			headers: { 'content-length': String(2 ** 40) }
		});
		expect(huge.status).toBe(413);
		expect((await listLogs(t.db, mine.shopId)).length).toBe(before);
	});
});
