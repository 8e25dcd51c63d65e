import { canFrame, type CanFrame } from '../protocol/can-frame';
import {
	ConfigParam,
	ConnectFlag,
	J2534ErrorCode,
	J2534Protocol,
	RxPacketType,
	TxFlag,
	packetCapacity
} from '../protocol/openport';
import { IsoTpReceiver, IsoTpSender, decodeStMin } from '../protocol/isotp';
import type { CanBusSource } from './can-bus-source';
import { ChannelBase, be32, readBe32, type ChannelOutput } from './openport2-channel';

const ISO15765 = J2534Protocol.ISO15765;
/** A classic-CAN single frame carries at most 7 bytes (ISO 15765-2 §9.6.2). */
const SINGLE_FRAME_MAX = 7;

interface TxJob {
	id: number;
	extended: boolean;
	payload: Uint8Array;
	padding: number | null;
}

/**
 * The OpenPort firmware's ISO 15765 channel: host messages are segmented onto the bus with IsoTpSender (flow control
 * from the ECU arrives on the pattern id of the FLOW_CONTROL filter that sends on the TX id), and frames matching a
 * FLOW_CONTROL filter are reassembled with IsoTpReceiver, the filter's flow-control id carrying our FC. A finished
 * reception reaches the host as NORMAL chunk(s) + RX_END; a first frame is announced with RX_START first. A send
 * whose flow control never comes ends with `are 9` (ERR_TIMEOUT) instead of its TX-done (our choice, unverified).
 * Normal addressing only: ISO15765_ADDR_TYPE (an extended address byte) is not emulated. A single frame may go to
 * any id (functional 0x7DF included); only a segmented send needs the FLOW_CONTROL filter that sends on its id.
 */
export class Iso15765Channel extends ChannelBase {
	readonly #bus: CanBusSource;
	readonly #out: ChannelOutput;
	readonly #queue: TxJob[] = [];
	readonly #receivers = new Map<number, IsoTpReceiver>();
	#job: TxJob | null = null;
	#sender: IsoTpSender | null = null;

	constructor(flags: number, baud: number, bus: CanBusSource, out: ChannelOutput) {
		super(ISO15765, flags, baud);
		this.#bus = bus;
		this.#out = out;
	}

	/** 0 when queued, else the J2534 error number for `are`. */
	write(data: Uint8Array, txFlags: number, nowUs: number): number {
		if (data.length < 5 || data.length > 4 + 4095) return J2534ErrorCode.INVALID_MSG;
		const id = readBe32(data);
		const extended = (txFlags & TxFlag.CAN_29BIT_ID) !== 0;
		if (!idFits(id, extended, this.flags)) return J2534ErrorCode.INVALID_MSG;
		const payload = data.slice(4);
		if (
			payload.length > SINGLE_FRAME_MAX &&
			!this.filters.flowControlSendingOn(data.subarray(0, 4))
		) {
			return J2534ErrorCode.NO_FLOW_CONTROL;
		}
		const padding = txFlags & TxFlag.ISO15765_FRAME_PAD ? 0x00 : null;
		this.#queue.push({ id, extended, payload, padding });
		this.pump(nowUs);
		return 0;
	}

