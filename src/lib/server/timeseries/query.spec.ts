import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChunkChannel } from '../../logs/chunk-format';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import { channelPeaks, createLog, ingestChunk, queryChannel } from './index';

/** Deterministic noise so a failure reproduces. */
function lcg(seed: number) {
	let s = seed >>> 0;
	return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('channel queries', () => {
	let t: TestDb;
	let shopId: string;
	let logId: string;
	const all = { t: [] as number[], v: [] as number[] };

	beforeAll(async () => {
		t = await createTestDb();
		const seeded = await seedShop(t.db);
		shopId = seeded.shopId;
		const l = await createLog(t.db, {
			shopId,
			createdBy: seeded.userId,
			name: 'knock hunt',
			startedAt: new Date(),
			channels: [
				{ name: 'Knock', unit: 'V', min: 0, max: 5 },
				{ name: 'EGT', unit: '°C', min: 0, max: 1000 },
				{ name: 'Idle', unit: '', min: 0, max: 1 }
			]
		});
		logId = l.id;
		const rand = lcg(42);
		for (let seq = 0; seq < 10; seq++) {
			const t0Us = seq * 1_000_000;
			const knock: ChunkChannel = {
				name: 'Knock',
				t0Us,
				offsets: Uint32Array.from({ length: 1000 }, (_, i) => i * 1000),
				values: Float32Array.from({ length: 1000 }, () => rand())
			};
			if (seq === 6) knock.values[321] = 4.75;
			if (seq === 3) knock.values[5] = -0.5;
			if (seq === 8) knock.values[9] = NaN;
			for (let i = 0; i < 1000; i++) {
				all.t.push(t0Us + knock.offsets[i]);
				all.v.push(knock.values[i]);
			}
			const egt: ChunkChannel = {
				name: 'EGT',
				t0Us,
				offsets: Uint32Array.from([0, 500_000]),
				values: Float32Array.from([600 + seq, 610 + seq])
			};
			await ingestChunk(t.db, { shopId, logId, seq, channels: [knock, egt] });
		}
	});
	afterAll(() => t.close());

	it('returns at most 2 points per bucket, including the true min and max', async () => {
		const w = await queryChannel(t.db, {
			shopId,
			logId,
			channel: 'Knock',
			fromUs: 0,
			toUs: 10_000_000,
			maxPoints: 200
		});
		expect(w.t.length).toBeLessThanOrEqual(200);
		expect(w.t.length).toBeGreaterThan(100);
		expect(Math.max(...w.v)).toBe(Math.fround(4.75));
		expect(Math.min(...w.v)).toBe(-0.5);
		expect(w.t).toContain(6_321_000);
		expect(w.t).toContain(3_005_000);
		expect(w.t).toEqual([...w.t].sort((a, b) => a - b));
	});

	it('keeps every point of a decimated window a real sample', async () => {
		const w = await queryChannel(t.db, {
			shopId,
			logId,
			channel: 'Knock',
			fromUs: 2_500_000,
			toUs: 7_500_000,
			maxPoints: 50
		});
		const byTime = new Map(all.t.map((tt, i) => [tt, all.v[i]]));
		expect(w.t.length).toBeLessThanOrEqual(50);
		w.t.forEach((tt, i) => {
			expect(tt).toBeGreaterThanOrEqual(2_500_000);
			expect(tt).toBeLessThan(7_500_000);
			expect(byTime.get(tt)).toBe(w.v[i]);
		});
	});

	it('spends the buckets on the recorded span when the window is open-ended', async () => {
		const w = await queryChannel(t.db, {
			shopId,
			logId,
			channel: 'Knock',
			fromUs: 0,
			toUs: Number.MAX_SAFE_INTEGER,
			maxPoints: 1000
		});
		expect(w.t.length).toBeGreaterThan(900);
		expect(w.t.length).toBeLessThanOrEqual(1000);
	});

	it('returns a window that straddles chunk boundaries in full', async () => {
		const w = await queryChannel(t.db, {
			shopId,
			logId,
			channel: 'EGT',
			fromUs: 1_400_000,
			toUs: 3_600_000,
			maxPoints: 100
		});
		expect(w).toEqual({
			t: [1_500_000, 2_000_000, 2_500_000, 3_000_000, 3_500_000],
			v: [611, 602, 612, 603, 613]
		});
	});

	it('returns an empty window for a channel with no samples', async () => {
		const w = await queryChannel(t.db, {
			shopId,
			logId,
			channel: 'Idle',
			fromUs: 0,
			toUs: 1e7,
			maxPoints: 100
		});
		expect(w).toEqual({ t: [], v: [] });
	});

	it('refuses a backwards window or an absurd point budget', async () => {
		const q = { shopId, logId, channel: 'Knock' };
		await expect(queryChannel(t.db, { ...q, fromUs: 5, toUs: 5, maxPoints: 10 })).rejects.toThrow(
			RangeError
		);
		await expect(queryChannel(t.db, { ...q, fromUs: 0, toUs: 5, maxPoints: 1e9 })).rejects.toThrow(
			RangeError
		);
	});

	it('reports each channel’s min, max and mean over finite samples', async () => {
		const peaks = await channelPeaks(t.db, shopId, logId);
		const finite = all.v.filter(Number.isFinite);
		const knock = peaks.find((p) => p.channel === 'Knock')!;
		expect(knock.min).toBe(-0.5);
		expect(knock.max).toBe(Math.fround(4.75));
		expect(knock.count).toBe(finite.length);
		expect(knock.mean).toBeCloseTo(finite.reduce((a, b) => a + b, 0) / finite.length, 6);
		const egt = peaks.find((p) => p.channel === 'EGT')!;
		expect(egt).toEqual({ channel: 'EGT', min: 600, max: 619, mean: 609.5, count: 20 });
	});
});
