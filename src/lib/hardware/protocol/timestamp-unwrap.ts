const WRAP = 2 ** 32;
const HALF = 2 ** 31;

/**
 * Extends a free-running 32-bit µs counter (wraps every ≈71.6 min) to a monotonic-enough number.
 * Each reading is placed within ±2^31 µs (≈35.8 min) of the previous one, so small reorderings
 * between RX frames and TX echoes step backwards instead of jumping a whole wrap. Linux does the
 * same with a cyclecounter re-read every 30 min (gs_usb.c GS_USB_TIMESTAMP_WORK_DELAY_SEC); we
 * only need a frame at least every 35 min, which a live bus always provides.
 */
export class TimestampUnwrapper {
	#lastRaw: number | null = null;
	#lastValue = 0;

	unwrap(raw32: number): number {
		const raw = raw32 >>> 0;
		if (this.#lastRaw === null) {
			this.#lastRaw = raw;
			this.#lastValue = raw;
			return raw;
		}
		const delta = (raw - this.#lastRaw) >>> 0;
		this.#lastValue += delta < HALF ? delta : delta - WRAP;
		this.#lastRaw = raw;
		return this.#lastValue;
	}

	reset(): void {
		this.#lastRaw = null;
		this.#lastValue = 0;
	}
}
