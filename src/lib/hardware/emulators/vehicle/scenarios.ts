import type { FaultFlags, InitialConditions } from './vehicle-state';

/**
 * A driver's inputs at one moment. Each field has its own track: throttle, clutch and brake are interpolated
 * linearly between the keyframes that name them (so a step needs two keyframes close together), gear is held
 * from the last keyframe that names it. Before its first mention a field rests: neutral, no throttle or brake, clutch engaged.
 */
export interface Keyframe {
	/** Seconds from the scenario start. */
	t: number;
	/** 0–100 %. */
	throttle?: number;
	/** 0 = neutral, 1–6. */
	gear?: number;
	/** 0 = pedal down (open) … 1 = engaged. */
	clutch?: number;
	/** 0–1. */
	brake?: number;
	/**
	 * From here the driver works the throttle to hold this speed (km/h), ramping to the next keyframe's `holdKmh`
	 * if that comes before any `throttle`. The next keyframe naming `throttle` ends the hold with a step to it.
	 */
	holdKmh?: number;
}

/** From scenario time `t` on, these flags are merged over the faults in force (set a flag false or 1 to clear it). */
export interface FaultChange {
	t: number;
	faults: FaultFlags;
}

export interface Scenario {
	name: string;
	description: string;
	/** Length of the script, s; after it the last keyframe holds, unless `loop` restarts it. */
	durationS: number;
	loop?: boolean;
	initial?: InitialConditions;
	faults?: FaultFlags;
	/** Faults that start or stop part-way through, in time order: the scripted failures of the safety suite. */
	faultsAt?: readonly FaultChange[];
	keyframes: readonly Keyframe[];
}

/** Part throttle at ≈2450 rpm in 3rd, a stab to WOT at 1 s, the limiter at ≈7.3 s, lift at 8 s, coast. */
const pull3rd: Pick<Scenario, 'durationS' | 'initial' | 'keyframes'> = {
	durationS: 12,
	initial: { gear: 3, speedKmh: 43, throttle: 15 },
	keyframes: [
		{ t: 0, gear: 3, clutch: 1, brake: 0, holdKmh: 43 },
		{ t: 1, throttle: 100 },
		{ t: 8.5, throttle: 100 },
		{ t: 8.6, throttle: 0 },
		{ t: 11.5, clutch: 1 },
		{ t: 11.8, clutch: 0 }
	]
};

/** A keyframe naming every input, so each ramp in the demo is explicit. */
function k(t: number, throttle: number, gear: number, clutch: number, brake: number): Keyframe {
	return { t, throttle, gear, clutch, brake };
}

/** A manual upshift: lift and clutch in, change gear, clutch out over 0.4 s, back on the throttle. */
function shift(t: number, gear: number, throttleBefore: number, throttleAfter: number): Keyframe[] {
	return [
		k(t - 0.1, throttleBefore, gear - 1, 1, 0),
		k(t, 0, gear - 1, 1, 0),
		k(t + 0.15, 0, gear - 1, 0, 0),
		k(t + 0.35, 0, gear, 0, 0),
		k(t + 0.45, 0, gear, 0.3, 0),
		k(t + 0.85, throttleAfter, gear, 1, 0)
	];
}

/**
 * Idle in neutral → launch in 1st → short-shift to 3rd → WOT pull to the limiter → up through 4th–6th →
 * cruise at 100 km/h → brake to a stop → idle. It ends where it began, so looping it is seamless.
 */
const demoKeyframes: Keyframe[] = [
	k(0, 0, 0, 1, 0),
	k(4, 0, 0, 1, 0),
	k(4.4, 0, 0, 0, 0),
	k(4.8, 0, 1, 0, 0),
	k(5, 0, 1, 0, 0),
	k(5.4, 25, 1, 0, 0),
	k(5.8, 25, 1, 0.2, 0),
	k(6.4, 28, 1, 0.45, 0),
	k(7.4, 35, 1, 1, 0),
	...shift(9.5, 2, 35, 30),
	...shift(12.5, 3, 30, 30),
	k(15, 30, 3, 1, 0),
	k(15.2, 100, 3, 1, 0),
	...shift(21.8, 4, 100, 30),
	...shift(24.2, 5, 30, 15),
	...shift(26, 6, 15, 10),
	{ t: 27, gear: 6, clutch: 1, brake: 0, holdKmh: 100 },
	k(50, 0, 6, 1, 0),
	k(50.4, 0, 6, 1, 0.3),
	k(53.6, 0, 6, 1, 0.3),
	k(53.9, 0, 6, 0, 0.3),
	k(54.2, 0, 0, 0, 0.3),
	k(61, 0, 0, 0, 0.3),
	k(61.5, 0, 0, 1, 0),
	k(70, 0, 0, 1, 0)
];

