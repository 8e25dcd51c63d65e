import { canFrame, type CanFrame } from '../../protocol/can-frame';
import type { CanBusSource } from '../can-bus-source';
import { BROADCAST } from './broadcast';
import { EngineModel, type VehicleState } from './engine-model';
import { ScenarioPlayer } from './scenario-player';
import {
	SCENARIOS,
	SCENARIO_NAMES,
	isScenarioName,
	type Scenario,
	type ScenarioName
} from './scenarios';
import { packSignal } from './signal-packer';

/**
 * Something on the simulated bus that answers frames the host sends (an OBD-II or UDS ECU, for example). It
 * returns the frames to put on the bus, timestamped at or after `nowUs`; they come out of later polls in order.
 */
export interface CanResponder {
	receive(frame: CanFrame, nowUs: number, state: Readonly<VehicleState>): CanFrame[] | undefined;
}

export interface SimulatedVehicleOptions {
	/** @default 'demo' */
	scenario?: ScenarioName | Scenario;
	/** PRNG seed for sensor noise and knock; the same seed and polls give the same frames. @default 1 */
	seed?: number;
	/** Bus time at which the car starts, µs. @default 0 */
	startUs?: number;
	/** @default 101.3 */
	baroKpa?: number;
}

/**
 * The most simulated time one poll catches up. A tab that slept for 10 s must not make the next poll simulate
 * 10 s (≈100 ms of CPU and 13 000 frames in one burst): the car instead pauses for the excess, as if the bus
 * had been unplugged, and resumes with the last 2 s of the gap simulated. Timestamps stay on the caller's clock.
 */
export const MAX_CATCH_UP_US = 2_000_000;

const STEP_US = 1000;

/**
 * A turbo petrol car on a CAN bus: an engine/vehicle model driven by a scripted scenario, broadcasting the
 * frames that simulated-car.dbc describes at their exact cycle times.
 */
export class SimulatedVehicle implements CanBusSource {
	readonly responders: CanResponder[] = [];

	readonly #seed: number;
	readonly #baroKpa: number | undefined;
	#model!: EngineModel;
	#player!: ScenarioPlayer;
	/** Bus time of the model's next step. */
	#nextStepUs: number;
	#lastPollUs: number;
	#skippedUs = 0;
	readonly #nextDueUs: number[];
	readonly #counters: number[];
	#pending: CanFrame[] = [];

