import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referencePeaks } from '$lib/hardware/emulators/vehicle/reference-power';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import { ensureLog } from '../timeseries';
import { loadCompareView } from './compare-view';
import { loadDynoView } from './dyno-view';
import { SPEEDUINO_CHANNELS, storeSimulatedLog } from './simulated-log.test-helper';

let t: TestDb;
let shop: { shopId: string; userId: string };
let other: { shopId: string; userId: string };
let pullId: string;
let overboostId: string;
let speeduinoId: string;
beforeAll(async () => {
	t = await createTestDb();
	shop = await seedShop(t.db, 'Dyno shop');
	other = await seedShop(t.db, 'Other shop');
	pullId = await storeSimulatedLog(t.db, {
		shopId: shop.shopId,
		name: 'stock',
		scenario: 'wot-pull-3rd'
	});
	overboostId = await storeSimulatedLog(t.db, {
		shopId: shop.shopId,
		name: 'more boost',
		scenario: 'overboost'
	});
	speeduinoId = await storeSimulatedLog(t.db, {
		shopId: shop.shopId,
		name: 'speeduino',
		scenario: 'wot-pull-3rd',
		channels: SPEEDUINO_CHANNELS
	});
}, 60_000);
afterAll(() => t.close());

const reference = referencePeaks();
const params = (q: Record<string, string> = {}) => new URLSearchParams(q);

describe('loadDynoView', () => {
	it('finds the 3rd-gear pull in a recorded log and reads the simulated engine’s peak power within 1.5 %', async () => {
		const view = await loadDynoView(t.db, shop.shopId, pullId, params({ correction: 'none' }));
		expect(view.formError).toBeNull();
		const dyno = view.dyno!;
		expect(dyno.message).toBeNull();
		expect(dyno.channels).toMatchObject({
			rpm: 'EngineSpeed',
			tps: 'ThrottlePosition',
			speed: 'VehicleSpeed',
			gear: 'Gear',
			iat: 'IntakeAirTemp',
			baro: 'BaroPressure'
		});
		expect(dyno.pulls).toHaveLength(1);
		expect(dyno.pulls[0]).toMatchObject({ gear: 3 });
		expect(dyno.pulls[0].rpmEnd).toBeGreaterThan(6800);
		const run = dyno.run!;
		expect(run).toMatchObject({ gear: 3, gearSource: 'logged', basis: 'wheel' });
		expect(Math.abs(run.peaks.powerKw / reference.powerKw - 1)).toBeLessThan(0.015);
		expect(run.rpm.length).toBe(run.powerKw.length);
	});

	it('corrects to SAE J1349 from the logged intake temperature and baro, assuming only humidity', async () => {
		const none = await loadDynoView(t.db, shop.shopId, pullId, params({ correction: 'none' }));
		const sae = await loadDynoView(t.db, shop.shopId, pullId, params());
		const run = sae.dyno!.run!;
		expect(run.correction.standard).toBe('sae-j1349');
		expect(run.correction.assumed).toEqual(['humidityPct']);
		expect(run.correction.baroKpa).toBeCloseTo(101.3, 1);
		expect(run.correction.tempC).toBeGreaterThan(15);
		expect(run.peaks.powerKw / none.dyno!.run!.peaks.powerKw).toBeCloseTo(run.correction.factor, 6);
		const din = await loadDynoView(t.db, shop.shopId, pullId, params({ correction: 'din-70020' }));
		expect(din.dyno!.run!.correction.standard).toBe('din-70020');
	});

	it('reads a Speeduino-style log: RPM, TPS and Vehicle Speed in MPH, gear matched from the ratio', async () => {
		const view = await loadDynoView(t.db, shop.shopId, speeduinoId, params({ correction: 'none' }));
		const dyno = view.dyno!;
		expect(dyno.channels).toEqual({ rpm: 'RPM', tps: 'TPS', speed: 'Vehicle Speed' });
		expect(dyno.run).toMatchObject({ gear: 3, gearSource: 'detected' });
		expect(Math.abs(dyno.run!.peaks.powerKw / reference.powerKw - 1)).toBeLessThan(0.03);
	});

	it('takes the vehicle profile, basis and gear from the form; crank figures are wheel / (1 − loss)', async () => {
		const wheel = await loadDynoView(
			t.db,
			shop.shopId,
			pullId,
			params({ correction: 'none', drivetrainLoss: '0.2' })
		);
		const crank = await loadDynoView(
			t.db,
			shop.shopId,
			pullId,
			params({ correction: 'none', basis: 'crank', drivetrainLoss: '0.2' })
		);
		expect(crank.dyno!.run!.peaks.powerKw).toBeCloseTo(wheel.dyno!.run!.peaks.powerKw / 0.8, 3);
		const heavier = await loadDynoView(
			t.db,
			shop.shopId,
			pullId,
			params({ correction: 'none', massKg: '1705' })
		);
		expect(heavier.dyno!.run!.peaks.powerKw).toBeGreaterThan(wheel.dyno!.run!.peaks.powerKw * 1.05);
		const forced = await loadDynoView(t.db, shop.shopId, pullId, params({ gear: '4' }));
		expect(forced.dyno!.run).toMatchObject({ gear: 4, gearSource: 'form' });
	});

	it('echoes a bad form field with a message and computes nothing', async () => {
		const view = await loadDynoView(t.db, shop.shopId, pullId, params({ massKg: 'heavy' }));
		expect(view.formError).toBe('Mass must be a number');
		expect(view.form.massKg).toBe('heavy');
		expect(view.dyno).toBeNull();
		const gears = await loadDynoView(t.db, shop.shopId, pullId, params({ gearRatios: '3.6, x' }));
		expect(gears.formError).toBe('gear ratios must be numbers');
	});

	it('says what is missing when a log has no rpm channel or no pull', async () => {
		const id = crypto.randomUUID();
		await ensureLog(t.db, {
			id,
			shopId: shop.shopId,
			createdBy: null,
			name: 'temps only',
			startedAt: new Date(),
			channels: [{ name: 'CoolantTemp', unit: 'degC', min: 0, max: 0 }]
		});
		const none = await loadDynoView(t.db, shop.shopId, id, params());
		expect(none.dyno!.message).toMatch(/no engine-speed channel/);
		const cruise = await storeSimulatedLog(t.db, {
			shopId: shop.shopId,
			name: 'cruise',
			scenario: 'cruise',
			seconds: 5
		});
		const flat = await loadDynoView(t.db, shop.shopId, cruise, params());
		expect(flat.dyno).toMatchObject({ pulls: [], run: null });
		expect(flat.dyno!.message).toMatch(/No full-throttle pull/);
	});

	it('does not show another shop’s log', async () => {
		await expect(loadDynoView(t.db, other.shopId, pullId, params())).rejects.toThrow(/not found/);
	});
});

