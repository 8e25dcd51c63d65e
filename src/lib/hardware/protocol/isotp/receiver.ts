import {
	IsoTpError,
	IsoTpOverflowError,
	IsoTpProtocolError,
	IsoTpSequenceError,
	IsoTpTimeoutError
} from './errors';
import { decodeFrame, encodeFrame } from './frame-codec';
import {
	checkTime,
	isForUs,
	resolveFraming,
	type IsoTpFramingOptions,
	type ResolvedFraming
} from './framing-options';
import { FF_DL_32BIT_MAX, FlowStatus, PciType } from './pci';
import { encodeStMin } from './st-min';

export interface IsoTpReceiverOptions extends IsoTpFramingOptions {
	/**
	 * BS we ask for: consecutive frames per block, 0 = all without further flow control. ISO 15765-4 testers send
	 * `30 00 00`, so that is the default. @default 0
	 */
	blockSize?: number;
	/** STmin we ask for, rounded up to an encodable value (§9.6.5.4). @default 0 */
	stMinUs?: number;
	/** N_Cr: how long to wait for the next consecutive frame. @default 1_000_000 µs */
	nCrUs?: number;
	/** Receive buffer; a longer first frame is answered with FC OVFLW. @default 4095 */
	maxLength?: number;
}

/**
 * The result of one frame or poll. `flowControl` must be sent now. `error` means a reception ended without a message
 * (or, alongside `message`, that a new SF interrupted one). `ignored` explains a frame ISO 15765-2 says to drop.
 */
export interface ReceiverOutput {
	flowControl?: Uint8Array;
	message?: Uint8Array;
	error?: IsoTpError;
	ignored?: IsoTpProtocolError;
}

/**
 * Reassembles one message at a time from SF or FF + CFs, answering with flow control and checking sequence numbers
 * and the N_Cr timer (ISO 15765-2:2016 §9.6, §9.8.3). Sans-I/O: it never throws for wire input, it reports.
 */
export class IsoTpReceiver {
	readonly #framing: ResolvedFraming;
	readonly #blockSize: number;
	readonly #stMin: number;
	readonly #nCrUs: number;
	readonly #maxLength: number;
	#buffer: Uint8Array | undefined;
	#offset = 0;
	#nextSn = 0;
	#inBlock = 0;
	#deadlineUs = 0;

	constructor(options: IsoTpReceiverOptions = {}) {
		this.#framing = resolveFraming(options);
		const blockSize = options.blockSize ?? 0;
		if (!Number.isInteger(blockSize) || blockSize < 0 || blockSize > 0xff) {
			throw new TypeError(`blockSize must be 0–255, got ${blockSize}`);
		}
		this.#blockSize = blockSize;
		try {
			this.#stMin = encodeStMin(options.stMinUs ?? 0);
		} catch (cause) {
			throw new TypeError(`stMinUs ${options.stMinUs} is outside 0–127000 µs`, { cause });
		}
		this.#nCrUs = checkTime(options.nCrUs, 1_000_000, 'nCrUs');
		const maxLength = options.maxLength ?? 4095;
		if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > FF_DL_32BIT_MAX) {
			throw new TypeError(`maxLength must be 1–${FF_DL_32BIT_MAX}, got ${maxLength}`);
		}
		this.#maxLength = maxLength;
	}

	/** True between a first frame and the last consecutive frame. */
	get receiving(): boolean {
		return this.#buffer !== undefined;
	}

	/** When `poll` must run next to notice an N_Cr timeout, or undefined while idle. */
	get deadlineUs(): number | undefined {
		return this.#buffer === undefined ? undefined : this.#deadlineUs;
	}

	/** Drops the reception in progress. */
	reset(): void {
		this.#buffer = undefined;
	}

	poll(nowUs: number): ReceiverOutput {
		if (this.#buffer === undefined || nowUs < this.#deadlineUs) return {};
		this.#buffer = undefined;
		return { error: new IsoTpTimeoutError('N_Cr', this.#nCrUs) };
	}

	/** Feeds a frame received on the link's RX id. */
	handleFrame(frame: Uint8Array, nowUs: number): ReceiverOutput {
		if (!isForUs(frame, this.#framing)) return {};
		let pdu;
		try {
			pdu = decodeFrame(frame, { addressed: this.#framing.addressBytes === 1 });
		} catch (error) {
			if (error instanceof IsoTpProtocolError) return { ignored: error };
			throw error;
		}
		switch (pdu.pci) {
			case PciType.SingleFrame: {
				const interrupted = this.#interrupt('single frame', frame);
				if (pdu.data.length > this.#maxLength) {
					return { error: new IsoTpOverflowError(pdu.data.length, this.#maxLength) };
				}
				return { message: pdu.data.slice(), error: interrupted };
			}
			case PciType.FirstFrame: {
				const interrupted = this.#interrupt('first frame', frame);
				if (pdu.length > this.#maxLength) {
					return {
						flowControl: this.#flowControl(FlowStatus.Overflow),
						error: new IsoTpOverflowError(pdu.length, this.#maxLength, { cause: interrupted })
					};
				}
				this.#buffer = new Uint8Array(pdu.length);
				this.#buffer.set(pdu.data);
				this.#offset = pdu.data.length;
				this.#nextSn = 1;
				this.#inBlock = 0;
				this.#deadlineUs = nowUs + this.#nCrUs;
				return { flowControl: this.#flowControl(FlowStatus.ContinueToSend), error: interrupted };
			}
			case PciType.ConsecutiveFrame:
				return this.#consecutive(pdu.sn, pdu.data, frame, nowUs);
			case PciType.FlowControl:
				return {};
		}
	}

	#consecutive(sn: number, data: Uint8Array, frame: Uint8Array, nowUs: number): ReceiverOutput {
		const buffer = this.#buffer;
		// §9.8.3 Table 23: a CF while no reception is in progress is ignored.
		if (buffer === undefined) {
			return {
				ignored: new IsoTpProtocolError('unexpected consecutive frame while idle', frame.slice())
			};
		}
		if (sn !== this.#nextSn) {
			this.#buffer = undefined;
			return { error: new IsoTpSequenceError(this.#nextSn, sn) };
		}
		const take = Math.min(data.length, buffer.length - this.#offset);
		buffer.set(data.subarray(0, take), this.#offset);
		this.#offset += take;
		this.#nextSn = (sn + 1) & 0x0f;
		if (this.#offset === buffer.length) {
			this.#buffer = undefined;
			return { message: buffer };
		}
		this.#deadlineUs = nowUs + this.#nCrUs;
		if (this.#blockSize !== 0 && ++this.#inBlock === this.#blockSize) {
			this.#inBlock = 0;
			return { flowControl: this.#flowControl(FlowStatus.ContinueToSend) };
		}
		return {};
	}

	/** §9.8.3 Table 23: a new SF or FF mid-reception ends it with N_UNEXP_PDU and starts over. */
	#interrupt(what: string, frame: Uint8Array): IsoTpProtocolError | undefined {
		if (this.#buffer === undefined) return undefined;
		const done = this.#offset;
		const total = this.#buffer.length;
		this.#buffer = undefined;
		return new IsoTpProtocolError(
			`${what} interrupted a reception at ${done} of ${total} bytes (N_UNEXP_PDU)`,
			frame.slice()
		);
	}

	#flowControl(status: FlowStatus): Uint8Array {
		return encodeFrame(
			{ pci: PciType.FlowControl, status, blockSize: this.#blockSize, stMin: this.#stMin },
			this.#framing.encode
		);
	}
}
