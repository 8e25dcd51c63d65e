import { J2534Protocol, PM_DATA_LEN, RxPacketType } from '../protocol/openport/constants';

/** A packet as the assembler needs it: its type, unwrapped timestamp (if it had one) and data. */
export interface ChannelPacket {
	type: number;
	timestampUs: number | undefined;
	data: Uint8Array;
}

export type AssemblerOutput =
	/** A whole J2534 message. CAN / ISO 15765: 4-byte CAN id + data. K-line: the raw message. */
	| { kind: 'message'; data: Uint8Array; timestampUs: number | undefined; loopback: boolean }
	/** START_OF_MESSAGE: ISO 15765 first frame received (data = CAN id) or a K-line message began. */
	| { kind: 'start'; data: Uint8Array; timestampUs: number | undefined; loopback: boolean }
	| { kind: 'malformed'; reason: string };

/**
 * Turns one channel's RX packets into J2534 messages, as j2534.c PassThruReadMsgs does: on CAN every NORMAL or
 * TX_LOOPBACK packet is a message; on ISO 15765 and K-line the data comes in NORMAL / TX_LOOPBACK chunk(s)
 * (a packet holds at most 250 bytes) and the RX_END / LOOPBACK_END indication closes the message and stamps it.
 */
export class MessageAssembler {
	readonly #singlePacket: boolean;
	#parts: Uint8Array[] = [];
	#size = 0;
	#loopback = false;

	constructor(protocol: number) {
		this.#singlePacket = protocol === J2534Protocol.CAN;
	}

	push(packet: ChannelPacket): AssemblerOutput | undefined {
		const { type, timestampUs, data } = packet;
		switch (type) {
			case RxPacketType.NORMAL:
			case RxPacketType.TX_LOOPBACK: {
				const loopback = type === RxPacketType.TX_LOOPBACK;
				if (this.#singlePacket) return { kind: 'message', data, timestampUs, loopback };
				if (this.#size > 0 && loopback !== this.#loopback) {
					this.#reset();
					this.#append(data, loopback);
					return { kind: 'malformed', reason: 'loopback and received data interleaved' };
				}
				return this.#append(data, loopback);
			}
			case RxPacketType.RX_START:
			case RxPacketType.TX_LOOPBACK_START: {
				const interrupted = this.#size > 0;
				this.#reset();
				if (interrupted) return { kind: 'malformed', reason: 'a message start interrupted data' };
				const loopback = type === RxPacketType.TX_LOOPBACK_START;
				return { kind: 'start', data, timestampUs, loopback };
			}
			case RxPacketType.RX_END:
			case RxPacketType.EXT_ADDR_RX_END:
			case RxPacketType.LOOPBACK_END: {
				const overflow = this.#append(data, this.#loopback || type === RxPacketType.LOOPBACK_END);
				if (overflow) return overflow;
				if (this.#size === 0) return { kind: 'malformed', reason: 'end indication without data' };
				const message = this.#join();
				const loopback = this.#loopback;
				this.#reset();
				return { kind: 'message', data: message, timestampUs, loopback };
			}
			default:
				return undefined;
		}
	}

	#append(data: Uint8Array, loopback: boolean): AssemblerOutput | undefined {
		if (data.length === 0) return undefined;
		this.#loopback = loopback;
		this.#parts.push(data);
		this.#size += data.length;
		// ISO 15765 messages are at most 4095 bytes + the 4-byte id; PM_DATA_LEN bounds any J2534 message.
		if (this.#size > PM_DATA_LEN) {
			this.#reset();
			return { kind: 'malformed', reason: `message exceeds ${PM_DATA_LEN} bytes without an end` };
		}
		return undefined;
	}

	#join(): Uint8Array {
		if (this.#parts.length === 1) return this.#parts[0];
		const out = new Uint8Array(this.#size);
		let at = 0;
		for (const part of this.#parts) {
			out.set(part, at);
			at += part.length;
		}
		return out;
	}

	#reset(): void {
		this.#parts = [];
		this.#size = 0;
		this.#loopback = false;
	}
}
