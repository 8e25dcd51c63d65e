import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '$lib/hardware/emulators/vehicle/prng';
import { MPG_US_BY_L_PER_100KM } from '$lib/analytics/fuel';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import { logCellStats } from '../db/schema';
import { PermissionDeniedError } from '../shops/errors';
import type { Actor } from '../shops/permissions';
import { getLog } from '../timeseries';
import { NotFoundError } from '../timeseries/errors';
import { loadLogAnalytics } from './analytics-view';
import { storedDrift } from './drift-view';
import { setLogVehicle } from './log-vehicle';
import { channel, storeLog, storeVehicle } from './stored-log.test-helper';

let t: TestDb;
let owner: Actor;
let other: Actor;
beforeAll(async () => {
	t = await createTestDb();
	const a = await seedShop(t.db, 'Analysts');
	const b = await seedShop(t.db, 'Others');
	owner = { shopId: a.shopId, userId: a.userId, role: 'owner' };
	other = { shopId: b.shopId, userId: b.userId, role: 'owner' };
});
afterAll(() => t.close());

const times = (seconds: number, hz: number) =>
	Array.from({ length: seconds * hz }, (_, i) => Math.round((i * 1e6) / hz));
const view = (logId: string, q = '') =>
	loadLogAnalytics(t.db, owner.shopId, logId, new URLSearchParams(q));

describe('summaries and zones', () => {
	let logId: string;
	beforeAll(async () => {
		// 100 s at 10 Hz: cruise at 2000 rpm / 40 kPa for 60 s, then 4200 rpm / 150 kPa (boost 200 kPa abs)
		const t10 = times(100, 10);
		const hot = (x: number) => x >= 60e6;
		logId = await storeLog(t.db, {
			shopId: owner.shopId,
			name: 'Summary run',
			channels: [
				channel(
					'EngineSpeed',
					'rpm',
					t10,
					t10.map((x) => (hot(x) ? 4200 : 2000))
				),
				channel(
					'ManifoldPressure',
					'kPa',
					t10,
					t10.map((x) => (hot(x) ? 150 : 40))
				),
				channel(
					'BoostPressure',
					'kPa',
					t10,
					t10.map((x) => (x >= 90e6 ? 200 : 100))
				),
				channel(
					'BoostTarget',
					'kPa',
					t10,
					t10.map(() => 180)
				),
				channel(
					'ExhaustGasTemp',
					'degC',
					t10,
					t10.map((_, i) => 300 + i)
				),
				channel(
					'KnockRetardCyl1',
					'deg',
					t10,
					t10.map((x) => (x === 95e6 ? 4 : 0))
				),
				channel(
					'Lambda',
					'lambda',
					t10,
					t10.map((x) => (hot(x) ? 0.8 : 1))
				),
				channel(
					'CoolantTemp',
					'degC',
					t10,
					t10.map(() => 90)
				)
			]
		});
	}, 30_000);

	it('reports peak and time-weighted p50/p95/p99 per kind, leaving targets out', async () => {
		const v = await view(logId);
		expect(v.summaries.map((g) => [g.kind, g.rows.map((r) => r.channel)])).toEqual([
			['boost', ['ManifoldPressure', 'BoostPressure']],
			['egt', ['ExhaustGasTemp']],
			['temperature', ['CoolantTemp']],
			['knock', ['KnockRetardCyl1']],
			['lambda', ['Lambda']]
		]);
		const boost = v.summaries[0].rows[1].summary!;
		expect(boost).toMatchObject({ max: 200, maxAtUs: 90e6, min: 100 });
		expect(boost.percentiles).toEqual({ p50: 100, p95: 200, p99: 200 });
		const egt = v.summaries[1].rows[0].summary!;
		expect(egt.max).toBe(1299);
		expect(egt.percentiles.p50).toBeCloseTo(800, -1);
		const knock = v.summaries[3].rows[0].summary!;
		expect(knock).toMatchObject({ max: 4, maxAtUs: 95e6 });
		expect(knock.percentiles.p99).toBe(0);
		expect(v.summaries[4].rows[0].summary!.percentiles.p50).toBeCloseTo(1, 6);
	});

	it('tallies seconds in rpm × manifold-pressure cells', async () => {
		const v = await view(logId);
		if (!('table' in v.zones)) throw new Error(v.zones.message);
		const { table, rpmChannel, loadChannel, loadUnit } = v.zones;
		expect([rpmChannel, loadChannel, loadUnit]).toEqual(['EngineSpeed', 'ManifoldPressure', 'kPa']);
		// Up to the peaks (4200 rpm, 150 kPa), the top edge a hair above its step so a peak on it counts.
		expect(table.rpmEdges.map(Math.round)).toEqual(Array.from({ length: 10 }, (_, i) => i * 500));
		expect(table.loadEdges.map(Math.round)).toEqual(Array.from({ length: 9 }, (_, i) => i * 20));
		expect(table.loadEdges[8]).toBeGreaterThan(160);
		expect(table.seconds[2][4]).toBeCloseTo(60, 0);
		expect(table.seconds[7][8]).toBeCloseTo(40, 0);
		expect(table.totalS).toBeCloseTo(99.9, 1);
		expect(table.outsideS).toBe(0);
	});

	it('counts a value on the top edge in the top bin: 100 % throttle, an engine on its limiter', async () => {
		const t10 = times(20, 10);
		const id = await storeLog(t.db, {
			shopId: owner.shopId,
			name: 'Limiter',
			channels: [
				channel(
					'RPM',
					'rpm',
					t10,
					t10.map((x) => (x >= 10e6 ? 7000 : 3000))
				),
				channel(
					'TPS',
					'%',
					t10,
					t10.map((x) => (x >= 10e6 ? 100 : 20))
				)
			]
		});
		const v = await view(id);
		if (!('table' in v.zones)) throw new Error(v.zones.message);
		const { table, loadUnit } = v.zones;
		expect(loadUnit).toBe('%');
		expect(table.rpmEdges.map(Math.round).at(-1)).toBe(7000);
		expect(table.loadEdges.map(Math.round).at(-1)).toBe(100);
		expect(table.outsideS).toBe(0);
		expect(table.seconds[9][13]).toBeCloseTo(9.95, 1);
	});

	it('says what is missing when a log cannot give economy or drift', async () => {
		const v = await view(logId);
		expect(v.economy).toEqual({ message: 'Fuel economy needs a vehicle speed channel.' });
		expect(v.drift.message).toMatch(/^Link this log to a vehicle/);
	});
});

