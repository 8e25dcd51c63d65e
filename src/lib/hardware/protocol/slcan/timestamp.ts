import { SLCAN_TIMESTAMP_WRAP_MS } from './frame-line';

const WRAP_US = SLCAN_TIMESTAMP_WRAP_MS * 1000;

/**
 * Turns the Lawicel `Z1` millisecond counter (wraps every 60 s) into monotonic µs. Lines arrive in device
 * order, so the counter only moves forward; a gap with no frames longer than a wrap is resolved with the
 * host clock, choosing the number of whole wraps that best matches the host's elapsed time.
 */
export class SlcanTimestampUnwrapper {
	#lastRawMs = -1;
	#lastHostUs = 0;
	#valueUs = 0;

	/** µs on the device's (unwrapped) clock for a raw stamp received at host time `hostUs`. */
	unwrap(rawMs: number, hostUs: number): number {
		if (this.#lastRawMs < 0) {
			this.#valueUs = rawMs * 1000;
		} else {
			const deltaUs = ((((rawMs - this.#lastRawMs) * 1000) % WRAP_US) + WRAP_US) % WRAP_US;
			const hostElapsedUs = hostUs - this.#lastHostUs;
			const wraps = Math.max(0, Math.round((hostElapsedUs - deltaUs) / WRAP_US));
			this.#valueUs += deltaUs + wraps * WRAP_US;
		}
		this.#lastRawMs = rawMs;
		this.#lastHostUs = hostUs;
		return this.#valueUs;
	}

	reset(): void {
		this.#lastRawMs = -1;
		this.#lastHostUs = 0;
		this.#valueUs = 0;
	}
}
