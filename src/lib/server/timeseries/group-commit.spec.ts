import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChunkChannel } from '../../logs/chunk-format';
import { log, logChunk, logSeries } from '../db/schema';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import { ChunkConflictError, NotFoundError, UndeclaredChannelError } from './errors';
import { createGroupCommit, type GroupCommit } from './group-commit';
import { ingestChunk, type IngestChunkInput } from './ingest';
import { prepareChunk } from './ingest-one';
import { createLog } from './logs';
import { queryChannel } from './query';
import { rawTransactions } from './raw-transaction';

const CHANNELS = [
	{ name: 'RPM', unit: 'rpm', min: 0, max: 8000 },
	{ name: 'MAP', unit: 'kPa', min: 0, max: 250 },
	{ name: 'Knock', unit: 'deg', min: 0, max: 10 }
];

function secondOf(seq: number): ChunkChannel[] {
	const t0Us = seq * 1_000_000;
	return [
		{
			name: 'RPM',
			t0Us,
			offsets: Uint32Array.from({ length: 1000 }, (_, i) => i * 1000),
			values: Float32Array.from({ length: 1000 }, (_, i) => 800 + seq + i / 3)
		},
		{
			name: 'MAP',
			t0Us,
			offsets: Uint32Array.from({ length: 100 }, (_, i) => i * 10_000),
			values: Float32Array.from({ length: 100 }, (_, i) => (i % 2 ? NaN : 30 + i))
		},
		// A sensor that reported nothing usable: its summary has no min/max (NULL in the row).
		{ name: 'Knock', t0Us, offsets: Uint32Array.of(0, 5), values: Float32Array.of(NaN, NaN) }
	];
}

