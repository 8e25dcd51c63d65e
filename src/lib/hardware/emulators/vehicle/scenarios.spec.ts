import { describe, expect, it } from 'vitest';
import { CAR, RPM_PER_RAD_S, overallRatio } from './car-spec';
import type { VehicleState } from './engine-model';
import { InvalidScenarioError, ScenarioPlayer } from './scenario-player';
import { SCENARIOS, type Scenario, type ScenarioName } from './scenarios';
import { SimulatedVehicle } from './simulated-vehicle';

type Sample = Omit<VehicleState, 'knockRetard'>;

/** Drive a scenario and keep a copy of the ECU's values every 10 ms. */
function drive(scenario: ScenarioName | Scenario, seconds: number, seed = 1): Sample[] {
	const vehicle = new SimulatedVehicle({ scenario, seed });
	const samples: Sample[] = [];
	for (let t = 10_000; t <= seconds * 1e6; t += 10_000) {
		vehicle.poll(t);
		samples.push({ ...vehicle.state });
	}
	return samples;
}

const between = (samples: Sample[], from: number, to: number) =>
	samples.filter((s) => s.timeS >= from && s.timeS <= to);

/** Centred moving average over `n` samples. */
function smooth(values: number[], n: number): number[] {
	return values
		.slice(n, -n)
		.map((_, i) => values.slice(i, i + 2 * n + 1).reduce((a, b) => a + b) / (2 * n + 1));
}

const pull = drive('wot-pull-3rd', 12);
const limiterAt = pull.find((s) => s.rpm >= CAR.revLimitRpm - 100)!.timeS;
/** Under boost and making power: the limiter's fuel cuts (and the wideband's lag after them) excluded. */
const onBoost = (s: Sample) => s.mapKpa > 180 && s.timeS > 2.5 && s.timeS < limiterAt;

describe('idle', () => {
	const idle = drive('idle', 12);

	it('holds 850 rpm ± 50 in neutral once settled', () => {
		for (const s of between(idle, 2, 12)) expect(Math.abs(s.rpm - 850)).toBeLessThan(50);
	});

	it('idles in vacuum at stoichiometric with short pulses, a steady charge and no knock', () => {
		for (const s of between(idle, 2, 12)) {
			expect(s.mapKpa).toBeGreaterThan(25);
			expect(s.mapKpa).toBeLessThan(45);
			expect(Math.abs(s.lambda - 1)).toBeLessThan(0.03);
			expect(s.injectorPwMs).toBeGreaterThan(1);
			expect(s.injectorPwMs).toBeLessThan(3);
			expect(Math.abs(s.batteryV - 14.1)).toBeLessThan(0.3);
			expect(s.knockRetardMax).toBe(0);
		}
	});
});

describe('wot-pull-3rd', () => {
	const wot = pull.filter((s) => s.throttle > 95 && s.timeS < 8.5);

	it('starts near 2500 rpm in 3rd', () => {
		expect(wot[0].gear).toBe(3);
		expect(wot[0].rpm).toBeGreaterThan(2350);
		expect(wot[0].rpm).toBeLessThan(2700);
	});

	it('raises rpm monotonically (after smoothing) to the limiter before the lift', () => {
		const rising = smooth(
			between(pull, 1.1, limiterAt).map((s) => s.rpm),
			5
		);
		for (let i = 1; i < rising.length; i++) expect(rising[i]).toBeGreaterThanOrEqual(rising[i - 1]);
		expect(limiterAt).toBeLessThan(8.5);
		const onLimiter = between(pull, limiterAt, 8.5);
		expect(Math.max(...onLimiter.map((s) => s.rpm))).toBeGreaterThanOrEqual(CAR.revLimitRpm - 20);
		expect(Math.max(...onLimiter.map((s) => s.rpm))).toBeLessThan(CAR.revLimitRpm + 50);
		expect(onLimiter.some((s) => s.revLimiter)).toBe(true);
	});

	it('moves the car at the speed 3rd gear and the tyres dictate for the rpm', () => {
		for (const s of between(pull, 0.5, 8)) {
			const expected = (s.rpm / RPM_PER_RAD_S / overallRatio(3)) * CAR.tyreRadius * 3.6;
			expect(Math.abs(s.speedKmh - expected)).toBeLessThan(0.5);
		}
		expect(pull.at(-1)!.speedKmh).toBeGreaterThan(100);
	});

	it('builds boost with turbo lag and then holds the target', () => {
		const tipIn = between(pull, 1.15, 1.25);
		for (const s of tipIn) expect(s.boostKpa).toBeLessThan(0.5 * s.boostTargetKpa);
		const held = between(pull, 3, limiterAt - 0.2);
		for (const s of held) {
			expect(s.boostTargetKpa).toBeGreaterThan(110);
			expect(Math.abs(s.boostKpa - s.boostTargetKpa)).toBeLessThan(10);
		}
		const peak = Math.max(...between(pull, 1, 4).map((s) => s.boostKpa - s.boostTargetKpa));
		expect(peak).toBeLessThan(15);
	});

	it('runs rich under boost and at stoichiometric before the stab', () => {
		const boosted = pull.filter(onBoost);
		expect(boosted.length).toBeGreaterThan(300);
		for (const s of boosted) {
			expect(s.lambda).toBeGreaterThan(0.76);
			expect(s.lambda).toBeLessThan(0.84);
		}
		for (const s of between(pull, 0.3, 1)) expect(Math.abs(s.lambda - 1)).toBeLessThan(0.03);
	});

	it('leans out briefly on the tip-in before enrichment catches up', () => {
		const tipIn = between(pull, 1, 1.3);
		expect(Math.max(...tipIn.map((s) => s.lambda / s.lambdaTarget))).toBeGreaterThan(1.04);
	});

	it('heats the exhaust to 850–950 °C by the top of the pull and warms the intake charge', () => {
		const top = between(pull, limiterAt - 0.3, limiterAt);
		for (const s of top) {
			expect(s.egtC).toBeGreaterThan(830);
			expect(s.egtC).toBeLessThan(950);
		}
		expect(top[0].iatC - between(pull, 0.9, 1)[0].iatC).toBeGreaterThan(8);
	});

	it('cuts fuel on the overrun after the lift, and the wideband reads air', () => {
		const overrun = between(pull, 9.5, 11);
		for (const s of overrun) {
			expect(s.fuelCut).toBe(true);
			expect(s.injectorPwMs).toBe(0);
			expect(s.lambda).toBeGreaterThan(1.9);
		}
	});
});

