import { IsoTpError, IsoTpOverflowError, IsoTpProtocolError, IsoTpTimeoutError } from './errors';
import { decodeFrame, encodeFrame } from './frame-codec';
import {
	checkTime,
	isForUs,
	resolveFraming,
	type IsoTpFramingOptions,
	type ResolvedFraming
} from './framing-options';
import {
	FF_DL_32BIT_MAX,
	FlowStatus,
	PciType,
	consecutiveFrameCapacity,
	firstFrameCapacity,
	singleFrameCapacity
} from './pci';
import { decodeStMin } from './st-min';

export interface IsoTpSenderOptions extends IsoTpFramingOptions {
	/** N_Bs: how long to wait for a flow control after a first frame, a full block or a WAIT. @default 1_000_000 µs */
	nBsUs?: number;
	/**
	 * N_WFTmax: WAIT flow controls accepted in a row before giving up (§9.6.5.2). python-can-isotp defaults to 0
	 * (no WAIT at all), but real ECUs busy with flash erasure do send a few. @default 10
	 */
	maxWaitFrames?: number;
}

/** What the sender wants next; call `poll` again after a `transmit`, at `untilUs`, or when a frame arrives. */
export type SenderStep =
	| { kind: 'transmit'; frame: Uint8Array }
	| { kind: 'wait'; untilUs: number; reason: 'st-min' | 'flow-control' }
	| { kind: 'done' }
	| { kind: 'idle' }
	| { kind: 'failed'; error: IsoTpError };

type Phase = 'idle' | 'first' | 'awaiting-fc' | 'consecutive' | 'done' | 'failed';

/**
 * Segments one message at a time into SF or FF + CFs (ISO 15765-2:2016 §9.6), obeying the receiver's BS and STmin
 * and the N_Bs timer. Sans-I/O: the caller moves frames and time; nothing here sleeps or sends.
 */
export class IsoTpSender {
	readonly #framing: ResolvedFraming;
	readonly #nBsUs: number;
	readonly #maxWaitFrames: number;
	#phase: Phase = 'idle';
	#payload: Uint8Array = new Uint8Array(0);
	#offset = 0;
	#sn = 0;
	#blockSize = 0;
	#sentInBlock = 0;
	#stMinUs = 0;
	#firstFcSeen = false;
	#waits = 0;
	#lastCfUs = -Infinity;
	#fcDeadlineUs = 0;
	#error: IsoTpError | undefined;

	constructor(options: IsoTpSenderOptions = {}) {
		this.#framing = resolveFraming(options);
		this.#nBsUs = checkTime(options.nBsUs, 1_000_000, 'nBsUs');
		const maxWait = options.maxWaitFrames ?? 10;
		if (!Number.isInteger(maxWait) || maxWait < 0) {
			throw new TypeError(`maxWaitFrames must be a non-negative integer, got ${maxWait}`);
		}
		this.#maxWaitFrames = maxWait;
	}

	/** True while a message is being sent (from `start` until `done` or `failed`). */
	get busy(): boolean {
		return (
			this.#phase === 'first' || this.#phase === 'awaiting-fc' || this.#phase === 'consecutive'
		);
	}

	/** Starts sending `payload`. Throws a RangeError for an empty or oversize message and an Error while busy. */
	start(payload: Uint8Array, nowUs: number): void {
		if (this.busy) throw new Error('IsoTpSender is busy with another message');
		if (payload.length < 1 || payload.length > FF_DL_32BIT_MAX) {
			throw new RangeError(
				`ISO-TP message of ${payload.length} bytes is outside 1–${FF_DL_32BIT_MAX}`
			);
		}
		this.#payload = payload;
		this.#offset = 0;
		this.#sn = 1;
		this.#firstFcSeen = false;
		this.#waits = 0;
		this.#lastCfUs = -Infinity;
		this.#error = undefined;
		this.#fcDeadlineUs = nowUs;
		this.#phase = 'first';
	}

	/** Drops the message in progress; the next `poll` reports `idle`. */
	abort(): void {
		this.#phase = 'idle';
		this.#payload = new Uint8Array(0);
	}

