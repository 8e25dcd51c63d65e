import { canFrame, type CanFrame } from '../../protocol/can-frame';
import { IsoTpSender } from '../../protocol/isotp';

export interface EcuTransmitterOptions {
	/** The ECU's response id, e.g. 0x7E8. */
	responseId: number;
	/** Minimum spacing between the ECU's own frames, µs. */
	gapUs: number;
}

/**
 * The sending half of an emulated ECU's ISO-TP stack (ISO 15765-2): it segments a response, waits for the tester's
 * flow control, honours its BS and STmin through IsoTpSender, and stamps every frame at least `gapUs` after the
 * previous one, as a real controller's transmit queue would.
 */
export class EcuTransmitter {
	readonly #sender = new IsoTpSender({ nBsUs: 1_000_000 });
	readonly #responseId: number;
	readonly #gapUs: number;
	#lastTxUs = -Infinity;

	constructor(options: EcuTransmitterOptions) {
		this.#responseId = options.responseId;
		this.#gapUs = nonNegative(options.gapUs, 'frameGapUs');
	}

	/** The earliest time at or after `atUs` the ECU may put its next frame on the bus. */
	nextSlot(atUs: number): number {
		return Math.max(atUs, this.#lastTxUs + this.#gapUs);
	}

	/** One frame outside any ISO-TP transfer (e.g. NRC 0x78), sent in the next slot from `atUs`. */
	transmit(data: Uint8Array, atUs: number): CanFrame {
		const t = this.nextSlot(atUs);
		this.#lastTxUs = t;
		return this.frame(data, t);
	}

	/** Starts a response at `atUs`, abandoning any unfinished one; returns what may go before flow control. */
	send(payload: Uint8Array, atUs: number): CanFrame[] {
		this.#sender.abort();
		this.#sender.start(payload, atUs);
		return this.#drain(atUs);
	}

	/** The tester's flow control; undefined when it came after N_Bs and finds the transfer abandoned, as on a real ECU. */
	flowControl(data: Uint8Array, nowUs: number): CanFrame[] | undefined {
		if (this.#sender.poll(nowUs).kind === 'failed') return undefined;
		this.#sender.handleFrame(data, nowUs);
		return this.#drain(nowUs);
	}

	/** A frame from the response id, padded to 8 bytes with 0xCC (ISO 15765-4 recommends padding). */
	frame(data: Uint8Array, timestampUs: number): CanFrame {
		const padded = new Uint8Array(8).fill(0xcc);
		padded.set(data);
		return canFrame({ id: this.#responseId, extended: false, data: padded, timestampUs });
	}

	#drain(fromUs: number): CanFrame[] {
		const out: CanFrame[] = [];
		let t = this.nextSlot(fromUs);
		for (;;) {
			const step = this.#sender.poll(t);
			if (step.kind === 'transmit') {
				out.push(this.frame(step.frame, t));
				this.#lastTxUs = t;
				t += this.#gapUs;
			} else if (step.kind === 'wait' && step.reason === 'st-min') {
				t = Math.max(t, step.untilUs);
			} else {
				return out;
			}
		}
	}
}

/** Option check shared by the emulated ECUs: a finite, non-negative time. */
export function nonNegative(value: number, what: string): number {
	if (!Number.isFinite(value) || value < 0)
		throw new TypeError(`${what} must be ≥ 0, got ${value}`);
	return value;
}