export const SCENARIOS = {
	idle: {
		name: 'idle',
		description: 'Warm engine idling in neutral at ≈850 rpm.',
		durationS: 60,
		keyframes: [{ t: 0, throttle: 0, gear: 0, clutch: 1, brake: 0 }]
	},
	'wot-pull-3rd': {
		name: 'wot-pull-3rd',
		description:
			'Wide-open-throttle pull in 3rd from ≈2500 rpm to the 7000 rpm limiter, then lift.',
		...pull3rd
	},
	cruise: {
		name: 'cruise',
		description: 'Steady 100 km/h in 6th, the driver holding speed with the throttle.',
		durationS: 120,
		initial: { gear: 6, speedKmh: 100, throttle: 18 },
		keyframes: [{ t: 0, gear: 6, clutch: 1, brake: 0, holdKmh: 100 }]
	},
	demo: {
		name: 'demo',
		description: 'Idle, launch, WOT pull in 3rd, cruise at 100 km/h, stop; loops forever.',
		durationS: 70,
		loop: true,
		keyframes: demoKeyframes
	},
	'lean-pull': {
		name: 'lean-pull',
		description:
			'The 3rd-gear pull with a fuel pump that cannot keep up: lambda goes lean under boost.',
		...pull3rd,
		faults: { weakFuelPump: true }
	},
	overboost: {
		name: 'overboost',
		description: 'The 3rd-gear pull with the wastegate stuck shut: boost overshoots its target.',
		...pull3rd,
		faults: { wastegateStuckClosed: true }
	},
	'overboost-at-12s': {
		name: 'overboost-at-12s',
		description:
			'Part throttle in 5th at 80 km/h, WOT from 9 s; the wastegate sticks shut at t = 12.0 s and boost runs away.',
		durationS: 20,
		initial: { gear: 5, speedKmh: 80, throttle: 15 },
		keyframes: [
			{ t: 0, gear: 5, clutch: 1, brake: 0, holdKmh: 80 },
			{ t: 9, throttle: 100 },
			{ t: 14, throttle: 100 },
			{ t: 14.1, throttle: 0 }
		],
		faultsAt: [{ t: 12, faults: { wastegateStuckClosed: true } }]
	},
	'lean-spike': {
		name: 'lean-spike',
		description:
			'The 3rd-gear pull; at 4.0 s the injectors deliver 80 % of the fuel for 0.4 s: a lean spike under boost.',
		...pull3rd,
		faultsAt: [
			{ t: 4, faults: { fuelDelivery: 0.8 } },
			{ t: 4.4, faults: { fuelDelivery: 1 } }
		]
	},
	'knock-burst-cyl3': {
		name: 'knock-burst-cyl3',
		description:
			'Cruise in 4th at 85 km/h, WOT from 8 s; cylinder 3 knocks on most events from 9.0 to 9.6 s.',
		durationS: 14,
		initial: { gear: 4, speedKmh: 85, throttle: 15 },
		keyframes: [
			{ t: 0, gear: 4, clutch: 1, brake: 0, holdKmh: 85 },
			{ t: 8, throttle: 100 },
			{ t: 11, throttle: 100 },
			{ t: 11.1, throttle: 0 }
		],
		faultsAt: [
			{ t: 9, faults: { knockBurstCylinder: 3 } },
			{ t: 9.6, faults: { knockBurstCylinder: 0 } }
		]
	},
	'egt-ramp': {
		name: 'egt-ramp',
		description:
			'Steady 120 km/h in 5th; from 6 s the exhaust heats at 200 °C/s for 3 s (late combustion), then recovers.',
		durationS: 20,
		initial: { gear: 5, speedKmh: 120, throttle: 25 },
		keyframes: [{ t: 0, gear: 5, clutch: 1, brake: 0, holdKmh: 120 }],
		faultsAt: [
			{ t: 6, faults: { egtRampCPerS: 200 } },
			{ t: 9, faults: { egtRampCPerS: 0 } }
		]
	},
	'coolant-dropout': {
		name: 'coolant-dropout',
		description:
			'Steady 100 km/h in 6th; the coolant sensor goes open circuit from 5 s to 8 s (the ECU sends its no-reading code).',
		durationS: 12,
		initial: { gear: 6, speedKmh: 100, throttle: 18 },
		keyframes: [{ t: 0, gear: 6, clutch: 1, brake: 0, holdKmh: 100 }],
		faultsAt: [
			{ t: 5, faults: { coolantSensorDropout: true } },
			{ t: 8, faults: { coolantSensorDropout: false } }
		]
	},
	'noisy-sensors': {
		name: 'noisy-sensors',
		description:
			'The demo drive with ten times the normal noise on MAP, throttle, lambda, intake air and EGT: noisy but healthy.',
		durationS: 70,
		loop: true,
		faults: { sensorNoise: 10 },
		keyframes: demoKeyframes
	},
	overheat: {
		name: 'overheat',
		description:
			'Motorway run at 130 km/h in 5th with a failed cooling system: coolant climbs past 110 °C.',
		durationS: 300,
		initial: { gear: 5, speedKmh: 130, throttle: 30, coolantC: 90 },
		keyframes: [{ t: 0, gear: 5, clutch: 1, brake: 0, holdKmh: 130 }],
		faults: { coolingFailure: true }
	}
} as const satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

export function isScenarioName(name: string): name is ScenarioName {
	return Object.hasOwn(SCENARIOS, name);
}
