import { clamp } from './car-spec';
import type { DriverInputs, FaultFlags, VehicleState } from './vehicle-state';
import type { Keyframe, Scenario } from './scenarios';

/** A scenario that cannot be played; `issue` says which keyframe or field is wrong. */
export class InvalidScenarioError extends TypeError {
	constructor(
		readonly scenario: string,
		readonly issue: string,
		options?: { cause?: unknown }
	) {
		super(`scenario "${scenario}": ${issue}`, options);
		this.name = 'InvalidScenarioError';
	}
}

type Point = readonly [t: number, value: number];
type PedalPoint = { t: number; hold: boolean; value: number };

/** Speed-hold driver gains: %/(km/h) and %/(km/h·s). A gentle human-like foot, not a race cruise control. */
const HOLD_KP = 6;
const HOLD_KI = 1.5;

/** Turns a scenario's keyframes into driver inputs over time, including the speed-holding foot. */
export class ScenarioPlayer {
	readonly scenario: Scenario;
	readonly #gear: Point[];
	readonly #clutch: Point[];
	readonly #brake: Point[];
	readonly #pedal: PedalPoint[];
	/** Faults in force from each `faultsAt` time on, merged cumulatively over the scenario's own. */
	readonly #faultTimes: number[];
	readonly #faultSets: FaultFlags[];
	#integral: number | undefined;
	#holdSegment = -1;

