import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunksFromImportedLog } from '$lib/logs/formats';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import { ensureLog, ingestChunk } from '../timeseries';
import { readSeries } from './read-series';

let t: TestDb;
const logId = crypto.randomUUID();
/** 1200 s at 10 Hz: 1200 stored rows, so reads page through them. */
const n = 12_000;
const times = Float64Array.from({ length: n }, (_, i) => i * 100_000);
const values = Float32Array.from({ length: n }, (_, i) => i % 1000);

beforeAll(async () => {
	t = await createTestDb();
	const { shopId } = await seedShop(t.db);
	await ensureLog(t.db, {
		id: logId,
		shopId,
		createdBy: null,
		name: 'long',
		startedAt: new Date(),
		channels: [{ name: 'X', unit: '', min: 0, max: 0 }]
	});
	const log = {
		format: 'csv' as const,
		startedAt: null,
		info: '',
		markers: [],
		channels: [{ name: 'X', unit: '', t: times, v: values }]
	};
	for (const chunk of chunksFromImportedLog(log))
		await ingestChunk(t.db, { shopId, logId, ...chunk });
}, 60_000);
afterAll(() => t.close());

describe('readSeries', () => {
	it('reads every sample of a window at full resolution across many stored rows', async () => {
		const all = await readSeries(t.db, { logId, channel: 'X', fromUs: 0, toUs: 2e9 });
		expect(all.t).toEqual(times);
		expect(all.v).toEqual(values);
		const part = await readSeries(t.db, { logId, channel: 'X', fromUs: 250_000, toUs: 650_000 });
		expect(Array.from(part.t)).toEqual([300_000, 400_000, 500_000, 600_000]);
	});

	it('averages times and values per bin', async () => {
		const binned = await readSeries(t.db, {
			logId,
			channel: 'X',
			fromUs: 0,
			toUs: 2_000_000,
			binUs: 1_000_000
		});
		expect(Array.from(binned.t)).toEqual([450_000, 1_450_000]);
		expect(Array.from(binned.v)).toEqual([4.5, 14.5]);
	});

	it('applies a unit conversion to every value', async () => {
		const c = await readSeries(t.db, {
			logId,
			channel: 'X',
			fromUs: 100_000,
			toUs: 100_001,
			scale: 2,
			offset: -1
		});
		expect(Array.from(c.v)).toEqual([1]);
	});

	it('refuses a window over maxSamples or an empty window with a RangeError', async () => {
		await expect(
			readSeries(t.db, { logId, channel: 'X', fromUs: 0, toUs: 2e9, maxSamples: 5000 })
		).rejects.toThrow(RangeError);
		await expect(readSeries(t.db, { logId, channel: 'X', fromUs: 5, toUs: 5 })).rejects.toThrow(
			RangeError
		);
	});

	it('gives an empty channel for a channel the log does not have', async () => {
		const c = await readSeries(t.db, { logId, channel: 'nope', fromUs: 0, toUs: 1e9 });
		expect(c.t.length).toBe(0);
	});
});
