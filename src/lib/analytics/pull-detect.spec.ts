import { describe, expect, it } from 'vitest';
import { HATCH, TURBO_TORQUE, channel, concat } from './dyno-fixtures.test-helper';
import { AnalyticsInputError } from './errors';
import { detectPulls } from './pull-detect';
import { syntheticPull } from './synthetic-pull.test-helper';
import { computeVirtualDyno } from './virtual-dyno';

const pull3 = syntheticPull({ profile: HATCH, gear: 3, torqueNm: TURBO_TORQUE, seed: 1 });

describe('detectPulls', () => {
	it('finds the full-throttle pull of a drive and names its gear', () => {
		const found = detectPulls(
			{ rpm: pull3.rpm, tps: pull3.tps, speedKmh: pull3.speedKmh },
			{ profile: HATCH }
		);
		expect(found).toHaveLength(1);
		const [p] = found;
		expect(p.startUs).toBeGreaterThanOrEqual(pull3.wotStartUs);
		expect(p.startUs - pull3.wotStartUs).toBeLessThan(300_000);
		expect(Math.abs(p.endUs - pull3.wotEndUs)).toBeLessThan(200_000);
		expect(p.gear).toBe(3);
		expect(p.rpmPerKmh).toBeGreaterThan(54);
		expect(p.rpmPerKmh).toBeLessThan(60);
		expect(p.rpmStart).toBeLessThan(2200);
		expect(p.rpmEnd).toBeGreaterThan(6800);
	});

	it('finds one pull per gear in a 2nd-then-3rd-gear run', () => {
		const pull2 = syntheticPull({ profile: HATCH, gear: 2, torqueNm: TURBO_TORQUE, seed: 2 });
		const offset = pull2.rpm.t[pull2.rpm.t.length - 1] + 50_000;
		const found = detectPulls(
			{
				rpm: concat(pull2.rpm, pull3.rpm, offset),
				tps: concat(pull2.tps, pull3.tps, offset),
				speedKmh: concat(pull2.speedKmh, pull3.speedKmh, offset)
			},
			{ profile: HATCH }
		);
		expect(found.map((p) => p.gear)).toEqual([2, 3]);
		expect(found[1].startUs).toBeGreaterThan(offset);
	});

	it('gives a segment the dyno turns into the known curve without being told the gear', () => {
		const log = { rpm: pull3.rpm, tps: pull3.tps, speedKmh: pull3.speedKmh };
		const [p] = detectPulls(log, { profile: HATCH });
		const curve = computeVirtualDyno(log, HATCH, { startUs: p.startUs, endUs: p.endUs });
		expect(curve.meta.gear).toBe(3);
		const i = curve.rpm.indexOf(4300);
		expect(Math.abs(curve.torqueNm[i] / (TURBO_TORQUE(4300) * 0.9) - 1)).toBeLessThan(0.02);
	});

	it('ignores part-throttle acceleration', () => {
		const tps = channel(
			pull3.tps.t,
			pull3.tps.v.map((x) => Math.min(x, 60))
		);
		expect(detectPulls({ rpm: pull3.rpm, tps, speedKmh: pull3.speedKmh })).toEqual([]);
	});

	it('ignores a full-throttle blip too short in rpm to be a pull', () => {
		const blip = syntheticPull({ profile: HATCH, gear: 3, torqueNm: TURBO_TORQUE, endRpm: 3200 });
		expect(detectPulls({ rpm: blip.rpm, tps: blip.tps })).toEqual([]);
	});

	it('finds a pull without speed, without naming a gear', () => {
		const [p, ...rest] = detectPulls({ rpm: pull3.rpm, tps: pull3.tps }, { profile: HATCH });
		expect(rest).toEqual([]);
		expect(p.gear).toBeUndefined();
		expect(p.rpmPerKmh).toBeUndefined();
	});

	it('trims a slipping clutch off the start of a pull', () => {
		// For the first second of full throttle the car gains speed more slowly than the engine revs.
		const slipEnd = pull3.wotStartUs + 1_000_000;
		const speed = channel(
			pull3.speedKmh.t,
			Array.from(pull3.speedKmh.v, (x, i) => {
				const t = pull3.speedKmh.t[i];
				if (t < pull3.wotStartUs || t >= slipEnd) return x;
				return Math.round(x * (0.75 + (0.25 * (t - pull3.wotStartUs)) / 1_000_000));
			})
		);
		const [p] = detectPulls(
			{ rpm: pull3.rpm, tps: pull3.tps, speedKmh: speed },
			{ profile: HATCH }
		);
		expect(p.startUs).toBeGreaterThan(slipEnd - 400_000);
		expect(p.gear).toBe(3);
	});

	it('rejects malformed channels and options', () => {
		expect(() => detectPulls({ rpm: channel([2, 1], [1, 1]), tps: pull3.tps })).toThrow(
			AnalyticsInputError
		);
		expect(() => detectPulls({ rpm: pull3.rpm, tps: pull3.tps }, { tpsMin: -1 })).toThrow(/tpsMin/);
	});
});
