import { describe, expect, it } from 'vitest';
import { Prng } from '../hardware/emulators/vehicle/prng';
import { sliceChannel } from './channel';
import { DynoAccumulator } from './dyno-accumulator';
import type { DynoCurve } from './dyno-curve';
import { HATCH, TURBO_TORQUE, channel, worstError } from './dyno-fixtures.test-helper';
import { AnalyticsInputError } from './errors';
import { syntheticPull } from './synthetic-pull.test-helper';
import { computeForceDyno, computeVirtualDyno } from './virtual-dyno';
import { resolveVehicle, rpmPerKmh } from './vehicle-profile';

const conditions = { tempC: 31, baroKpa: 97.2, humidityPct: 35 };

function expectSameCurve(a: DynoCurve, b: DynoCurve) {
	expect(Array.from(a.rpm)).toEqual(Array.from(b.rpm));
	for (let i = 0; i < a.rpm.length; i++) {
		expect(a.torqueNm[i]).toBeCloseTo(b.torqueNm[i], 9);
		expect(a.powerKw[i]).toBeCloseTo(b.powerKw[i], 9);
	}
	expect(a.correction).toEqual(b.correction);
}

describe('DynoAccumulator', () => {
	it('fed a logged pull sample by sample, gives the batch virtual dyno’s curve', () => {
		const pull = syntheticPull({ profile: HATCH, gear: 3, torqueNm: TURBO_TORQUE, seed: 4 });
		const rpm = sliceChannel(pull.rpm, pull.wotStartUs, pull.wotEndUs);
		const batch = computeVirtualDyno({ rpm }, HATCH, { gear: 3, gridUs: 20_000, conditions });
		const acc = new DynoAccumulator({
			source: 'kinematic',
			profile: HATCH,
			gear: 3,
			gridUs: 20_000,
			conditions
		});
		for (let i = 0; i < rpm.t.length; i++) acc.push({ tUs: rpm.t[i], rpm: rpm.v[i] });
		const live = acc.finish();
		expectSameCurve(live, batch);
		expect(live.meta).toMatchObject({
			source: 'virtual',
			gear: 3,
			startUs: rpm.t[0],
			endUs: rpm.t[rpm.t.length - 1]
		});
	});

	it('draws the run so far while it arrives, final for bins a smoothing window behind', () => {
		const pull = syntheticPull({ profile: HATCH, gear: 3, torqueNm: TURBO_TORQUE, seed: 4 });
		const rpm = sliceChannel(pull.rpm, pull.wotStartUs, pull.wotEndUs);
		const acc = new DynoAccumulator({
			source: 'kinematic',
			profile: HATCH,
			gear: 3,
			gridUs: 20_000,
			conditions
		});
		expect(acc.snapshot()).toBeUndefined();
		const half = rpm.t.length >> 1;
		for (let i = 0; i < half; i++) acc.push({ tUs: rpm.t[i], rpm: rpm.v[i] });
		const partial = acc.snapshot()!;
		const lastRpm = partial.rpm[partial.rpm.length - 1];
		expect(lastRpm).toBeLessThan(rpm.v[half - 1]);
		expect(lastRpm).toBeGreaterThan(rpm.v[half - 1] - 600);
		for (let i = half; i < rpm.t.length; i++) acc.push({ tUs: rpm.t[i], rpm: rpm.v[i] });
		const final = acc.finish();
		const at = (c: DynoCurve, r: number) => c.torqueNm[c.rpm.indexOf(r)];
		expect(at(partial, 3000)).toBeCloseTo(at(final, 3000), 9);
		expect(() => acc.push({ tUs: 1e9, rpm: 3000 })).toThrow(AnalyticsInputError);
		acc.reset();
		expect(acc.snapshot()).toBeUndefined();
	});

	it('turns a roller dyno’s rpm and force stream into the batch force run, and the known torque', () => {
		const v = resolveVehicle(HATCH);
		const ratio = v.overallRatios[3];
		const rng = new Prng(11);
		const t: number[] = [];
		const rpm: number[] = [];
		const force: number[] = [];
		const speed: number[] = [];
		const wheel = (r: number) => TURBO_TORQUE(r) * 0.9;
		for (let i = 0; i <= 800; i++) {
			const r = 2500 + i * 5;
			const kmh = r / rpmPerKmh(ratio, v.rollingRadiusM);
			t.push(i * 10_000 + Math.round(rng.next() * 1000));
			rpm.push(r + rng.gaussian() * 3);
			speed.push(kmh);
			// P = T·ω = F·v
			force.push((wheel(r) * ((r * 2 * Math.PI) / 60)) / (kmh / 3.6) + 40 * rng.gaussian());
		}
		// Logged as float32, as the recorder stores samples; the live feed sees the same numbers.
		const log = { rpm: channel(t, rpm), forceN: channel(t, force), speedKmh: channel(t, speed) };
		const settings = { conditions, correction: 'none' as const, gridUs: 10_000 };
		const acc = new DynoAccumulator({ source: 'force', withSpeed: true, ...settings });
		for (let i = 0; i < t.length; i++)
			acc.push({
				tUs: t[i],
				rpm: log.rpm.v[i],
				forceN: log.forceN.v[i],
				speedKmh: log.speedKmh.v[i]
			});
		const live = acc.finish();
		const batch = computeForceDyno(log, settings);
		expectSameCurve(live, batch);
		expect(live.meta.source).toBe('live');
		expect(Math.abs(worstError(live.rpm, live.torqueNm, wheel, 2700, 6300).error)).toBeLessThan(
			0.01
		);

		const byGear = new DynoAccumulator({
			source: 'force',
			profile: HATCH,
			gear: 4,
			correction: 'none',
			conditions
		});
		for (let i = 0; i < t.length; i++) byGear.push({ tUs: t[i], rpm: rpm[i], forceN: force[i] });
		const geared = byGear.finish();
		expect(Math.abs(worstError(geared.rpm, geared.torqueNm, wheel, 2700, 6300).error)).toBeLessThan(
			0.01
		);
	});

	it('skips samples with a missing field and refuses time running backwards', () => {
		const acc = new DynoAccumulator({ source: 'kinematic', profile: HATCH, gear: 3 });
		acc.push({ tUs: 0, rpm: 2000 });
		acc.push({ tUs: 10_000, rpm: NaN });
		expect(() => acc.push({ tUs: -5, rpm: 2000 })).toThrow(/time runs backwards/);
	});

	it('says what a live run is missing when constructed', () => {
		expect(() => new DynoAccumulator({ source: 'rolling' as never })).toThrow(TypeError);
		expect(() => new DynoAccumulator({ source: 'kinematic', profile: HATCH })).toThrow(
			/gear or overallRatio/
		);
		expect(() => new DynoAccumulator({ source: 'force' })).toThrow(/withSpeed/);
		expect(() => new DynoAccumulator({ source: 'force', withSpeed: true, windowS: -1 })).toThrow(
			/windowS/
		);
	});
});
