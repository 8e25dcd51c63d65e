import { SLCAN_BELL, SLCAN_CR } from './commands';

/** Called per complete line: `buf[start, end)` without its terminator, which is CR (0x0d) or BEL (0x07). */
export type SlcanLineHandler = (
	buf: Uint8Array,
	start: number,
	end: number,
	terminator: typeof SLCAN_CR | typeof SLCAN_BELL
) => void;

export interface SlcanLineSplitterOptions {
	/**
	 * Longest line kept while waiting for its terminator; longer runs are dropped up to the next CR/BEL and
	 * counted in `overlong`. @default 64 (Linux SLC_MTU for classic lines with timestamp is 31; FD needs more)
	 */
	maxLineLength?: number;
}

/**
 * Splits a device→host SLCAN byte stream into lines on CR or BEL, as the Linux ldisc does (slcan-core.c
 * slcan_receive_buf), carrying a partial line across chunk boundaries. Lines wholly inside a chunk are handed
 * out as views of that chunk without copying.
 */
export class SlcanLineSplitter {
	/** Runs of bytes longer than maxLineLength without a terminator that were discarded. */
	overlong = 0;
	readonly #max: number;
	#carry = new Uint8Array(0);
	#carryLength = 0;
	#discarding = false;

	constructor(options: SlcanLineSplitterOptions = {}) {
		this.#max = options.maxLineLength ?? 64;
		if (!Number.isInteger(this.#max) || this.#max < 1) {
			throw new TypeError(`maxLineLength must be a positive integer, got ${this.#max}`);
		}
		this.#carry = new Uint8Array(this.#max);
	}

	push(chunk: Uint8Array, onLine: SlcanLineHandler): void {
		let lineStart = 0;
		for (let i = 0; i < chunk.length; i++) {
			const b = chunk[i];
			if (b !== SLCAN_CR && b !== SLCAN_BELL) continue;
			if (this.#discarding) {
				this.#discarding = false;
			} else if (this.#carryLength > 0) {
				const head = i - lineStart;
				if (this.#carryLength + head > this.#max) {
					this.overlong++;
				} else {
					this.#carry.set(chunk.subarray(lineStart, i), this.#carryLength);
					onLine(this.#carry, 0, this.#carryLength + head, b);
				}
			} else if (i - lineStart > this.#max) {
				this.overlong++;
			} else {
				onLine(chunk, lineStart, i, b);
			}
			this.#carryLength = 0;
			lineStart = i + 1;
		}
		if (lineStart < chunk.length && !this.#discarding) {
			const tail = chunk.length - lineStart;
			if (this.#carryLength + tail > this.#max) {
				this.overlong++;
				this.#carryLength = 0;
				this.#discarding = true;
			} else {
				this.#carry.set(chunk.subarray(lineStart), this.#carryLength);
				this.#carryLength += tail;
			}
		}
	}

	/** Forgets a partial line (after reopening the port, for instance). */
	reset(): void {
		this.#carryLength = 0;
		this.#discarding = false;
	}
}
