import { canFrame, type CanFrame } from '../protocol/can-frame';
import {
	ConfigParam,
	ConnectFlag,
	J2534ErrorCode,
	J2534Protocol,
	RxPacketType,
	TxFlag
} from '../protocol/openport';
import type { CanBusSource } from './can-bus-source';
import { ChannelBase, be32, readBe32, type ChannelOutput } from './openport2-channel';
import { idFits } from './openport2-iso15765';

const CAN = J2534Protocol.CAN;

/**
 * The OpenPort firmware's raw CAN channel: bus frames that pass the filters become NORMAL packets (4-byte id + data,
 * bus timestamp); host messages go on the bus, are acknowledged with TX_DONE (carrying the id) and, with the
 * LOOPBACK parameter set, echoed as TX_LOOPBACK.
 */
export class CanChannel extends ChannelBase {
	readonly #bus: CanBusSource;
	readonly #out: ChannelOutput;

	constructor(flags: number, baud: number, bus: CanBusSource, out: ChannelOutput) {
		super(CAN, flags, baud);
		this.#bus = bus;
		this.#out = out;
	}

	write(data: Uint8Array, txFlags: number, nowUs: number): number {
		if (data.length < 4 || data.length > 12) return J2534ErrorCode.INVALID_MSG;
		const id = readBe32(data);
		const extended = (txFlags & TxFlag.CAN_29BIT_ID) !== 0;
		if (!idFits(id, extended, this.flags)) return J2534ErrorCode.INVALID_MSG;
		const payload = data.slice(4);
		this.#bus.transmit(canFrame({ id, extended, data: payload, timestampUs: nowUs }), nowUs);
		this.#out.packet({
			channel: CAN,
			type: RxPacketType.TX_DONE,
			timestampUs: nowUs,
			data: be32(id)
		});
		if (this.config.get(ConfigParam.LOOPBACK) === 1) {
			this.#out.packet({ channel: CAN, type: RxPacketType.TX_LOOPBACK, timestampUs: nowUs, data });
		}
		return 0;
	}

	receive(frame: CanFrame): void {
		if (frame.rtr || frame.fd || frame.data.length > 8) return;
		const both = (this.flags & ConnectFlag.CAN_ID_BOTH) !== 0;
		const only29 = (this.flags & ConnectFlag.CAN_29BIT_ID) !== 0;
		if (!both && frame.extended !== only29) return;
		const message = new Uint8Array(4 + frame.data.length);
		message.set(be32(frame.id));
		message.set(frame.data, 4);
		if (!this.filters.passes(message)) return;
		this.#out.packet({
			channel: CAN,
			type: RxPacketType.NORMAL,
			timestampUs: frame.timestampUs,
			data: message
		});
	}
}