	receive(frame: CanFrame, nowUs: number): void {
		if (frame.rtr || frame.fd) return;
		const head = be32(frame.id);
		const filter = this.filters.flowControlFor(head);
		if (!filter) return;
		const job = this.#job;
		if (job && this.#sender && this.filters.flowControlSendingOn(be32(job.id)) === filter) {
			this.#sender.handleFrame(frame.data, nowUs);
		}
		const receiver = this.#receiver(filter.id, filter.txFlags);
		const wasReceiving = receiver.receiving;
		const out = receiver.handleFrame(frame.data, nowUs);
		if (out.flowControl) {
			this.#bus.transmit(
				this.#frame(readBe32(filter.flowControl!), frame.extended, out.flowControl, nowUs),
				nowUs
			);
		}
		if (receiver.receiving && (!wasReceiving || out.error)) {
			this.#out.packet({
				channel: ISO15765,
				type: RxPacketType.RX_START,
				timestampUs: frame.timestampUs,
				data: head
			});
		}
		if (out.message) this.#deliver(head, out.message, frame.timestampUs);
		this.pump(nowUs);
	}

	/** Runs the sender (after flow control or STmin) and the receivers' N_Cr timers. */
	pump(nowUs: number): void {
		for (const receiver of this.#receivers.values()) receiver.poll(nowUs);
		for (;;) {
			if (!this.#sender) {
				const job = this.#queue.shift();
				if (!job) return;
				this.#job = job;
				this.#sender = new IsoTpSender({ padding: job.padding, nBsUs: 1_000_000 });
				this.#sender.start(job.payload, nowUs);
			}
			const job = this.#job!;
			const step = this.#sender.poll(nowUs);
			switch (step.kind) {
				case 'transmit':
					this.#bus.transmit(this.#frame(job.id, job.extended, step.frame, nowUs), nowUs);
					continue;
				case 'wait':
					return;
				case 'done':
				case 'idle':
					this.#out.packet({
						channel: ISO15765,
						type: RxPacketType.TX_DONE,
						timestampUs: nowUs,
						data: be32(job.id)
					});
					break;
				case 'failed':
					this.#out.error(J2534ErrorCode.TIMEOUT);
					break;
			}
			this.#sender = null;
			this.#job = null;
		}
	}

	/** NORMAL chunks of at most one packet each (the first led by the CAN id), then RX_END. */
	#deliver(head: Uint8Array, message: Uint8Array, timestampUs: number): void {
		const data = new Uint8Array(4 + message.length);
		data.set(head);
		data.set(message, 4);
		const step = packetCapacity(ISO15765, RxPacketType.NORMAL);
		for (let at = 0; at < data.length; at += step) {
			this.#out.packet({
				channel: ISO15765,
				type: RxPacketType.NORMAL,
				timestampUs,
				data: data.subarray(at, at + step)
			});
		}
		this.#out.packet({
			channel: ISO15765,
			type: RxPacketType.RX_END,
			timestampUs,
			data: new Uint8Array(0)
		});
	}

	#receiver(filterId: number, txFlags: number): IsoTpReceiver {
		let receiver = this.#receivers.get(filterId);
		if (!receiver) {
			// J2534-1 ISO15765_BS / ISO15765_STMIN: what our flow control asks of the ECU (STmin in its raw encoding).
			receiver = new IsoTpReceiver({
				blockSize: this.config.get(ConfigParam.ISO15765_BS) ?? 0,
				stMinUs: decodeStMin(this.config.get(ConfigParam.ISO15765_STMIN) ?? 0),
				padding: txFlags & TxFlag.ISO15765_FRAME_PAD ? 0x00 : null,
				nCrUs: 1_000_000
			});
			this.#receivers.set(filterId, receiver);
		}
		return receiver;
	}

	/** A filter went away: forget its reassembly. */
	dropFilter(filterId: number): void {
		this.#receivers.delete(filterId);
	}

	#frame(id: number, extended: boolean, data: Uint8Array, nowUs: number): CanFrame {
		return canFrame({
			id,
			extended: extended || id > 0x7ff,
			data: data.slice(),
			timestampUs: nowUs
		});
	}
}

/** An 11-bit id must fit 11 bits; a 29-bit one needs the channel to take 29-bit ids. */
export function idFits(id: number, extended: boolean, connectFlags: number): boolean {
	const both = (connectFlags & ConnectFlag.CAN_ID_BOTH) !== 0;
	const only29 = (connectFlags & ConnectFlag.CAN_29BIT_ID) !== 0;
	if (extended) return (both || only29) && id <= 0x1fff_ffff;
	return !only29 && id <= 0x7ff;
}
