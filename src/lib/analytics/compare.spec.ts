import { describe, expect, it } from 'vitest';
import { Prng } from '../hardware/emulators/vehicle/prng';
import { compareByRpm, compareCurves, deltaByTime, estimateOffset } from './compare';
import { curveFromPoints, powerFromTorque } from './dyno-curve';
import { HATCH, TURBO_TORQUE, channel } from './dyno-fixtures.test-helper';
import { AnalyticsInputError } from './errors';
import { syntheticPull } from './synthetic-pull.test-helper';
import { computeVirtualDyno } from './virtual-dyno';

function importedRun(from: number, to: number, torque: (rpm: number) => number) {
	const points = [];
	for (let rpm = from; rpm <= to; rpm += 100)
		points.push({ rpm, torqueNm: torque(rpm), powerKw: powerFromTorque(torque(rpm), rpm) });
	return curveFromPoints(points, { basis: 'wheel', vendor: 'Dynojet' });
}

describe('compareCurves', () => {
	it('gives after − before on the rpm range both runs cover', () => {
		const before = importedRun(2000, 7000, TURBO_TORQUE);
		const after = importedRun(2500, 7200, (r) => TURBO_TORQUE(r) + (r >= 4000 ? 20 : 0));
		const c = compareCurves(before, after);
		expect(c.rpm[0]).toBe(2500);
		expect(c.rpm[c.rpm.length - 1]).toBe(7000);
		const at = (r: number) => c.rpm.indexOf(r);
		expect(c.deltaTorqueNm[at(3000)]).toBeCloseTo(0, 9);
		expect(c.deltaTorqueNm[at(5000)]).toBeCloseTo(20, 9);
		expect(c.deltaTorquePct[at(5000)]).toBeCloseTo(2000 / TURBO_TORQUE(5000), 9);
		expect(c.deltaPowerKw[at(5000)]).toBeCloseTo(powerFromTorque(20, 5000), 9);
		expect(c.comparable).toBe(true);
	});

	it('overlays an imported Dynojet run on a virtual run and says the corrections differ', () => {
		const pull = syntheticPull({ profile: HATCH, gear: 3, torqueNm: TURBO_TORQUE, rpmNoise: 0 });
		const virtual = computeVirtualDyno({ rpm: pull.rpm }, HATCH, {
			gear: 3,
			startUs: pull.wotStartUs,
			endUs: pull.wotEndUs
		});
		const imported = importedRun(2000, 7000, (r) => TURBO_TORQUE(r) * 0.9);
		const c = compareCurves(imported, virtual);
		expect(c.comparable).toBe(false);
		const i = c.rpm.indexOf(4500);
		expect(Math.abs(c.deltaTorquePct[i])).toBeLessThan(1);
	});

	it('refuses runs that share no rpm', () => {
		expect(() =>
			compareCurves(importedRun(2000, 3000, TURBO_TORQUE), importedRun(4000, 6000, TURBO_TORQUE))
		).toThrow(AnalyticsInputError);
	});
});

describe('compareByRpm', () => {
	it('shows where a tune change moved AFR, bin by bin', () => {
		const rng = new Prng(1);
		const t = Array.from({ length: 3000 }, (_, i) => i * 2000);
		const rpm = channel(
			t,
			t.map((x) => 2000 + x / 1200)
		);
		const before = channel(
			t,
			t.map(() => 12 + 0.05 * rng.gaussian())
		);
		const after = channel(
			t,
			t.map((x) => 12 - (2000 + x / 1200 >= 5000 ? 0.5 : 0) + 0.05 * rng.gaussian())
		);
		const c = compareByRpm({ rpm, value: before }, { rpm, value: after }, { step: 250 });
		expect(c.delta[c.rpm.indexOf(3000)]).toBeCloseTo(0, 1);
		expect(c.delta[c.rpm.indexOf(6000)]).toBeCloseTo(-0.5, 1);
	});
});

describe('estimateOffset and deltaByTime', () => {
	it('finds how much later the same manoeuvre happens in the second log', () => {
		const rng = new Prng(2);
		const signal = (s: number) => Math.sin(s * 0.7) * 1000 + Math.sin(s * 2.3) * 300 + 3000;
		const ta = Array.from({ length: 600 }, (_, i) => i * 50_000);
		const a = channel(
			ta,
			ta.map((x) => signal(x / 1e6) + rng.gaussian() * 20)
		);
		const tb = Array.from({ length: 900 }, (_, i) => 3_000_000 + i * 33_333);
		const a2b = 4_321_000; // b(t + 4.321 s) = a(t)
		const b = channel(
			tb,
			tb.map((x) => signal((x - a2b) / 1e6) + rng.gaussian() * 20 + 50)
		);
		const off = estimateOffset(a, b);
		expect(Math.abs(off.offsetUs - a2b)).toBeLessThan(5_000);
		expect(off.correlation).toBeGreaterThan(0.99);
		const d = deltaByTime(a, b, { offsetUs: off.offsetUs });
		const mean = d.delta.reduce((s, x) => s + x, 0) / d.delta.length;
		expect(Math.abs(mean - 50)).toBeLessThan(3);
		expect(d.t[0]).toBeGreaterThanOrEqual(0);
	});

	it('aligns two recorded pulls on their rpm traces', () => {
		const p1 = syntheticPull({ profile: HATCH, gear: 3, torqueNm: TURBO_TORQUE, seed: 1 });
		const p2 = syntheticPull({
			profile: HATCH,
			gear: 3,
			torqueNm: TURBO_TORQUE,
			seed: 2,
			cruiseS: 3.5
		});
		const off = estimateOffset(p1.rpm, p2.rpm);
		expect(Math.abs(off.offsetUs - 1_500_000)).toBeLessThan(20_000);
	});

	it('refuses logs that cannot overlap', () => {
		const a = channel([0, 1e6, 2e6], [1, 2, 3]);
		expect(() => deltaByTime(a, a, { offsetUs: 5e6 })).toThrow(AnalyticsInputError);
		expect(() => estimateOffset(a, a, { maxLagUs: 1, dtUs: 1e6, minOverlap: 1 })).not.toThrow();
	});
});