describe('fuel economy', () => {
	it('reads L/100 km and MPG from speed and the OBD fuel rate, for the trip and its steady stretch', async () => {
		const t5 = times(120, 5);
		const logId = await storeLog(t.db, {
			shopId: owner.shopId,
			name: 'Motorway',
			channels: [
				channel(
					'VehicleSpeed',
					'km/h',
					t5,
					t5.map(() => 100)
				),
				channel(
					'engineFuelRate',
					'L/h',
					t5,
					t5.map(() => 8)
				)
			]
		});
		const v = await view(logId);
		if (!('report' in v.economy)) throw new Error(v.economy.message);
		const { report, channels } = v.economy;
		expect(channels).toEqual({
			speed: 'VehicleSpeed',
			fuelRate: 'engineFuelRate',
			maf: null,
			lambda: null
		});
		expect(report.source).toBe('fuel-rate');
		expect(report.trip.lPer100km).toBeCloseTo(8, 6);
		expect(report.trip.mpgUs).toBeCloseTo(MPG_US_BY_L_PER_100KM / 8, 6);
		expect(report.trip.distanceKm).toBeCloseTo((100 * 119.8) / 3600, 3);
		expect(report.segments).toHaveLength(1);
		expect(report.segments[0]).toMatchObject({ kind: 'steady' });
		expect(report.segments[0].lPer100km).toBeCloseTo(8, 6);
	});

	it('falls back to MAF and lambda with the chosen fuel’s stoichiometry, speed in mph converted', async () => {
		const t5 = times(60, 5);
		// 8 L/h of petrol at λ 1: 8 · 0.745 kg/L · 14.7 / 3.6 g/s of air.
		const maf = (8 * 0.745 * 14.7) / 3.6;
		const logId = await storeLog(t.db, {
			shopId: owner.shopId,
			name: 'MAF only',
			channels: [
				channel(
					'Vehicle Speed',
					'MPH',
					t5,
					t5.map(() => 100 / 1.609344)
				),
				channel(
					'MAF',
					'g/s',
					t5,
					t5.map(() => maf)
				),
				channel(
					'Lambda',
					'lambda',
					t5,
					t5.map(() => 1)
				)
			]
		});
		const petrol = await view(logId);
		if (!('report' in petrol.economy)) throw new Error(petrol.economy.message);
		expect(petrol.economy.report.source).toBe('maf-lambda');
		expect(petrol.economy.report.trip.lPer100km).toBeCloseTo(8, 3);
		const e85 = await view(logId, 'fuel=e85');
		expect(e85.fuel).toBe('e85');
		if (!('report' in e85.economy)) throw new Error(e85.economy.message);
		expect(e85.economy.report.trip.lPer100km!).toBeGreaterThan(11);
	});
});

/**
 * A 10-minute drive at 20 Hz: dwells of 2–5 s at random rpm × MAP, knock retard depending on both, a per-log offset
 * (0.3°) and slow AR(1) noise (0.8°), plus `shift` (as analytics/drift.spec.ts drives its logs).
 */
function drive(seed: number, shift: (rpm: number, map: number) => number) {
	const rng = new Prng(seed);
	const offset = 0.3 * rng.gaussian();
	const t: number[] = [];
	const rpm: number[] = [];
	const map: number[] = [];
	const knock: number[] = [];
	let ar = 0;
	while (t.length < 600 * 20) {
		const r0 = 1000 + rng.next() * 5000;
		const l0 = 20 + rng.next() * 180;
		const n = Math.round((2 + rng.next() * 3) * 20);
		for (let i = 0; i < n; i++) {
			const r = r0 + 40 * rng.gaussian();
			const l = l0 + 3 * rng.gaussian();
			ar = 0.95 * ar + 0.8 * Math.sqrt(1 - 0.95 ** 2) * rng.gaussian();
			t.push(t.length * 50_000);
			rpm.push(r);
			map.push(l);
			knock.push(1 + l / 100 + r / 4000 + offset + ar + shift(r, l));
		}
	}
	return [
		channel('EngineSpeed', 'rpm', t, rpm),
		channel('ManifoldPressure', 'kPa', t, map),
		channel('KnockRetardCyl3', 'deg', t, knock)
	];
}