	constructor(scenario: Scenario) {
		validateScenario(scenario);
		this.scenario = scenario;
		const track = (field: 'gear' | 'clutch' | 'brake'): Point[] =>
			scenario.keyframes.flatMap((k) => (k[field] === undefined ? [] : [[k.t, k[field]] as const]));
		this.#gear = track('gear');
		this.#clutch = track('clutch');
		this.#brake = track('brake');
		this.#pedal = scenario.keyframes.flatMap((k): PedalPoint[] => {
			if (k.holdKmh !== undefined) return [{ t: k.t, hold: true, value: k.holdKmh }];
			if (k.throttle !== undefined) return [{ t: k.t, hold: false, value: k.throttle }];
			return [];
		});
		let inForce: FaultFlags = { ...scenario.faults };
		this.#faultTimes = [];
		this.#faultSets = [inForce];
		for (const change of scenario.faultsAt ?? []) {
			inForce = { ...inForce, ...change.faults };
			this.#faultTimes.push(change.t);
			this.#faultSets.push(inForce);
		}
	}

	/**
	 * The faults in force at model time `timeS`, or undefined for a scenario without `faultsAt` (its faults are
	 * fixed at the start). The same object is returned until the set changes.
	 */
	faults(timeS: number): FaultFlags | undefined {
		if (this.#faultTimes.length === 0) return undefined;
		const t = this.scenarioTime(timeS);
		let i = 0;
		while (i < this.#faultTimes.length && this.#faultTimes[i] <= t) i++;
		return this.#faultSets[i];
	}

	/** Scenario time for a model time: wraps when the scenario loops, else runs on past the end. */
	scenarioTime(timeS: number): number {
		const { durationS, loop } = this.scenario;
		return loop ? timeS % durationS : timeS;
	}

	/** Inputs for model time `timeS`, `dt` after the previous call; `state` feeds the speed-holding foot. */
	inputs(timeS: number, dt: number, state: Readonly<VehicleState>): DriverInputs {
		const t = this.scenarioTime(timeS);
		return {
			throttle: this.#throttle(t, dt, state),
			gear: held(this.#gear, t),
			clutch: interpolate(this.#clutch, t, 1),
			brake: interpolate(this.#brake, t, 0)
		};
	}

	#throttle(t: number, dt: number, state: Readonly<VehicleState>): number {
		const i = lastAtOrBefore(this.#pedal, t);
		if (i < 0) return 0;
		const point = this.#pedal[i];
		const next = this.#pedal[i + 1];
		if (!point.hold) {
			this.#integral = undefined;
			return next && !next.hold ? lerp(point, next, t) : point.value;
		}
		const target = next?.hold ? lerp(point, next, t) : point.value;
		// Start each hold from the throttle the driver already has, so taking over is bumpless.
		if (this.#holdSegment !== i || this.#integral === undefined) {
			this.#integral = state.throttle;
			this.#holdSegment = i;
		}
		const error = target - state.speedKmh;
		this.#integral = clamp(this.#integral + HOLD_KI * error * dt, 0, 100);
		return clamp(this.#integral + HOLD_KP * error, 0, 100);
	}
}

function lastAtOrBefore(points: readonly { t: number }[], t: number): number {
	let i = -1;
	while (i + 1 < points.length && points[i + 1].t <= t) i++;
	return i;
}

function lerp(a: { t: number; value: number }, b: { t: number; value: number }, t: number): number {
	if (b.t === a.t) return b.value;
	return a.value + ((b.value - a.value) * (t - a.t)) / (b.t - a.t);
}

function interpolate(points: readonly Point[], t: number, before: number): number {
	if (points.length === 0 || t < points[0][0]) return before;
	let i = 0;
	while (i + 1 < points.length && points[i + 1][0] <= t) i++;
	const [t0, v0] = points[i];
	const next = points[i + 1];
	if (!next) return v0;
	return lerp({ t: t0, value: v0 }, { t: next[0], value: next[1] }, t);
}

function held(points: readonly Point[], t: number): number {
	let gear = 0;
	for (const [pt, value] of points) {
		if (pt > t) break;
		gear = value;
	}
	return gear;
}

const RANGES: Record<keyof Omit<Keyframe, 't'>, [number, number]> = {
	throttle: [0, 100],
	gear: [0, 6],
	clutch: [0, 1],
	brake: [0, 1],
	holdKmh: [0, 300]
};

export function validateScenario(scenario: Scenario): void {
	const name = scenario.name;
	if (!(scenario.durationS > 0)) throw new InvalidScenarioError(name, `durationS must be > 0`);
	if (scenario.keyframes.length === 0) throw new InvalidScenarioError(name, 'has no keyframes');
	let previous = -Infinity;
	scenario.keyframes.forEach((k, index) => {
		if (!Number.isFinite(k.t) || k.t < 0 || k.t < previous) {
			throw new InvalidScenarioError(
				name,
				`keyframe ${index}: t=${k.t} must be ≥ 0 and not before the last`
			);
		}
		previous = k.t;
		for (const [field, [lo, hi]] of Object.entries(RANGES)) {
			const value = k[field as keyof typeof RANGES];
			if (value === undefined) continue;
			if (!Number.isFinite(value) || value < lo || value > hi) {
				throw new InvalidScenarioError(
					name,
					`keyframe ${index}: ${field}=${value} is outside ${lo}–${hi}`
				);
			}
		}
		if (k.gear !== undefined && !Number.isInteger(k.gear)) {
			throw new InvalidScenarioError(
				name,
				`keyframe ${index}: gear ${k.gear} is not a whole number`
			);
		}
	});
	let last = -Infinity;
	(scenario.faultsAt ?? []).forEach((change, index) => {
		if (!Number.isFinite(change.t) || change.t < 0 || change.t < last)
			throw new InvalidScenarioError(
				name,
				`faultsAt ${index}: t=${change.t} must be ≥ 0 and not before the last`
			);
		last = change.t;
	});
	for (const faults of [scenario.faults, ...(scenario.faultsAt ?? []).map((c) => c.faults)])
		validateFaults(name, faults ?? {});
}

function validateFaults(name: string, f: FaultFlags): void {
	const bad = (issue: string) => new InvalidScenarioError(name, `fault ${issue}`);
	if (f.fuelDelivery !== undefined && !(f.fuelDelivery > 0 && f.fuelDelivery <= 1))
		throw bad(`fuelDelivery=${f.fuelDelivery} is outside (0, 1]`);
	if (
		f.knockBurstCylinder !== undefined &&
		f.knockBurstCylinder !== 0 &&
		!(
			Number.isInteger(f.knockBurstCylinder) &&
			f.knockBurstCylinder >= 1 &&
			f.knockBurstCylinder <= 4
		)
	)
		throw bad(`knockBurstCylinder=${f.knockBurstCylinder} is not a cylinder 1–4 (or 0 for none)`);
	if (f.egtRampCPerS !== undefined && !(f.egtRampCPerS >= 0 && f.egtRampCPerS <= 1000))
		throw bad(`egtRampCPerS=${f.egtRampCPerS} is outside 0–1000`);
	if (f.sensorNoise !== undefined && !(f.sensorNoise >= 0 && f.sensorNoise <= 100))
		throw bad(`sensorNoise=${f.sensorNoise} is outside 0–100`);
}
