import {
	ConnectFlag,
	J2534ErrorCode,
	J2534Protocol,
	RxPacketType,
	packetCapacity
} from '../protocol/openport';
import { kLineChecksum } from '../protocol/kline';
import { ChannelBase, type ChannelOutput } from './openport2-channel';
import { KLINE_BYTE_US, type KLineEcu, type KLineReply } from './openport2-kline-ecu';

/**
 * The OpenPort firmware's K-line channel (ISO 9141 or ISO 14230). Without ISO9141_NO_CHECKSUM the device appends
 * the checksum to what the host sends and strips it from what it receives (J2534-1); with it, bytes pass as they
 * are. Each message written is acknowledged with a TX-done indication and handed to the ECU; the ECU's answers
 * reach the host when due as RX_START, the data (K-line data packets carry no timestamp) and RX_END.
 */
export class KLineChannel extends ChannelBase {
	readonly #ecu: KLineEcu | undefined;
	readonly #out: ChannelOutput;
	#due: KLineReply[] = [];

	constructor(
		protocol: number,
		flags: number,
		baud: number,
		ecu: KLineEcu | undefined,
		out: ChannelOutput
	) {
		super(protocol, flags, baud);
		this.#ecu = ecu;
		this.#out = out;
	}

	get #raw(): boolean {
		return (this.flags & ConnectFlag.ISO9141_NO_CHECKSUM) !== 0;
	}

	write(data: Uint8Array, nowUs: number): number {
		if (data.length < 1 || data.length > 260) return J2534ErrorCode.INVALID_MSG;
		const bytes = this.#withChecksum(data);
		this.#out.packet({
			channel: this.protocol,
			type: RxPacketType.TX_DONE,
			timestampUs: nowUs,
			data: new Uint8Array(0)
		});
		if (this.#ecu && this.protocol === J2534Protocol.ISO14230) {
			this.#due.push(...this.#ecu.handle(bytes, nowUs));
			this.#due.sort((a, b) => a.atUs - b.atUs);
		}
		return 0;
	}

	/** IOCTL FAST_INIT: the ECU's answer for `ary`, or a J2534 error number. */
	fastInit(request: Uint8Array, nowUs: number): Uint8Array | number {
		if (this.protocol !== J2534Protocol.ISO14230) return J2534ErrorCode.INVALID_IOCTL_ID;
		const answer = this.#ecu?.startCommunication(this.#withChecksum(request), nowUs);
		if (!answer) return J2534ErrorCode.TIMEOUT;
		return this.#raw ? answer : answer.subarray(0, answer.length - 1);
	}

	pump(nowUs: number): void {
		while (this.#due.length > 0 && this.#due[0].atUs <= nowUs) {
			const { atUs, bytes } = this.#due.shift()!;
			const message = this.#raw ? bytes : bytes.subarray(0, bytes.length - 1);
			if (!this.filters.passes(message)) continue;
			const startUs = atUs - bytes.length * KLINE_BYTE_US;
			this.#out.packet({
				channel: this.protocol,
				type: RxPacketType.RX_START,
				timestampUs: startUs,
				data: new Uint8Array(0)
			});
			const step = packetCapacity(this.protocol, RxPacketType.NORMAL);
			for (let at = 0; at < message.length; at += step) {
				this.#out.packet({
					channel: this.protocol,
					type: RxPacketType.NORMAL,
					data: message.subarray(at, at + step)
				});
			}
			this.#out.packet({
				channel: this.protocol,
				type: RxPacketType.RX_END,
				timestampUs: atUs,
				data: new Uint8Array(0)
			});
		}
	}

	#withChecksum(data: Uint8Array): Uint8Array {
		if (this.#raw) return data;
		const out = new Uint8Array(data.length + 1);
		out.set(data);
		out[data.length] = kLineChecksum(data);
		return out;
	}
}