	poll(nowUs: number): SenderStep {
		switch (this.#phase) {
			case 'idle':
				return { kind: 'idle' };
			case 'done':
				return { kind: 'done' };
			case 'failed':
				return { kind: 'failed', error: this.#error as IsoTpError };
			case 'first':
				return { kind: 'transmit', frame: this.#firstFrame(nowUs) };
			case 'awaiting-fc':
				if (nowUs >= this.#fcDeadlineUs)
					return this.#fail(new IsoTpTimeoutError('N_Bs', this.#nBsUs));
				return { kind: 'wait', untilUs: this.#fcDeadlineUs, reason: 'flow-control' };
			case 'consecutive': {
				const readyUs = this.#lastCfUs + this.#stMinUs;
				if (nowUs < readyUs) return { kind: 'wait', untilUs: readyUs, reason: 'st-min' };
				return { kind: 'transmit', frame: this.#consecutiveFrame(nowUs) };
			}
		}
	}

	/** Feeds a frame received on the link's RX id; only flow control matters to the sender, the rest is ignored. */
	handleFrame(frame: Uint8Array, nowUs: number): void {
		if (this.#phase !== 'awaiting-fc' || !isForUs(frame, this.#framing)) return;
		let pdu;
		try {
			pdu = decodeFrame(frame, { addressed: this.#framing.addressBytes === 1 });
		} catch (error) {
			// §9.6.5.2: an FC with a reserved FS aborts (N_INVALID_FS); other malformed frames are ignored.
			const fs = frame[this.#framing.addressBytes] ?? 0;
			if (fs >> 4 === PciType.FlowControl && (fs & 0x0f) > FlowStatus.Overflow)
				this.#fail(error as IsoTpError);
			return;
		}
		if (pdu.pci !== PciType.FlowControl) return;
		switch (pdu.status) {
			case FlowStatus.Overflow:
				this.#fail(new IsoTpOverflowError(this.#payload.length, undefined));
				return;
			case FlowStatus.Wait:
				if (++this.#waits > this.#maxWaitFrames) {
					this.#fail(
						new IsoTpProtocolError(
							`ISO-TP peer sent more than ${this.#maxWaitFrames} WAIT flow controls (N_WFT_OVRN)`,
							frame.slice()
						)
					);
					return;
				}
				this.#fcDeadlineUs = nowUs + this.#nBsUs;
				return;
			case FlowStatus.ContinueToSend:
				// Like Linux isotp (isotp_rcv_fc), BS and STmin of the first FC hold for the whole message.
				if (!this.#firstFcSeen) {
					this.#firstFcSeen = true;
					this.#blockSize = pdu.blockSize;
					this.#stMinUs = decodeStMin(pdu.stMin);
				}
				this.#waits = 0;
				this.#sentInBlock = 0;
				this.#phase = 'consecutive';
		}
	}

	#firstFrame(nowUs: number): Uint8Array {
		const { txDl, addressBytes, encode } = this.#framing;
		const payload = this.#payload;
		if (payload.length <= singleFrameCapacity(txDl, addressBytes)) {
			this.#phase = 'done';
			return encodeFrame({ pci: PciType.SingleFrame, data: payload }, encode);
		}
		const n = firstFrameCapacity(txDl, addressBytes, payload.length);
		this.#offset = n;
		this.#phase = 'awaiting-fc';
		this.#fcDeadlineUs = nowUs + this.#nBsUs;
		return encodeFrame(
			{ pci: PciType.FirstFrame, length: payload.length, data: payload.subarray(0, n) },
			encode
		);
	}

	#consecutiveFrame(nowUs: number): Uint8Array {
		const { txDl, addressBytes, encode } = this.#framing;
		const end = Math.min(
			this.#payload.length,
			this.#offset + consecutiveFrameCapacity(txDl, addressBytes)
		);
		const frame = encodeFrame(
			{
				pci: PciType.ConsecutiveFrame,
				sn: this.#sn,
				data: this.#payload.subarray(this.#offset, end)
			},
			encode
		);
		this.#offset = end;
		this.#sn = (this.#sn + 1) & 0x0f;
		this.#lastCfUs = nowUs;
		if (end === this.#payload.length) {
			this.#phase = 'done';
		} else if (this.#blockSize !== 0 && ++this.#sentInBlock === this.#blockSize) {
			this.#phase = 'awaiting-fc';
			this.#fcDeadlineUs = nowUs + this.#nBsUs;
		}
		return frame;
	}

	#fail(error: IsoTpError): SenderStep {
		this.#phase = 'failed';
		this.#error = error;
		return { kind: 'failed', error };
	}
}
