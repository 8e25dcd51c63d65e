import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readMlgLog } from '$lib/logs/formats';
import { createTestDb, seedShop, type TestDb } from '$lib/server/db/test-db';
import { channel, storeLog } from '$lib/server/log-analytics/stored-log.test-helper';

let t: TestDb;
vi.mock('$lib/server/db', async (importOriginal) => ({
	...(await importOriginal<typeof import('$lib/server/db')>()),
	getDb: () => t.db
}));

const route = await import('./+server');

let mine: { shopId: string; userId: string };
let theirs: { shopId: string; userId: string };
let logId: string;
beforeAll(async () => {
	t = await createTestDb();
	mine = await seedShop(t.db, 'Mine');
	theirs = await seedShop(t.db, 'Theirs');
	logId = await storeLog(t.db, {
		shopId: mine.shopId,
		name: 'Pull 1',
		channels: [channel('RPM', 'rpm', [0, 100_000, 200_000], [900, 950, 1000])]
	});
});
afterAll(() => t.close());

async function get(query: string, who: typeof mine | null = mine, id = logId) {
	const locals = who
		? { user: { id: who.userId }, shop: { id: who.shopId }, role: 'owner', session: null }
		: { user: null, shop: null, role: null, session: null };
	const url = new URL(`http://localhost/api/logs/${id}/export${query}`);
	try {
		return await route.GET({ params: { id }, url, locals } as never);
	} catch (err) {
		if (isHttpError(err)) return new Response(err.body.message, { status: err.status });
		throw err;
	}
}

describe('GET /api/logs/[id]/export', () => {
	it('sends the log as an MLG attachment by default', async () => {
		const res = await get('');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toBe(
			`attachment; filename="Pull 1.mlg"; filename*=UTF-8''Pull%201.mlg`
		);
		expect(res.headers.get('cache-control')).toBe('private, no-store');
		const { log } = await readMlgLog(new Uint8Array(await res.arrayBuffer()));
		expect(Array.from(log!.channels[0].v)).toEqual([900, 950, 1000]);
	});

	it('sends CSV on request', async () => {
		const res = await get('?format=csv');
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(await res.text()).toBe('Time (s),RPM (rpm)\n0,900\n0.1,950\n0.2,1000\n');
	});

	it('refuses an unknown format, a stranger and another shop’s log', async () => {
		expect((await get('?format=xlsx')).status).toBe(400);
		expect((await get('', null)).status).toBe(401);
		expect((await get('', theirs)).status).toBe(404);
	});
});
