import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkFormatError, decodeChunk, type ChunkChannel } from '../../logs/chunk-format';
import { logChunk, logSeries } from '../db/schema';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import {
	ChunkConflictError,
	NotFoundError,
	UndeclaredChannelError,
	createLog,
	getLog,
	ingestChunk,
	listChannels,
	listLogs,
	queryChannel
} from './index';

const CHANNELS = [
	{ name: 'RPM', unit: 'rpm', min: 0, max: 8000 },
	{ name: 'MAP', unit: 'kPa', min: 0, max: 250 }
];

function ramp(name: string, t0Us: number, n: number, stepUs: number, f: (i: number) => number) {
	return {
		name,
		t0Us,
		offsets: Uint32Array.from({ length: n }, (_, i) => i * stepUs),
		values: Float32Array.from({ length: n }, (_, i) => f(i))
	} satisfies ChunkChannel;
}

/** One second of recording: RPM at 1 kHz, MAP at 100 Hz. */
function secondOf(seq: number): ChunkChannel[] {
	const t0 = seq * 1_000_000;
	return [
		ramp('RPM', t0, 1000, 1000, (i) => 800 + seq * 1000 + i),
		ramp('MAP', t0, 100, 10_000, (i) => 30 + i / 10)
	];
}

describe('chunk ingest', () => {
	let t: TestDb;
	let shopId: string;
	let userId: string;
	beforeAll(async () => {
		t = await createTestDb();
		({ shopId, userId } = await seedShop(t.db));
	});
	afterAll(() => t.close());

	const newLog = () =>
		createLog(t.db, {
			shopId,
			createdBy: userId,
			name: 'pull 1',
			startedAt: new Date(),
			channels: CHANNELS
		});

	async function counts(logId: string) {
		const rows = await t.db.select().from(logSeries).where(eq(logSeries.logId, logId));
		const receipts = await t.db.select().from(logChunk).where(eq(logChunk.logId, logId));
		const { sampleCount, durationUs, endedAt, startedAt } = await getLog(t.db, shopId, logId);
		return {
			rows: rows.length,
			receipts: receipts.length,
			sampleCount,
			durationUs,
			endedAt,
			startedAt
		};
	}

	it('stores a chunk and a query returns exactly its samples', async () => {
		const l = await newLog();
		const channels = secondOf(0);
		expect(await ingestChunk(t.db, { shopId, logId: l.id, seq: 0, channels })).toEqual({
			status: 'stored',
			samples: 1100
		});
		const rpm = await queryChannel(t.db, {
			shopId,
			logId: l.id,
			channel: 'RPM',
			fromUs: 0,
			toUs: 1_000_000,
			maxPoints: 20_000
		});
		expect(rpm.t).toEqual([...channels[0].offsets]);
		expect(rpm.v).toEqual([...channels[0].values]);
		const c = await counts(l.id);
		expect(c).toMatchObject({ rows: 2, receipts: 1, sampleCount: 1100, durationUs: 999_000 });
		expect(c.endedAt!.getTime() - c.startedAt.getTime()).toBe(999);
	});

	it('answers a replayed chunk with duplicate and changes nothing', async () => {
		const l = await newLog();
		await ingestChunk(t.db, { shopId, logId: l.id, seq: 0, channels: secondOf(0) });
		const before = await counts(l.id);
		const again = await ingestChunk(t.db, { shopId, logId: l.id, seq: 0, channels: secondOf(0) });
		expect(again).toEqual({ status: 'duplicate', samples: 1100 });
		expect(await counts(l.id)).toEqual(before);
	});

	it('stores concurrent uploads of the same chunk once', async () => {
		const l = await newLog();
		const results = await Promise.all(
			Array.from({ length: 6 }, () =>
				ingestChunk(t.db, { shopId, logId: l.id, seq: 4, channels: secondOf(4) })
			)
		);
		expect(results.filter((r) => r.status === 'stored')).toHaveLength(1);
		expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(5);
		expect(await counts(l.id)).toMatchObject({ rows: 2, receipts: 1, sampleCount: 1100 });
	});

	it('accumulates sample count and duration over chunks arriving out of order', async () => {
		const l = await newLog();
		for (const seq of [2, 0, 1]) {
			await ingestChunk(t.db, { shopId, logId: l.id, seq, channels: secondOf(seq) });
		}
		expect(await counts(l.id)).toMatchObject({
			rows: 6,
			receipts: 3,
			sampleCount: 3300,
			durationUs: 2_999_000
		});
		const rpm = await queryChannel(t.db, {
			shopId,
			logId: l.id,
			channel: 'RPM',
			fromUs: 500_000,
			toUs: 2_500_000,
			maxPoints: 20_000
		});
		expect(rpm.t).toHaveLength(2000);
		expect(rpm.t[0]).toBe(500_000);
		expect(rpm.t.at(-1)).toBe(2_499_000);
		expect(rpm.v[0]).toBe(800 + 500);
	});

	it('records an empty chunk so the sequence has no hole', async () => {
		const l = await newLog();
		expect(await ingestChunk(t.db, { shopId, logId: l.id, seq: 0, channels: [] })).toEqual({
			status: 'stored',
			samples: 0
		});
		expect(await counts(l.id)).toMatchObject({ rows: 0, receipts: 1, sampleCount: 0 });
	});

	it('refuses a malformed chunk and stores nothing', async () => {
		const l = await newLog();
		const bad = secondOf(0);
		bad[0].offsets[10] = 0;
		await expect(ingestChunk(t.db, { shopId, logId: l.id, seq: 0, channels: bad })).rejects.toThrow(
			ChunkFormatError
		);
		expect(() => decodeChunk(new Uint8Array(64))).toThrow(ChunkFormatError);
		expect(await counts(l.id)).toMatchObject({ rows: 0, receipts: 0, sampleCount: 0 });
	});

	it('refuses an oversized chunk and stores nothing', async () => {
		const l = await newLog();
		const huge = [ramp('RPM', 0, 100_001, 1, () => 1)];
		await expect(
			ingestChunk(t.db, { shopId, logId: l.id, seq: 0, channels: huge })
		).rejects.toThrow(ChunkFormatError);
		expect(await counts(l.id)).toMatchObject({ rows: 0, receipts: 0 });
	});

	it('refuses a channel the log did not declare and stores nothing', async () => {
		const l = await newLog();
		const channels = [...secondOf(0), ramp('EGT', 0, 10, 1000, () => 700)];
		await expect(ingestChunk(t.db, { shopId, logId: l.id, seq: 0, channels })).rejects.toThrow(
			UndeclaredChannelError
		);
		expect(await counts(l.id)).toMatchObject({ rows: 0, receipts: 0 });
	});

	it('refuses a new chunk overlapping a stored one and keeps no part of it', async () => {
		const l = await newLog();
		await ingestChunk(t.db, { shopId, logId: l.id, seq: 0, channels: secondOf(0) });
		await expect(
			ingestChunk(t.db, { shopId, logId: l.id, seq: 1, channels: secondOf(0) })
		).rejects.toThrow(ChunkConflictError);
		expect(await counts(l.id)).toMatchObject({ rows: 2, receipts: 1, sampleCount: 1100 });
	});

	it("treats another shop's log as not found and stores nothing in it", async () => {
		const l = await newLog();
		const other = await seedShop(t.db, 'Rival Garage');
		const attempt = ingestChunk(t.db, {
			shopId: other.shopId,
			logId: l.id,
			seq: 0,
			channels: secondOf(0)
		});
		await expect(attempt).rejects.toThrow(NotFoundError);
		await expect(getLog(t.db, other.shopId, l.id)).rejects.toThrow(NotFoundError);
		await expect(listChannels(t.db, other.shopId, l.id)).rejects.toThrow(NotFoundError);
		await expect(
			queryChannel(t.db, {
				shopId: other.shopId,
				logId: l.id,
				channel: 'RPM',
				fromUs: 0,
				toUs: 1e6,
				maxPoints: 100
			})
		).rejects.toThrow(NotFoundError);
		expect(await listLogs(t.db, other.shopId)).toEqual([]);
		expect(await counts(l.id)).toMatchObject({ rows: 0, receipts: 0 });
	});

	it('treats an unknown log id as not found', async () => {
		await expect(
			ingestChunk(t.db, { shopId, logId: 'no-such-log', seq: 0, channels: secondOf(0) })
		).rejects.toThrow(NotFoundError);
	});
});
