import {
	ConnectFlag,
	J2534ErrorCode,
	J2534Protocol,
	VBATT_PIN,
	encodeConfigReply,
	encodeErrorReply,
	encodeFastInitReply,
	encodeFilterReply,
	encodeInfoReply,
	encodeOk,
	encodeRxPacket,
	encodeVoltageReply,
	isKLineProtocol,
	type OpenPortHostCommand
} from '../protocol/openport';
import type { CanFrame } from '../protocol/can-frame';
import type { CanBusSource } from './can-bus-source';
import { CanChannel } from './openport2-can-channel';
import type { ChannelOutput } from './openport2-channel';
import { configDefaults, checkConfig } from './openport2-config';
import { Iso15765Channel } from './openport2-iso15765';
import { KLineChannel } from './openport2-kline-channel';
import type { KLineEcu } from './openport2-kline-ecu';

export type EmulatedChannel = CanChannel | Iso15765Channel | KLineChannel;

export interface FirmwareOptions {
	bus: CanBusSource;
	kLineEcu: KLineEcu | undefined;
	/** What `ati` answers after `ari `. */
	firmwareText: string;
	batteryMillivolts(): number;
	/** Queue bytes for the host. Packets may be dropped when the host does not read; replies never are. */
	toHost(bytes: Uint8Array, droppable: boolean): void;
}

const CAN_BAUDS = new Set([33_333, 50_000, 83_333, 100_000, 125_000, 250_000, 500_000, 1_000_000]);
const KLINE_BAUD = { min: 1200, max: 115_200 };

/**
 * The OpenPort 2.0 firmware as j2534.c drives it: one reply per command (`aro`, `ari`, `arf`, `arg`, `arr`, `ary` or
 * `are <n>`), `att` answered only in the RX stream, channels keyed by protocol id. The J2534 numbers for refusals
 * follow J2534-1's meanings: an unconnected channel is ERR_INVALID_CHANNEL_ID, an unsupported protocol
 * ERR_INVALID_PROTOCOL_ID, a segmented ISO 15765 send without a flow control filter ERR_NO_FLOW_CONTROL. Which
 * number the real firmware picks for each case is unpublished (unverified), as are ERR_NOT_SUPPORTED for an unknown
 * command and ERR_FAILED for one with bad arguments.
 */
export class OpenPortFirmware {
	readonly channels = new Map<number, EmulatedChannel>();
	interfaceOpen = false;
	readonly #options: FirmwareOptions;
	readonly #out: ChannelOutput;

