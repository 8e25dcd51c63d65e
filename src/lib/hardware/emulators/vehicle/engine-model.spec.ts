import { describe, expect, it } from 'vitest';
import { EngineModel, type DriverInputs } from './engine-model';
import { ScenarioPlayer } from './scenario-player';
import { SCENARIOS, type Scenario } from './scenarios';

function run(model: EngineModel, player: ScenarioPlayer, seconds: number, each?: () => void): void {
	const steps = Math.round(seconds / model.dt);
	for (let i = 0; i < steps; i++) {
		model.step(player.inputs(model.state.timeS + model.dt, model.dt, model.state));
		each?.();
	}
}

const coldCruise: Scenario = {
	...SCENARIOS.cruise,
	name: 'cold-cruise',
	initial: { gear: 6, speedKmh: 100, throttle: 18, coolantC: 20, oilC: 20 }
};

describe('EngineModel', () => {
	it('warms a cold engine at cruise and the thermostat then holds coolant near 90 °C, oil following', () => {
		const model = new EngineModel({ initial: coldCruise.initial });
		const player = new ScenarioPlayer(coldCruise);
		run(model, player, 120);
		const afterTwoMinutes = model.state.coolantC;
		expect(afterTwoMinutes).toBeGreaterThan(35);
		expect(afterTwoMinutes).toBeLessThan(80);
		run(model, player, 300);
		expect(model.state.coolantC).toBeGreaterThan(84);
		expect(model.state.coolantC).toBeLessThan(94);
		expect(model.state.oilC).toBeGreaterThan(70);
		expect(model.state.oilC).toBeLessThan(model.state.coolantC + 15);
	});

	it('fast-idles a cold engine and comes down as it warms', () => {
		const idle: Scenario = { ...SCENARIOS.idle, initial: { coolantC: 10 } };
		const model = new EngineModel({ initial: idle.initial });
		run(model, new ScenarioPlayer(idle), 5);
		expect(model.state.rpm).toBeGreaterThan(1050);
		const warm = new EngineModel({});
		run(warm, new ScenarioPlayer(SCENARIOS.idle), 5);
		expect(Math.abs(warm.state.rpm - 850)).toBeLessThan(50);
	});

	it('knocks only occasionally on a healthy pull, across seeds', () => {
		for (const seed of [1, 2, 3, 4, 5]) {
			const model = new EngineModel({ seed, initial: SCENARIOS['wot-pull-3rd'].initial });
			run(model, new ScenarioPlayer(SCENARIOS['wot-pull-3rd']), 8.5);
			expect(model.state.knockCount).toBeLessThan(8);
		}
	});

	it('recovers knock retard after an event at 1.5 °/s', () => {
		const model = new EngineModel({
			seed: 9,
			initial: SCENARIOS.overboost.initial,
			faults: SCENARIOS.overboost.faults
		});
		const player = new ScenarioPlayer(SCENARIOS.overboost);
		let peak = 0;
		let peakAt = 0;
		run(model, player, 8.5, () => {
			if (model.state.knockRetardMax > peak) {
				peak = model.state.knockRetardMax;
				peakAt = model.state.timeS;
			}
		});
		expect(peak).toBeGreaterThanOrEqual(2);
		const hold: DriverInputs = { throttle: 0, gear: 3, clutch: 1, brake: 0 };
		const before = model.state.knockRetardMax;
		for (let i = 0; i < 1000; i++) model.step(hold);
		expect(model.state.knockRetardMax).toBeCloseTo(Math.max(0, before - 1.5), 1);
		expect(peakAt).toBeGreaterThan(1);
	});

	it('stalls when lugged to a stop in gear and restarts once the clutch is down', () => {
		const model = new EngineModel({ initial: { gear: 6, speedKmh: 30 } });
		for (let i = 0; i < 5000; i++) model.step({ throttle: 0, gear: 6, clutch: 1, brake: 1 });
		expect(model.state.rpm).toBeLessThan(50);
		expect(model.state.injectorPwMs).toBe(0);
		for (let i = 0; i < 5000; i++) model.step({ throttle: 0, gear: 6, clutch: 0, brake: 1 });
		expect(Math.abs(model.state.rpm - 850)).toBeLessThan(150);
	});

	it('produces identical states for the same seed', () => {
		const a = new EngineModel({ seed: 7 });
		const b = new EngineModel({ seed: 7 });
		for (let i = 0; i < 2000; i++) {
			a.step({ throttle: 20, gear: 0, clutch: 1, brake: 0 });
			b.step({ throttle: 20, gear: 0, clutch: 1, brake: 0 });
		}
		expect(b.state).toEqual(a.state);
	});

	it('rejects a step size it cannot integrate stably', () => {
		expect(() => new EngineModel({ dt: 0.01 })).toThrow(TypeError);
		expect(() => new EngineModel({ dt: 0 })).toThrow(TypeError);
	});
});