	constructor(options: SimulatedVehicleOptions = {}) {
		const startUs = options.startUs ?? 0;
		if (!Number.isFinite(startUs))
			throw new TypeError(`startUs must be a finite number, got ${startUs}`);
		const seed = options.seed ?? 1;
		if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${seed}`);
		this.#seed = seed;
		this.#baroKpa = options.baroKpa;
		this.#lastPollUs = startUs;
		this.#nextStepUs = startUs + STEP_US;
		this.#nextDueUs = BROADCAST.map((m) => firstSlotAfter(startUs, startUs, m.phaseUs, m.periodUs));
		this.#counters = BROADCAST.map(() => 0);
		this.#startScenario(options.scenario ?? 'demo', startUs);
	}

	/** The latest model values (what the ECU reports). */
	get state(): Readonly<VehicleState> {
		return this.#model.state;
	}

	get scenario(): Scenario {
		return this.#player.scenario;
	}

	/** Total bus time skipped because polls came further apart than MAX_CATCH_UP_US. */
	get skippedUs(): number {
		return this.#skippedUs;
	}

	/**
	 * Start a scenario from its initial conditions (the car is reset, the bus clock and counters carry on), so
	 * what a user sees after picking one is what its description promises.
	 */
	setScenario(scenario: ScenarioName | Scenario): void {
		this.#startScenario(scenario, this.#lastPollUs);
	}

	poll(nowUs: number): CanFrame[] {
		if (!Number.isFinite(nowUs)) throw new TypeError(`nowUs must be a finite number, got ${nowUs}`);
		if (nowUs <= this.#lastPollUs) return [];
		if (nowUs - this.#lastPollUs > MAX_CATCH_UP_US) this.#skipTo(nowUs - MAX_CATCH_UP_US);
		const frames: CanFrame[] = [];
		for (;;) {
			let index = -1;
			let due = Infinity;
			for (let i = 0; i < this.#nextDueUs.length; i++) {
				if (this.#nextDueUs[i] < due) {
					due = this.#nextDueUs[i];
					index = i;
				}
			}
			const pending = this.#pending[0];
			if (pending && pending.timestampUs <= due && pending.timestampUs <= nowUs) {
				frames.push(this.#pending.shift()!);
				continue;
			}
			if (due > nowUs) break;
			this.#advanceTo(due);
			frames.push(this.#pack(index, due));
			this.#nextDueUs[index] = due + BROADCAST[index].periodUs;
		}
		this.#advanceTo(nowUs);
		this.#lastPollUs = nowUs;
		return frames;
	}

	/** Frames from the host go to every responder; nothing on this bus answers until one is added. */
	transmit(frame: CanFrame, nowUs: number): void {
		for (const responder of this.responders) {
			const replies = responder.receive(frame, nowUs, this.#model.state);
			if (!replies) continue;
			for (const reply of replies) {
				// A reply can't appear in a window the host has already polled.
				const timestampUs = Math.max(reply.timestampUs, this.#lastPollUs + 1);
				this.#enqueue({ ...reply, timestampUs });
			}
		}
	}

	#startScenario(scenario: ScenarioName | Scenario, atUs: number): void {
		let resolved: Scenario;
		if (typeof scenario === 'string') {
			if (!isScenarioName(scenario)) {
				throw new TypeError(`unknown scenario "${scenario}"; known: ${SCENARIO_NAMES.join(', ')}`);
			}
			resolved = SCENARIOS[scenario];
		} else {
			resolved = scenario;
		}
		this.#player = new ScenarioPlayer(resolved);
		this.#model = new EngineModel({
			seed: this.#seed,
			baroKpa: this.#baroKpa,
			initial: resolved.initial,
			faults: resolved.faults
		});
		this.#nextStepUs = atUs + STEP_US;
	}

	#advanceTo(busUs: number): void {
		const model = this.#model;
		while (this.#nextStepUs <= busUs) {
			const t = model.state.timeS + model.dt;
			const faults = this.#player.faults(t);
			if (faults !== undefined) model.faults = faults;
			model.step(this.#player.inputs(t, model.dt, model.state));
			this.#nextStepUs += STEP_US;
		}
	}

	#skipTo(busUs: number): void {
		const skipped = busUs - this.#lastPollUs;
		this.#skippedUs += skipped;
		this.#nextStepUs += skipped;
		this.#lastPollUs = busUs;
		BROADCAST.forEach((m, i) => {
			if (this.#nextDueUs[i] <= busUs) {
				this.#nextDueUs[i] = firstSlotAfter(this.#nextDueUs[i], busUs, 0, m.periodUs);
			}
		});
		this.#pending = this.#pending.filter((f) => f.timestampUs > busUs);
	}

	#pack(index: number, timestampUs: number): CanFrame {
		const message = BROADCAST[index];
		const data = new Uint8Array(message.dlc);
		const counter = this.#counters[index]++;
		const state = this.#model.state;
		for (const signal of message.signals) packSignal(data, signal, signal.read(state, counter));
		message.finish?.(data);
		return canFrame({ id: message.id, extended: false, data, timestampUs });
	}

	#enqueue(frame: CanFrame): void {
		let i = this.#pending.length;
		while (i > 0 && this.#pending[i - 1].timestampUs > frame.timestampUs) i--;
		this.#pending.splice(i, 0, frame);
	}
}

/** First time strictly after `afterUs` on the grid `originUs + phaseUs + k·periodUs`. */
function firstSlotAfter(
	originUs: number,
	afterUs: number,
	phaseUs: number,
	periodUs: number
): number {
	const base = originUs + phaseUs;
	if (base > afterUs) return base;
	return base + (Math.floor((afterUs - base) / periodUs) + 1) * periodUs;
}