	constructor(options: FirmwareOptions) {
		this.#options = options;
		this.#out = {
			packet: (packet) => options.toHost(encodeRxPacket(packet), true),
			error: (code) => options.toHost(encodeErrorReply(code), false)
		};
	}

	handle(cmd: OpenPortHostCommand, nowUs: number): void {
		const reply = (bytes: Uint8Array) => this.#options.toHost(bytes, false);
		const refuse = (code: number) => reply(encodeErrorReply(code));
		const ok = () => reply(encodeOk());
		switch (cmd.kind) {
			case 'identify':
				return reply(encodeInfoReply(this.#options.firmwareText));
			case 'open':
				this.interfaceOpen = true;
				return ok();
			case 'close':
				this.reset();
				return;
			case 'read-voltage':
				if (cmd.pin !== VBATT_PIN) return refuse(J2534ErrorCode.PIN_INVALID);
				return reply(encodeVoltageReply(Math.round(this.#options.batteryMillivolts())));
			case 'connect': {
				const code = this.#connect(cmd.protocol, cmd.flags, cmd.baud);
				return code ? refuse(code) : ok();
			}
			case 'invalid':
				return refuse(
					cmd.reason === 'unknown' ? J2534ErrorCode.NOT_SUPPORTED : J2534ErrorCode.FAILED
				);
		}
		const channel = this.channels.get(cmd.channel);
		if (!channel) return refuse(J2534ErrorCode.INVALID_CHANNEL_ID);
		switch (cmd.kind) {
			case 'disconnect':
				this.channels.delete(cmd.channel);
				return ok();
			case 'write': {
				const code =
					channel instanceof KLineChannel
						? channel.write(cmd.data, nowUs)
						: channel.write(cmd.data, cmd.txFlags, nowUs);
				return code ? refuse(code) : undefined;
			}
			case 'start-filter': {
				const result = channel.filters.add({
					type: cmd.filterType,
					txFlags: cmd.txFlags,
					mask: cmd.mask,
					pattern: cmd.pattern,
					flowControl: cmd.flowControl
				});
				return 'error' in result
					? refuse(result.error)
					: reply(encodeFilterReply(cmd.channel, result.id));
			}
			case 'stop-filter': {
				const code = channel.filters.remove(cmd.filterId);
				if (!code && channel instanceof Iso15765Channel) channel.dropFilter(cmd.filterId);
				return code ? refuse(code) : ok();
			}
			case 'get-config': {
				const value = channel.config.get(cmd.param);
				if (value === undefined) return refuse(J2534ErrorCode.NOT_SUPPORTED);
				return reply(encodeConfigReply(cmd.channel, cmd.param, value));
			}
			case 'set-config': {
				const code = checkConfig(channel, cmd.param, cmd.value);
				if (code) return refuse(code);
				channel.config.set(cmd.param, cmd.value);
				return ok();
			}
			case 'fast-init': {
				if (!(channel instanceof KLineChannel)) return refuse(J2534ErrorCode.INVALID_IOCTL_ID);
				const answer = channel.fastInit(cmd.data, nowUs);
				return typeof answer === 'number'
					? refuse(answer)
					: reply(encodeFastInitReply(cmd.channel, answer));
			}
		}
	}

	/** Frames the bus carried: to the CAN channel (filtered) and the ISO 15765 channel (reassembled). */
	receive(frames: readonly CanFrame[], nowUs: number): void {
		const can = this.channels.get(J2534Protocol.CAN) as CanChannel | undefined;
		const isoTp = this.channels.get(J2534Protocol.ISO15765) as Iso15765Channel | undefined;
		for (const frame of frames) {
			can?.receive(frame);
			isoTp?.receive(frame, frame.timestampUs);
		}
		isoTp?.pump(nowUs);
		for (const channel of this.channels.values())
			if (channel instanceof KLineChannel) channel.pump(nowUs);
	}

	reset(): void {
		this.channels.clear();
		this.interfaceOpen = false;
	}

	#connect(protocol: number, flags: number, baud: number): number {
		if (this.channels.has(protocol)) return J2534ErrorCode.CHANNEL_IN_USE;
		const { bus, kLineEcu } = this.#options;
		let channel: EmulatedChannel;
		if (protocol === J2534Protocol.CAN || protocol === J2534Protocol.ISO15765) {
			if (!CAN_BAUDS.has(baud)) return J2534ErrorCode.INVALID_BAUDRATE;
			if (flags & ConnectFlag.CAN_29BIT_ID && flags & ConnectFlag.CAN_ID_BOTH)
				return J2534ErrorCode.INVALID_FLAGS;
			channel =
				protocol === J2534Protocol.CAN
					? new CanChannel(flags, baud, bus, this.#out)
					: new Iso15765Channel(flags, baud, bus, this.#out);
		} else if (isKLineProtocol(protocol)) {
			if (baud < KLINE_BAUD.min || baud > KLINE_BAUD.max) return J2534ErrorCode.INVALID_BAUDRATE;
			channel = new KLineChannel(protocol, flags, baud, kLineEcu, this.#out);
		} else {
			// J1850 VPW/PWM need the OpenPort's J1850 transceiver, which j2534.c never drives; others do not exist.
			return J2534ErrorCode.INVALID_PROTOCOL_ID;
		}
		for (const [param, value] of configDefaults(protocol, baud)) channel.config.set(param, value);
		this.channels.set(protocol, channel);
		return 0;
	}
}
