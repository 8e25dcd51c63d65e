import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { log } from '../db/schema';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import { NotFoundError, createLog, ensureLog, listChannels, listLogs } from './index';

const CHANNELS = [
	{ name: 'RPM', unit: 'rpm', min: 0, max: 8000 },
	{ name: 'MAP', unit: 'kPa', min: 0, max: 250 }
];

describe('logs', () => {
	let t: TestDb;
	let shopId: string;
	let userId: string;
	beforeAll(async () => {
		t = await createTestDb();
		({ shopId, userId } = await seedShop(t.db));
	});
	afterAll(() => t.close());

	it('creates a log under a client-chosen id once, however often the create is retried', async () => {
		const id = crypto.randomUUID();
		const input = {
			id,
			shopId,
			createdBy: userId,
			name: 'dyno',
			startedAt: new Date(),
			channels: CHANNELS
		};
		const first = await ensureLog(t.db, input);
		const again = await ensureLog(t.db, { ...input, name: 'renamed' });
		expect(first.created).toBe(true);
		expect(again).toMatchObject({ created: false, log: { id, name: 'dyno' } });
		expect(await listChannels(t.db, shopId, id)).toEqual(CHANNELS);
	});

	it('will not hand out a log id that another shop already uses', async () => {
		const id = crypto.randomUUID();
		const base = { id, createdBy: userId, name: 'x', startedAt: new Date(), channels: CHANNELS };
		await ensureLog(t.db, { ...base, shopId });
		const other = await seedShop(t.db, 'Other');
		await expect(
			ensureLog(t.db, { ...base, shopId: other.shopId, createdBy: other.userId })
		).rejects.toThrow(NotFoundError);
	});

	it('refuses a vehicle from another shop', async () => {
		const other = await seedShop(t.db, 'Other');
		await expect(
			createLog(t.db, {
				shopId: other.shopId,
				vehicleId: 'not-theirs',
				createdBy: other.userId,
				name: 'x',
				startedAt: new Date(),
				channels: CHANNELS
			})
		).rejects.toThrow(NotFoundError);
	});

	it('refuses channel lists that chunks could not match', async () => {
		const base = { shopId, createdBy: userId, name: 'x', startedAt: new Date() };
		await expect(createLog(t.db, { ...base, channels: [] })).rejects.toThrow(TypeError);
		await expect(
			createLog(t.db, { ...base, channels: [CHANNELS[0], CHANNELS[0]] })
		).rejects.toThrow(/declared twice/);
		await expect(
			createLog(t.db, { ...base, channels: [{ name: 'x'.repeat(65), unit: '', min: 0, max: 1 }] })
		).rejects.toThrow(TypeError);
	});

	it('lists the shop’s logs newest first, page by page', async () => {
		const { shopId: s, userId: u } = await seedShop(t.db, 'Lister');
		for (let i = 0; i < 3; i++) {
			await createLog(t.db, {
				shopId: s,
				createdBy: u,
				name: `run ${i}`,
				startedAt: new Date(Date.UTC(2025, 0, 1 + i)),
				channels: CHANNELS
			});
		}
		const page1 = await listLogs(t.db, s, { limit: 2 });
		expect(page1.map((l) => l.name)).toEqual(['run 2', 'run 1']);
		const page2 = await listLogs(t.db, s, { limit: 2, before: page1[1].startedAt });
		expect(page2.map((l) => l.name)).toEqual(['run 0']);
		const row = await t.db.select().from(log).where(eq(log.shopId, s));
		expect(row).toHaveLength(3);
	});
});