describe('cruise', () => {
	const cruise = drive('cruise', 60);

	it('holds 100 km/h ± 2 in 6th at light load', () => {
		for (const s of between(cruise, 5, 60)) {
			expect(s.gear).toBe(6);
			expect(Math.abs(s.speedKmh - 100)).toBeLessThan(2);
			expect(s.mapKpa).toBeLessThan(95);
			expect(Math.abs(s.lambda - 1)).toBeLessThan(0.03);
			expect(s.knockRetardMax).toBe(0);
		}
		expect(Math.abs(cruise.at(-1)!.rpm - 2450)).toBeLessThan(100);
	});
});

describe('fault scenarios', () => {
	it('lean-pull: lambda rises past 0.95 under boost where the healthy pull stays rich', () => {
		const lean = drive('lean-pull', 8.4);
		expect(Math.max(...lean.filter(onBoost).map((s) => s.lambda))).toBeGreaterThan(0.95);
		expect(Math.max(...pull.filter(onBoost).map((s) => s.lambda))).toBeLessThan(0.85);
	});

	it('overboost: a stuck wastegate drives boost far past its target', () => {
		const over = drive('overboost', 7);
		const worst = Math.max(...over.map((s) => s.boostKpa - s.boostTargetKpa));
		expect(worst).toBeGreaterThan(60);
		expect(over.some((s) => s.knockRetardMax > 0)).toBe(true);
	});

	it('overheat: coolant climbs past 110 °C within two minutes', () => {
		const hot = drive('overheat', 120);
		expect(hot[0].coolantC).toBeLessThan(95);
		expect(hot.at(-1)!.coolantC).toBeGreaterThan(110);
		expect(hot.at(-1)!.oilC).toBeGreaterThan(100);
	});
});

describe('demo', () => {
	it('loops idle → pull → cruise → stop forever, so the gauges always move', () => {
		const demo = drive('demo', 150);
		for (const lap of [0, 70]) {
			expect(
				between(demo, lap + 2, lap + 3).every((s) => s.gear === 0 && Math.abs(s.rpm - 850) < 60)
			).toBe(true);
			expect(Math.max(...between(demo, lap, lap + 25).map((s) => s.rpm))).toBeGreaterThan(6900);
			const cruising = between(demo, lap + 42, lap + 50);
			expect(cruising.every((s) => s.gear === 6 && Math.abs(s.speedKmh - 100) < 3)).toBe(true);
			expect(between(demo, lap + 65, lap + 69).every((s) => s.speedKmh === 0 && s.rpm > 750)).toBe(
				true
			);
		}
	});
});

describe('ScenarioPlayer', () => {
	const state = drive('idle', 0.01)[0] as VehicleState;

	it('interpolates pedals between keyframes and holds the gear until the next one', () => {
		const player = new ScenarioPlayer({
			name: 'ramp',
			description: '',
			durationS: 10,
			keyframes: [
				{ t: 0, throttle: 0, gear: 1, clutch: 0, brake: 0.5 },
				{ t: 2, throttle: 50, gear: 2, clutch: 1 },
				{ t: 4, brake: 0 }
			]
		});
		expect(player.inputs(1, 0.001, state)).toEqual({
			throttle: 25,
			gear: 1,
			clutch: 0.5,
			brake: 0.375
		});
		expect(player.inputs(3, 0.001, state)).toEqual({
			throttle: 50,
			gear: 2,
			clutch: 1,
			brake: 0.125
		});
		expect(player.inputs(99, 0.001, state)).toEqual({ throttle: 50, gear: 2, clutch: 1, brake: 0 });
	});

	it('wraps time in a looping scenario', () => {
		const player = new ScenarioPlayer(SCENARIOS.demo);
		expect(player.scenarioTime(75)).toBeCloseTo(5, 9);
	});

	it('rejects keyframes out of order or out of range with InvalidScenarioError', () => {
		const base = { name: 'bad', description: '', durationS: 5 };
		expect(() => new ScenarioPlayer({ ...base, keyframes: [{ t: 1 }, { t: 0 }] })).toThrow(
			InvalidScenarioError
		);
		expect(() => new ScenarioPlayer({ ...base, keyframes: [{ t: 0, throttle: 120 }] })).toThrow(
			/throttle=120/
		);
		expect(() => new ScenarioPlayer({ ...base, keyframes: [{ t: 0, gear: 2.5 }] })).toThrow(
			InvalidScenarioError
		);
		expect(() => new ScenarioPlayer({ ...base, keyframes: [] })).toThrow(InvalidScenarioError);
		expect(() => new ScenarioPlayer({ ...base, durationS: 0, keyframes: [{ t: 0 }] })).toThrow(
			InvalidScenarioError
		);
	});
});
