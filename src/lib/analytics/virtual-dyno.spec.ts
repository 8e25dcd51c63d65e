import { describe, expect, it } from 'vitest';
import { correctionFactor } from './air-correction';
import { curvePeaks } from './dyno-curve';
import { HATCH, TURBO_TORQUE, channel, worstError } from './dyno-fixtures.test-helper';
import { AnalyticsInputError } from './errors';
import { syntheticPull } from './synthetic-pull.test-helper';
import { computeVirtualDyno } from './virtual-dyno';

const wheelTorque = (rpm: number) => TURBO_TORQUE(rpm) * 0.9;

function run(seed: number, extra: Parameters<typeof computeVirtualDyno>[2] = {}) {
	const pull = syntheticPull({ profile: HATCH, gear: 3, torqueNm: TURBO_TORQUE, seed });
	const curve = computeVirtualDyno(
		{ rpm: pull.rpm, iatC: pull.iatC, baroKpa: pull.baroKpa, humidityPct: pull.humidityPct },
		HATCH,
		{ gear: 3, startUs: pull.wotStartUs, endUs: pull.wotEndUs, ...extra }
	);
	return { pull, curve };
}

describe('computeVirtualDyno', () => {
	it.each([{ seed: 1 }, { seed: 2 }, { seed: 3 }, { seed: 4 }])(
		'recovers a known torque curve within 2 per cent from 2500 to 6500 rpm (50 Hz rpm, 5 rpm noise, seed $seed)',
		({ seed }) => {
			const { curve } = run(seed);
			const w = worstError(curve.rpm, curve.torqueNm, wheelTorque, 2500, 6500);
			expect(w.points).toBe(81);
			expect(Math.abs(w.error)).toBeLessThan(0.02);
			expect(curve.meta).toMatchObject({
				source: 'virtual',
				basis: 'wheel',
				gear: 3,
				ratioSource: 'gear'
			});
		}
	);

	it('keeps the torque and power peaks where the engine has them: the smoothing is zero-phase', () => {
		const pull = syntheticPull({ profile: HATCH, gear: 3, torqueNm: TURBO_TORQUE, rpmNoise: 0 });
		const curve = computeVirtualDyno({ rpm: pull.rpm }, HATCH, {
			gear: 3,
			startUs: pull.wotStartUs,
			endUs: pull.wotEndUs
		});
		let truePowerRpm = 0;
		for (let r = 2500; r <= 6900; r += 10)
			if (wheelTorque(r) * r > wheelTorque(truePowerRpm) * truePowerRpm) truePowerRpm = r;
		const peaks = curvePeaks(curve);
		expect(Math.abs(peaks.torqueRpm - 4300)).toBeLessThanOrEqual(25);
		// The power peak is flat (±0.1 % over ±150 rpm), so one 50 rpm bin is the resolution.
		expect(Math.abs(peaks.powerRpm - truePowerRpm)).toBeLessThanOrEqual(50);
	});

	it('finds peak power and torque within 1 % in a noisy pull', () => {
		const { curve } = run(7);
		const peaks = curvePeaks(curve);
		let truePeak = 0;
		for (let r = 2500; r <= 6900; r += 10)
			truePeak = Math.max(truePeak, (wheelTorque(r) * r) / 9549.3);
		expect(Math.abs(peaks.powerKw / truePeak - 1)).toBeLessThan(0.01);
		expect(Math.abs(peaks.torqueNm / wheelTorque(4300) - 1)).toBeLessThan(0.01);
	});

	it('gives power and torque consistent with P = T·ω at every rpm', () => {
		const { curve } = run(1);
		for (let i = 0; i < curve.rpm.length; i++)
			expect(curve.powerKw[i]).toBeCloseTo(
				(curve.torqueNm[i] * curve.rpm[i] * 2 * Math.PI) / 60_000,
				9
			);
	});

	it('recognises the gear from rpm and speed logged in whole km/h when no gear is given', () => {
		const pull = syntheticPull({ profile: HATCH, gear: 3, torqueNm: TURBO_TORQUE, seed: 2 });
		const curve = computeVirtualDyno({ rpm: pull.rpm, speedKmh: pull.speedKmh }, HATCH, {
			startUs: pull.wotStartUs,
			endUs: pull.wotEndUs
		});
		expect(curve.meta).toMatchObject({ gear: 3, ratioSource: 'gear' });
		expect(curve.meta.overallRatio).toBeCloseTo(1.761 * 3.9, 9);
	});

	it('works from whole-km/h vehicle speed alone, within 4 %, when rpm is not logged', () => {
		const pull = syntheticPull({ profile: HATCH, gear: 3, torqueNm: TURBO_TORQUE, seed: 3 });
		const curve = computeVirtualDyno({ speedKmh: pull.speedKmh }, HATCH, {
			gear: 3,
			startUs: pull.wotStartUs,
			endUs: pull.wotEndUs
		});
		const w = worstError(curve.rpm, curve.torqueNm, wheelTorque, 2800, 6500);
		expect(Math.abs(w.error)).toBeLessThan(0.04);
	});

	it('corrects a hot, high-altitude, humid pull back to the same SAE J1349 curve', () => {
		const conditions = { tempC: 35, baroKpa: 88, humidityPct: 40 };
		const pull = syntheticPull({
			profile: HATCH,
			gear: 3,
			torqueNm: TURBO_TORQUE,
			seed: 5,
			conditions
		});
		const log = {
			rpm: pull.rpm,
			iatC: pull.iatC,
			baroKpa: pull.baroKpa,
			humidityPct: pull.humidityPct
		};
		const span = { gear: 3, startUs: pull.wotStartUs, endUs: pull.wotEndUs };
		const sae = computeVirtualDyno(log, HATCH, span);
		expect(sae.correction.factor).toBeCloseTo(correctionFactor('sae-j1349', conditions), 3);
		expect(sae.correction.factor).toBeGreaterThan(1.1);
		expect(sae.correction.assumed).toEqual([]);
		expect(Math.abs(worstError(sae.rpm, sae.torqueNm, wheelTorque, 2500, 6500).error)).toBeLessThan(
			0.02
		);
		const raw = computeVirtualDyno(log, HATCH, { ...span, correction: 'none' });
		expect(raw.correction.factor).toBe(1);
		expect(raw.torqueNm[40] * sae.correction.factor).toBeCloseTo(sae.torqueNm[40], 6);
		const din = computeVirtualDyno(log, HATCH, { ...span, correction: 'din-70020' });
		expect(din.torqueNm[40] / raw.torqueNm[40]).toBeCloseTo(
			correctionFactor('din-70020', conditions),
			3
		);
	});

	it('prefers logged ambient temperature over intake air temperature', () => {
		const pull = syntheticPull({ profile: HATCH, gear: 3, torqueNm: TURBO_TORQUE, seed: 1 });
		const hotIat = channel([0, 20e6], [60, 60]);
		const ambient = channel([0, 20e6], [10, 10]);
		const span = { gear: 3, startUs: pull.wotStartUs, endUs: pull.wotEndUs };
		const curve = computeVirtualDyno(
			{ rpm: pull.rpm, iatC: hotIat, ambientTempC: ambient },
			HATCH,
			span
		);
		expect(curve.correction.conditions?.tempC).toBe(10);
		expect(curve.correction.assumed).toEqual(['baroKpa', 'humidityPct']);
	});

	it('documents the defaults it assumed when no air conditions are logged', () => {
		const { curve } = run(1, {});
		const bare = computeVirtualDyno(
			{ rpm: syntheticPull({ profile: HATCH, gear: 3, torqueNm: TURBO_TORQUE }).rpm },
			HATCH,
			{
				gear: 3,
				startUs: curve.meta.startUs,
				endUs: curve.meta.endUs
			}
		);
		expect(bare.correction).toMatchObject({
			standard: 'sae-j1349',
			conditions: { tempC: 25, baroKpa: 101.325, humidityPct: 0 },
			assumed: ['tempC', 'baroKpa', 'humidityPct']
		});
	});

	it('reports crank figures through the drivetrain loss, and refuses them without one', () => {
		const { curve: wheel } = run(1);
		const { curve: crank } = run(1, { basis: 'crank' });
		expect(crank.meta.basis).toBe('crank');
		expect(crank.torqueNm[30] * 0.9).toBeCloseTo(wheel.torqueNm[30], 6);
		const pull = syntheticPull({ profile: HATCH, gear: 3, torqueNm: TURBO_TORQUE });
		expect(() =>
			computeVirtualDyno(
				{ rpm: pull.rpm },
				{ ...HATCH, drivetrainLoss: undefined },
				{ gear: 3, basis: 'crank' }
			)
		).toThrow(TypeError);
	});

	it('rejects logs it cannot use with an error naming the input', () => {
		const rpm = channel([0, 1e5, 2e5, 3e5, 4e5, 5e5], [2000, 2100, 2200, 2300, 2400, 2500]);
		expect(() => computeVirtualDyno({}, HATCH, { gear: 3 })).toThrow(AnalyticsInputError);
		const backwards = channel([0, 2e5, 1e5], [2000, 2100, 2200]);
		expect(() => computeVirtualDyno({ rpm: backwards }, HATCH, { gear: 3 })).toThrow(
			/rpm: time runs backwards at sample 2/
		);
		expect(() =>
			computeVirtualDyno({ rpm: channel([0, 1e5], [2000, 2100]) }, HATCH, { gear: 3 })
		).toThrow(/at least 5/);
		expect(() => computeVirtualDyno({ rpm }, HATCH)).toThrow(/give the gear/);
		expect(() => computeVirtualDyno({ rpm }, HATCH, { gear: 9 })).toThrow(TypeError);
		expect(() => computeVirtualDyno({ rpm }, { ...HATCH, massKg: -1 }, { gear: 3 })).toThrow(
			/massKg/
		);
		expect(() => computeVirtualDyno({ rpm }, HATCH, { gear: 3, startUs: 5e5, endUs: 1e5 })).toThrow(
			AnalyticsInputError
		);
	});
});
