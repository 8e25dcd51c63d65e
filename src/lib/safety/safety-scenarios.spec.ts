import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SimulatedVehicle } from '../hardware/emulators/vehicle/simulated-vehicle';
import type { ScenarioName } from '../hardware/emulators/vehicle/scenarios';
import { compileDbc, parseDbc } from '../hardware/protocol/dbc';
import { turboPetrolProfile } from './default-profiles';
import { SafetyEngine } from './safety-engine';
import type { SafetyVerdict } from './verdict';

const dbc = compileDbc(
	parseDbc(
		readFileSync(
			fileURLToPath(new URL('../hardware/emulators/vehicle/simulated-car.dbc', import.meta.url)),
			'latin1'
		)
	)
);

/** Drives the simulated car through a scenario, decoding every frame into the engine as the worker does. */
function drive(scenario: ScenarioName, seconds: number, seed = 1): SafetyVerdict[] {
	const verdicts: SafetyVerdict[] = [];
	const engine = new SafetyEngine({
		profile: turboPetrolProfile,
		channels: dbc.signals.map((s) => s.name),
		onVerdict: (v) => verdicts.push(v)
	});
	const car = new SimulatedVehicle({ scenario, seed });
	const out = new Float64Array(dbc.signals.length);
	for (let step = 1; step <= seconds * 10; step++) {
		for (const frame of car.poll(step * 100_000)) {
			const message = dbc.message(frame.id, frame.extended);
			if (!message?.decodeInto(frame.data, out)) continue;
			const indexes = message.signalIndexes;
			for (let k = 0; k < indexes.length; k++)
				engine.sample(indexes[k], out[indexes[k]], frame.timestampUs);
		}
	}
	return verdicts;
}

const firstCritical = (verdicts: SafetyVerdict[], ruleId: string) =>
	verdicts.find((v) => v.ruleId === ruleId && v.level === 'critical');

describe('turbo petrol profile on the simulated car', () => {
	it('calls overboost critical early in the pull with the boost-cut command', () => {
		const verdicts = drive('overboost', 12);
		const overboost = firstCritical(verdicts, 'overboost')!;
		expect(overboost.timeUs / 1e6).toBeGreaterThan(1.5);
		expect(overboost.timeUs / 1e6).toBeLessThan(3);
		expect(overboost.actions).toContainEqual({ kind: 'protective-command', command: 'boost-cut' });
		expect(firstCritical(verdicts, 'boost')).toBeDefined();
		expect(verdicts.filter((v) => v.ruleId === 'overboost').at(-1)).toMatchObject({
			level: 'critical',
			latched: true
		});
	});

	it('calls lean under boost critical during the pull with a weak fuel pump', () => {
		const verdicts = drive('lean-pull', 12);
		const lean = firstCritical(verdicts, 'lean-under-load')!;
		expect(lean.timeUs / 1e6).toBeGreaterThan(3);
		expect(lean.timeUs / 1e6).toBeLessThan(7.3);
		expect(lean.actions).toContainEqual({ kind: 'protective-command', command: 'limp-mode' });
	});

	it('calls coolant critical when the cooling system fails on the motorway', () => {
		const verdicts = drive('overheat', 120);
		expect(firstCritical(verdicts, 'coolant')?.value).toBeGreaterThanOrEqual(110);
	});

	it('raises nothing on a healthy pull to the limiter', () => {
		expect(drive('wot-pull-3rd', 12)).toEqual([]);
	});

	it('raises nothing over ten minutes of idle, launches, pulls, cruise and stops', () => {
		expect(drive('demo', 600)).toEqual([]);
	}, 120_000);

	it('raises nothing on two minutes of cruise and one of idle', () => {
		expect([...drive('cruise', 120, 7), ...drive('idle', 60, 7)]).toEqual([]);
	});
});