describe('loadCompareView', () => {
	it('overlays two runs on one rpm axis with the delta: the stuck wastegate makes more power up top', async () => {
		const view = await loadCompareView(
			t.db,
			shop.shopId,
			params({ a: pullId, b: overboostId, correction: 'none' })
		);
		expect(view.logs.map((l) => l.name)).toEqual(expect.arrayContaining(['stock', 'more boost']));
		const c = view.curves!;
		expect(c.comparable).toBe(true);
		expect(c.rpm.length).toBeGreaterThan(50);
		c.rpm.forEach((_, i) => expect(c.deltaPowerKw[i]).toBeCloseTo(c.powerB[i] - c.powerA[i], 3));
		const top = c.rpm.findIndex((r) => r >= 6000);
		expect(c.deltaPowerKw[top]).toBeGreaterThan(5);
	});

	it('overlays one channel in time, aligned on the pulls, with b − a', async () => {
		const view = await loadCompareView(
			t.db,
			shop.shopId,
			params({ a: pullId, b: speeduinoId, channel: 'EngineSpeed' })
		);
		expect(view.overlayMessage).toBe('The two logs share no channel to overlay.');
		expect(view.curves).not.toBeNull();
		const fallback = await loadCompareView(
			t.db,
			shop.shopId,
			params({ a: pullId, b: overboostId, channel: 'NoSuchChannel' })
		);
		expect(fallback.overlay?.channel).toBe('EngineSpeed');
		const byPull = await loadCompareView(
			t.db,
			shop.shopId,
			params({ a: pullId, b: pullId, channel: 'EngineSpeed' })
		);
		const o = byPull.overlay!;
		expect(o).toMatchObject({ channel: 'EngineSpeed', unit: 'rpm', align: 'pull', offsetS: 0 });
		expect(o.t.length).toBeGreaterThan(1000);
		expect(Math.max(...o.delta.map(Math.abs))).toBe(0);
		const later = await storeSimulatedLog(t.db, {
			shopId: shop.shopId,
			name: 'same pull, logger started 2.5 s earlier',
			scenario: 'wot-pull-3rd',
			shiftUs: 2_500_000
		});
		const correlated = await loadCompareView(
			t.db,
			shop.shopId,
			params({ a: pullId, b: later, align: 'correlate' })
		);
		expect(correlated.overlay!.align).toBe('correlate');
		expect(correlated.overlay!.offsetS).toBeCloseTo(2.5, 2);
		expect(correlated.overlay!.correlation).toBeGreaterThan(0.99);
		expect(Math.max(...correlated.overlay!.delta.map(Math.abs))).toBeLessThan(50);
	});

	it('lists the logs to pick from until both are chosen', async () => {
		const view = await loadCompareView(t.db, shop.shopId, params({ a: pullId }));
		expect(view.a).toBeNull();
		expect(view.logs.length).toBeGreaterThanOrEqual(3);
	});
});
