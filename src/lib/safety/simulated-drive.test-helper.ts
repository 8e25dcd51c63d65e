import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario, ScenarioName } from '../hardware/emulators/vehicle/scenarios';
import { SimulatedVehicle } from '../hardware/emulators/vehicle/simulated-vehicle';
import { compileDbc, parseDbc } from '../hardware/protocol/dbc';
import { turboPetrolProfile } from './default-profiles';
import type { SafetyProfile } from './profile-schema';
import { SafetyEngine } from './safety-engine';
import { signalPeriodsUs, signalRanges } from './decoder-inputs';
import type { SafetyVerdict } from './verdict';

export const simulatedCarDbc = compileDbc(
	parseDbc(
		readFileSync(
			fileURLToPath(new URL('../hardware/emulators/vehicle/simulated-car.dbc', import.meta.url)),
			'latin1'
		)
	)
);

export interface DriveOptions {
	seed?: number;
	profile?: SafetyProfile;
	/** Feed the engine the DBC's signal ranges, as the live pipeline does. @default true */
	ranges?: boolean;
	/** Called with every decoded sample, after the engine has seen it. */
	onSample?(name: string, value: number, timeUs: number): void;
}

/**
 * Drives the simulated car through a scenario and decodes every frame into a safety engine exactly as the
 * adapter's worker does (DBC decode, then `sample` per signal), polling the bus every 10 ms.
 */
export function drive(
	scenario: ScenarioName | Scenario,
	seconds: number,
	options: DriveOptions = {}
) {
	const verdicts: SafetyVerdict[] = [];
	const engine = new SafetyEngine({
		profile: options.profile ?? turboPetrolProfile,
		channels: simulatedCarDbc.signals.map((s) => s.name),
		periodsUs: signalPeriodsUs(simulatedCarDbc.signals, simulatedCarDbc.messages),
		ranges: options.ranges === false ? undefined : signalRanges(simulatedCarDbc.signals),
		onVerdict: (v) => verdicts.push(v)
	});
	const car = new SimulatedVehicle({ scenario, seed: options.seed ?? 1 });
	const out = new Float64Array(simulatedCarDbc.signals.length);
	let nowUs = 0;
	/** Runs the car on to `untilS`; with `bus: false` the adapter is unplugged and only `tick` sees time pass. */
	const runTo = (untilS: number, bus = true) => {
		for (; nowUs < untilS * 1e6;) {
			nowUs += 10_000;
			if (!bus) {
				engine.tick(nowUs);
				continue;
			}
			for (const frame of car.poll(nowUs)) {
				const message = simulatedCarDbc.message(frame.id, frame.extended);
				if (!message?.decodeInto(frame.data, out)) continue;
				const indexes = message.signalIndexes;
				for (let k = 0; k < indexes.length; k++) {
					const i = indexes[k];
					engine.sample(i, out[i], frame.timestampUs);
					options.onSample?.(simulatedCarDbc.signals[i].name, out[i], frame.timestampUs);
				}
			}
		}
	};
	runTo(seconds);
	return { engine, verdicts, car, runTo };
}

/** Seconds of the first verdict of `ruleId` at `level` (live), or undefined. */
export function firstAt(
	verdicts: readonly SafetyVerdict[],
	ruleId: string,
	level: SafetyVerdict['level']
): SafetyVerdict | undefined {
	return verdicts.find((v) => v.ruleId === ruleId && v.level === level && v.status === 'live');
}

export const seconds = (v: SafetyVerdict | undefined) => (v ? v.timeUs / 1e6 : Number.NaN);