describe('group commit', () => {
	let t: TestDb;
	let shopId: string;
	let batchErrors: unknown[];
	let group: GroupCommit;
	beforeAll(async () => {
		t = await createTestDb();
		({ shopId } = await seedShop(t.db));
		// One transaction at a time, so everything submitted while it runs queues into the next batch.
		group = createGroupCommit({
			db: t.db,
			run: rawTransactions(t.db)!,
			maxInFlight: 1,
			onBatchError: (e) => batchErrors.push(e)
		});
	});
	afterAll(() => t.close());

	const newLog = () =>
		createLog(t.db, {
			shopId,
			createdBy: null,
			name: 'pull',
			startedAt: new Date(),
			channels: CHANNELS
		});
	const submit = (input: IngestChunkInput) => group.submit(prepareChunk(input));

	async function stored(logId: string) {
		const rows = await t.db.select().from(logSeries).where(eq(logSeries.logId, logId));
		const receipts = await t.db.select().from(logChunk).where(eq(logChunk.logId, logId));
		const [l] = await t.db.select().from(log).where(eq(log.id, logId));
		return {
			rows: rows.length,
			receipts: receipts.length,
			sampleCount: l.sampleCount,
			durationUs: l.durationUs
		};
	}

	it('answers 20 concurrent chunks and their replays each correctly, in batches', async () => {
		batchErrors = [];
		const logs = await Promise.all([newLog(), newLog()]);
		const inputs = Array.from({ length: 20 }, (_, i) => ({
			shopId,
			logId: logs[i % 2].id,
			seq: i >> 1,
			channels: secondOf(i >> 1)
		}));
		const replays = inputs.filter((_, i) => i % 4 === 0);
		const results = await Promise.all([...inputs, ...replays].map(submit));
		expect(results.slice(0, 20)).toEqual(inputs.map(() => ({ status: 'stored', samples: 1102 })));
		expect(results.slice(20)).toEqual(replays.map(() => ({ status: 'duplicate', samples: 1102 })));
		expect(batchErrors).toEqual([]);
		for (const l of logs) {
			expect(await stored(l.id)).toEqual({
				rows: 30,
				receipts: 10,
				sampleCount: 11_020,
				durationUs: 9_999_000
			});
		}
	});

	it('stores the samples bit for bit, NaNs and all', async () => {
		const l = await newLog();
		const channels = secondOf(3);
		await Promise.all(
			[0, 3].map((seq) => submit({ shopId, logId: l.id, seq, channels: secondOf(seq) }))
		);
		const window = { shopId, logId: l.id, fromUs: 3_000_000, toUs: 4_000_000, maxPoints: 20_000 };
		for (const c of channels) {
			const got = await queryChannel(t.db, { ...window, channel: c.name });
			expect(got.t).toEqual([...c.offsets].map((o) => o + c.t0Us));
			expect(got.v).toEqual([...c.values]);
		}
		const [knock] = await t.db
			.select()
			.from(logSeries)
			.where(eq(logSeries.logId, l.id))
			.then((rows) => rows.filter((r) => r.channel === 'Knock' && r.t0Us === 3_000_000));
		expect(knock).toMatchObject({ n: 2, vMin: null, vMax: null, vSum: 0, vCount: 0 });
	});

	it('fails only the bad chunks of a batch and stores the rest', async () => {
		batchErrors = [];
		const l = await newLog();
		const undeclared = [...secondOf(1), { ...secondOf(1)[0], name: 'EGT' }];
		const results = await Promise.allSettled([
			submit({ shopId, logId: l.id, seq: 0, channels: secondOf(0) }),
			submit({ shopId, logId: l.id, seq: 1, channels: undeclared }),
			submit({ shopId, logId: 'no-such-log', seq: 0, channels: secondOf(0) }),
			submit({ shopId: 'another-shop', logId: l.id, seq: 5, channels: secondOf(5) }),
			submit({ shopId, logId: l.id, seq: 2, channels: secondOf(2) })
		]);
		expect(results.map((r) => r.status)).toEqual([
			'fulfilled',
			'rejected',
			'rejected',
			'rejected',
			'fulfilled'
		]);
		expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(UndeclaredChannelError);
		expect((results[1] as PromiseRejectedResult).reason.channel).toBe('EGT');
		expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(NotFoundError);
		expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(NotFoundError);
		expect(batchErrors).toEqual([]);
		expect(await stored(l.id)).toEqual({
			rows: 6,
			receipts: 2,
			sampleCount: 2204,
			durationUs: 2_999_000
		});
	});

	it('retries a batch chunk by chunk when one chunk overlaps stored samples', async () => {
		batchErrors = [];
		const l = await newLog();
		await submit({ shopId, logId: l.id, seq: 0, channels: secondOf(0) });
		const results = await Promise.allSettled([
			submit({ shopId, logId: l.id, seq: 1, channels: secondOf(1) }),
			submit({ shopId, logId: l.id, seq: 7, channels: secondOf(0) }),
			submit({ shopId, logId: l.id, seq: 2, channels: secondOf(2) })
		]);
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ChunkConflictError);
		expect(batchErrors.length).toBeGreaterThan(0);
		expect(await stored(l.id)).toEqual({
			rows: 9,
			receipts: 3,
			sampleCount: 3306,
			durationUs: 2_999_000
		});
	});

	it('stores a chunk replayed within one burst exactly once', async () => {
		const l = await newLog();
		const results = await Promise.all(
			Array.from({ length: 6 }, () =>
				submit({ shopId, logId: l.id, seq: 4, channels: secondOf(4) })
			)
		);
		expect(results.filter((r) => r.status === 'stored')).toHaveLength(1);
		expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(5);
		expect(await stored(l.id)).toMatchObject({ rows: 3, receipts: 1, sampleCount: 1102 });
	});

	it('writes inside the caller’s transaction when given one, and rolls back with it', async () => {
		const l = await newLog();
		const rollback = new Error('roll back');
		await expect(
			t.db.transaction(async (tx) => {
				const r = await ingestChunk(tx, { shopId, logId: l.id, seq: 0, channels: secondOf(0) });
				expect(r).toEqual({ status: 'stored', samples: 1102 });
				throw rollback;
			})
		).rejects.toBe(rollback);
		expect(await stored(l.id)).toMatchObject({ rows: 0, receipts: 0, sampleCount: 0 });
	});

	it('rejects a batch size or concurrency that is not a positive integer', () => {
		const run = rawTransactions(t.db)!;
		expect(() => createGroupCommit({ db: t.db, run, maxBatch: 0 })).toThrow(TypeError);
		expect(() => createGroupCommit({ db: t.db, run, maxInFlight: 1.5 })).toThrow(TypeError);
	});
});
