import type { CanBusSource } from './can-bus-source';
import type { CanFrame } from '../protocol/can-frame';

/** A bus that carries exactly the frames a test schedules, at their timestamps, and records what was transmitted. */
export class ScriptedBus implements CanBusSource {
	readonly transmitted: CanFrame[] = [];
	#due: CanFrame[] = [];

	add(...frames: CanFrame[]): void {
		this.#due.push(...frames);
		this.#due.sort((a, b) => a.timestampUs - b.timestampUs);
	}

	poll(nowUs: number): CanFrame[] {
		const n = this.#due.findIndex((f) => f.timestampUs > nowUs);
		return this.#due.splice(0, n < 0 ? this.#due.length : n);
	}

	transmit(frame: CanFrame): void {
		this.transmitted.push(frame);
	}
}
