import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChunkChannel } from '../../logs/chunk-format';
import { turboPetrolProfile } from '../../safety/default-profiles';
import { buildSafetyReport, type ChannelSamples } from '../../safety/report';
import { drive, simulatedCarDbc } from '../../safety/simulated-drive.test-helper';
import { logSafetyReport } from '../db/schema';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import { NotFoundError, createLog, ingestChunk } from '../timeseries';
import {
	computeLogSafetyReport,
	getLogSafetyReport,
	readChannelSamples,
	refreshLogSafetyReport
} from './index';

/** The overboost drive as the recorder would upload it: one chunk per second, every channel. */
function recordedDrive(seconds: number) {
	const perSecond: Map<string, { t: number[]; v: number[] }>[] = [];
	const all: Record<string, { t: number[]; v: number[] }> = {};
	drive('overboost-at-12s', seconds, {
		onSample(name, value, timeUs) {
			const s = Math.floor(timeUs / 1e6);
			const chunk = (perSecond[s] ??= new Map());
			const c = chunk.get(name) ?? { t: [], v: [] };
			chunk.set(name, c);
			c.t.push(timeUs);
			c.v.push(value);
			const whole = (all[name] ??= { t: [], v: [] });
			whole.t.push(timeUs);
			whole.v.push(Math.fround(value));
		}
	});
	const chunks = perSecond.map((chunk) =>
		[...chunk].map(([name, c]): ChunkChannel => ({
			name,
			t0Us: c.t[0],
			offsets: Uint32Array.from(c.t, (t) => t - c.t[0]),
			values: Float32Array.from(c.v)
		}))
	);
	return { chunks, all };
}

describe('log safety reports', () => {
	let t: TestDb;
	let shopId: string;
	let logId: string;
	const { chunks, all } = recordedDrive(24);
	/** Every chunk but the last is uploaded first; the last one arrives later. */
	const cutUs = (chunks.length - 1) * 1e6;

	beforeAll(async () => {
		t = await createTestDb();
		const seeded = await seedShop(t.db);
		shopId = seeded.shopId;
		const log = await createLog(t.db, {
			shopId,
			createdBy: seeded.userId,
			name: 'stuck wastegate',
			startedAt: new Date(),
			channels: simulatedCarDbc.signals.map((s) => ({
				name: s.name,
				unit: s.unit,
				min: s.min ?? 0,
				max: s.max ?? 0
			}))
		});
		logId = log.id;
		for (let seq = 0; seq < chunks.length - 1; seq++)
			await ingestChunk(t.db, { shopId, logId, seq, channels: chunks[seq] });
	});
	afterAll(() => t.close());

	it('reads the stored samples back at full resolution, in time order', async () => {
		const stored = await readChannelSamples(t.db, logId, ['EngineSpeed', 'BoostPressure']);
		const upTo = (c: ChannelSamples) => c.t.length;
		expect(upTo(stored.EngineSpeed)).toBe(all.EngineSpeed.t.filter((x) => x < cutUs).length);
		expect(upTo(stored.EngineSpeed)).toBeGreaterThan(20_000);
		expect(Array.from(stored.BoostPressure.v)).toEqual(
			all.BoostPressure.v.slice(0, upTo(stored.BoostPressure))
		);
	});

	it('recomputes from stored samples exactly what the recorder computed from the same samples', async () => {
		const report = await computeLogSafetyReport(t.db, {
			shopId,
			logId,
			profile: turboPetrolProfile
		});
		const uploaded = Object.fromEntries(
			Object.entries(all).map(([name, c]) => {
				const n = c.t.filter((x) => x < cutUs).length;
				return [name, { t: c.t.slice(0, n), v: c.v.slice(0, n) }];
			})
		);
		expect(report).toEqual(buildSafetyReport(uploaded, turboPetrolProfile));
		expect(report.verdict).toBe('critical');
		expect(report.events.find((e) => e.ruleId === 'overboost')?.level).toBe('critical');
		expect(report.pulls.map((p) => p.verdict)).toEqual(['critical']);
	});

	it('stores the report with the log, and says when a later upload made it stale', async () => {
		expect(await getLogSafetyReport(t.db, shopId, logId)).toBeNull();
		const report = await refreshLogSafetyReport(t.db, {
			shopId,
			logId,
			profile: turboPetrolProfile
		});
		const stored = await getLogSafetyReport(t.db, shopId, logId);
		expect(stored).toMatchObject({ report, stale: false });
		await ingestChunk(t.db, { shopId, logId, seq: chunks.length - 1, channels: chunks.at(-1)! });
		expect((await getLogSafetyReport(t.db, shopId, logId))?.stale).toBe(true);
		const again = await refreshLogSafetyReport(t.db, {
			shopId,
			logId,
			profile: turboPetrolProfile
		});
		expect(again.durationUs).toBeGreaterThan(report.durationUs);
		expect(await getLogSafetyReport(t.db, shopId, logId)).toMatchObject({
			report: again,
			stale: false
		});
	});

	it('ignores a stored report of another version instead of misreading it', async () => {
		await refreshLogSafetyReport(t.db, { shopId, logId, profile: turboPetrolProfile });
		await t.db.update(logSafetyReport).set({ version: 99 }).where(eq(logSafetyReport.logId, logId));
		expect(await getLogSafetyReport(t.db, shopId, logId)).toBeNull();
	});

	it('lists rules the log cannot judge, and keeps other shops out', async () => {
		const other = await seedShop(t.db, 'Other');
		await expect(
			computeLogSafetyReport(t.db, { shopId: other.shopId, logId, profile: turboPetrolProfile })
		).rejects.toThrow(NotFoundError);
		await expect(getLogSafetyReport(t.db, other.shopId, logId)).rejects.toThrow(NotFoundError);
		const sparse = await createLog(t.db, {
			shopId,
			createdBy: null,
			name: 'rpm only',
			startedAt: new Date(),
			channels: [{ name: 'EngineSpeed', unit: 'rpm', min: 0, max: 10000 }]
		});
		const report = await computeLogSafetyReport(t.db, {
			shopId,
			logId: sparse.id,
			profile: turboPetrolProfile
		});
		expect(report.events).toEqual([]);
		expect(report.unavailable.map((u) => u.ruleId)).toContain('egt');
		expect(report.unavailable.map((u) => u.ruleId)).not.toContain('engine-speed');
	});
});