async function weeklyLogs(vehicleId: string, seed: number, shiftFrom: number): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 0; i < 8; i++) {
		const shift =
			i >= shiftFrom
				? (r: number, l: number) => (r >= 4000 && r < 5000 && l >= 100 ? 2 : 0)
				: () => 0;
		ids.push(
			await storeLog(t.db, {
				shopId: owner.shopId,
				vehicleId,
				name: `Week ${i + 1}`,
				startedAt: new Date(Date.UTC(2026, 8, 7 + 7 * i, 9)),
				channels: drive(seed * 100 + i, shift)
			})
		);
	}
	return ids;
}

describe('drift against the vehicle’s history', () => {
	let drifted: string[];
	let clean: string[];
	beforeAll(async () => {
		drifted = await weeklyLogs(await storeVehicle(t.db, owner.shopId, 'Drifting Evo'), 1, 5);
		clean = await weeklyLogs(await storeVehicle(t.db, owner.shopId, 'Healthy Evo'), 2, 99);
	}, 120_000);

	it('says where, how much and since when knock retard rose in the vehicle’s later logs', async () => {
		const v = await view(drifted[7]);
		expect(v.drift.vehicle?.name).toBe('Drifting Evo');
		expect(v.drift.logsCompared).toBe(8);
		expect(v.drift.channels).toHaveLength(1);
		const [knock] = v.drift.channels;
		expect(knock).toMatchObject({
			channel: 'KnockRetardCyl3',
			label: 'cylinder 3 knock retard',
			logs: 8
		});
		expect(knock.findings).toHaveLength(1);
		const [f] = knock.findings;
		expect(f).toMatchObject({ kind: 'drift', includesThisLog: true, shiftedLogs: 3 });
		expect(f.sentence).toMatch(
			/^cylinder 3 knock retard up [12]\.\d° at 4000–5000 rpm, 100–200 kPa since 2026-10-12$/
		);
	});

	it('finds nothing in the clean control vehicle', async () => {
		const v = await view(clean[7]);
		expect(v.drift.logsCompared).toBe(8);
		expect(v.drift.channels[0].findings).toEqual([]);
	});

	it('builds the baseline from logs up to this one only', async () => {
		const v = await view(drifted[4]);
		expect(v.drift.logsCompared).toBe(5);
		expect(v.drift.channels[0].findings).toEqual([]);
	});

	it('reduces each log once and reuses the cells until the log changes', async () => {
		const rows = () =>
			t.db
				.select({ logId: logCellStats.logId, at: logCellStats.computedAt })
				.from(logCellStats)
				.where(inArray(logCellStats.logId, drifted));
		const before = await rows();
		expect(before).toHaveLength(8);
		const row = await getLog(t.db, owner.shopId, drifted[7]);
		await storedDrift(t.db, owner.shopId, row);
		expect(await rows()).toEqual(before);
		await t.db
			.update(logCellStats)
			.set({ sampleCount: -1 })
			.where(eq(logCellStats.logId, drifted[0]));
		await storedDrift(t.db, owner.shopId, row);
		const after = await rows();
		const changed = after.filter(
			(r) => r.at.getTime() !== before.find((b) => b.logId === r.logId)!.at.getTime()
		);
		expect(changed.map((r) => r.logId)).toEqual([drifted[0]]);
	});
});

describe('setLogVehicle', () => {
	it('links a log to a vehicle of the shop, for roles that edit logs', async () => {
		const vehicleId = await storeVehicle(t.db, owner.shopId, 'Linked');
		const foreign = await storeVehicle(t.db, other.shopId, 'Theirs');
		const t1 = times(10, 10);
		const logId = await storeLog(t.db, {
			shopId: owner.shopId,
			name: 'Imported file',
			channels: [
				channel(
					'RPM',
					'rpm',
					t1,
					t1.map(() => 3000)
				)
			]
		});
		await expect(
			setLogVehicle(t.db, { ...owner, role: 'front_desk' }, logId, vehicleId)
		).rejects.toBeInstanceOf(PermissionDeniedError);
		await expect(setLogVehicle(t.db, owner, logId, foreign)).rejects.toBeInstanceOf(NotFoundError);
		await expect(setLogVehicle(t.db, other, logId, foreign)).rejects.toBeInstanceOf(NotFoundError);
		await setLogVehicle(t.db, owner, logId, vehicleId);
		expect((await view(logId)).log.vehicleId).toBe(vehicleId);
		expect((await view(logId)).vehicles.map((v) => v.name)).toContain('Linked');
		await setLogVehicle(t.db, owner, logId, null);
		expect((await getLog(t.db, owner.shopId, logId)).vehicleId).toBeNull();
	});
});
