import { AdapterError, AdapterRejectedError } from '../errors';
import type { CanFrame } from '../protocol/can-frame';
import { ConfigParam, ConnectFlag, J2534Filter, J2534Protocol, TxFlag } from '../protocol/openport';
import type { CanAdapter, CanOpenOptions, CanSink } from './can-adapter';
import { OpenPort2, type OpenPort2Options } from './openport2';

const CAN = J2534Protocol.CAN;

export type OpenPort2CanAdapterOptions =
	| ({ device: OpenPort2Options['device'] } & Omit<OpenPort2Options, 'device'>)
	/** Share an OpenPort2 with ISO-TP or K-line users; closing the adapter then only disconnects CAN. */
	| { openport: OpenPort2 };

/**
 * CanAdapter over an OpenPort 2.0's raw CAN channel (J2534 protocol 5). open() connects at the bit rate with
 * CAN_ID_BOTH and starts a pass-all filter, because a J2534 channel receives nothing until a filter passes it
 * (SAE J2534-1 PassThruStartMsgFilter). Frames reach the sink with the device's µs timestamps unwrapped; send()
 * resolves on the TX-done indication. J2534 has no listen-only mode and no RTR or FD frames, so those are refused
 * before anything is sent.
 */
export class OpenPort2CanAdapter implements CanAdapter {
	readonly kind = 'openport2';
	readonly openport: OpenPort2;
	readonly #owned: boolean;
	#sink: CanSink | null = null;
	#unlisten: (() => void) | null = null;
	#open = false;
	#closing: Promise<void> | null = null;
	#periodic = new Set<number>();

	constructor(options: OpenPort2CanAdapterOptions) {
		if (!options) throw new TypeError('OpenPort2CanAdapter needs { device } or { openport }');
		if ('openport' in options) {
			if (!(options.openport instanceof OpenPort2)) {
				throw new TypeError('openport must be an OpenPort2');
			}
			this.openport = options.openport;
			this.#owned = false;
		} else {
			this.openport = new OpenPort2(options);
			this.#owned = true;
		}
	}

	async open(options: CanOpenOptions, sink: CanSink): Promise<void> {
		if (this.#open) throw new AdapterError('OpenPort 2.0 CAN channel is already open', this.kind);
		if (options.listenOnly) {
			throw new AdapterRejectedError(
				'the OpenPort 2.0 has no listen-only mode (J2534-1 defines none): it would ACK and could transmit; use a gs_usb or SLCAN adapter to sniff',
				this.kind
			);
		}
		const channel = options.channel ?? 0;
		if (channel !== 0)
			throw new TypeError(`the OpenPort 2.0 has one CAN channel (0), got ${channel}`);
		const bitrate = options.bitrate ?? 500_000;
		if (!Number.isInteger(bitrate) || bitrate <= 0) {
			throw new TypeError(`bitrate must be a positive integer, got ${bitrate}`);
		}
		const sp = options.samplePoint;
		if (sp !== undefined && !(sp > 0 && sp < 1)) {
			throw new TypeError(`samplePoint must be a fraction between 0 and 1, got ${sp}`);
		}
		this.#closing = null;
		this.#sink = sink;
		const op = this.openport;
		if (this.#owned) await op.open();
		try {
			await op.acquireChannel(CAN, ConnectFlag.CAN_ID_BOTH, bitrate);
		} catch (err) {
			if (this.#owned) await op.close();
			throw err;
		}
		try {
			this.#unlisten = op.listen(CAN, {
				message: (m) => {
					if (!m.loopback) this.#frame(m.data, m.timestampUs);
				},
				closed: (reason) => this.#closed(reason)
			});
			// J2534-1 BIT_SAMPLE_POINT is in percent.
			if (sp !== undefined)
				await op.setConfig(CAN, ConfigParam.BIT_SAMPLE_POINT, Math.round(sp * 100));
			await op.startFilter(CAN, {
				type: J2534Filter.PASS,
				txFlags: 0,
				mask: new Uint8Array(4),
				pattern: new Uint8Array(4)
			});
		} catch (err) {
			this.#unlisten?.();
			await op.releaseChannel(CAN).catch(() => {});
			if (this.#owned) await op.close();
			throw err;
		}
		this.#open = true;
	}

	/** `att5` with the 4-byte BE id + data; resolves on the TX-done indication. */
	async send(frame: CanFrame): Promise<void> {
		this.#assertOpen();
		await this.openport.write(CAN, ...encodeFrame(frame));
	}

	/** A frame the driver re-sends every `intervalMs` (5–65535) until stopPeriodic or close. */
	startPeriodic(frame: CanFrame, intervalMs: number): number {
		this.#assertOpen();
		const [data, txFlags] = encodeFrame(frame);
		const id = this.openport.startPeriodicMessage(CAN, data, txFlags, intervalMs);
		this.#periodic.add(id);
		return id;
	}

	stopPeriodic(id: number): void {
		this.openport.stopPeriodicMessage(id);
		this.#periodic.delete(id);
	}

	/** Disconnects CAN (and closes the device if this adapter opened it). Idempotent. */
	close(): Promise<void> {
		if (this.#closing) return this.#closing;
		this.#closing = (async () => {
			if (!this.#open) return;
			this.#open = false;
			for (const id of this.#periodic) {
				try {
					this.openport.stopPeriodicMessage(id);
				} catch {
					// Already stopped with its channel.
				}
			}
			this.#periodic.clear();
			this.#unlisten?.();
			await this.openport.releaseChannel(CAN).catch(() => {});
			if (this.#owned) await this.openport.close();
			this.#sink?.closed(null);
		})();
		return this.#closing;
	}

	#frame(data: Uint8Array, timestampUs: number | undefined): void {
		if (data.length < 4 || data.length > 12) {
			this.openport.reportMalformed(
				`CAN message of ${data.length} bytes: expected a 4-byte id and 0–8 data bytes`
			);
			return;
		}
		const id = ((data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3]) >>> 0;
		// The RX packet carries no IDE bit; J2534 ids above 0x7FF can only be 29-bit.
		this.#sink?.frame({
			id: id & 0x1fff_ffff,
			extended: id > 0x7ff,
			rtr: false,
			fd: false,
			brs: false,
			data: data.slice(4),
			timestampUs: timestampUs ?? 0,
			channel: 0
		});
	}

	#closed(reason: AdapterError | null): void {
		if (!this.#open) return;
		this.#open = false;
		this.#periodic.clear();
		this.#sink?.closed(reason);
	}

	#assertOpen(): void {
		if (!this.#open) {
			throw (
				this.openport.failure ?? new AdapterError('OpenPort 2.0 CAN channel is not open', this.kind)
			);
		}
	}
}

/** J2534 CAN message: 4-byte big-endian id then data; CAN_29BIT_ID marks an extended id. */
function encodeFrame(frame: CanFrame): [Uint8Array, number] {
	if (frame.fd) throw new AdapterRejectedError('J2534 CAN has no CAN FD frames', 'openport2');
	if (frame.rtr) throw new AdapterRejectedError('J2534 CAN cannot send remote frames', 'openport2');
	const max = frame.extended ? 0x1fff_ffff : 0x7ff;
	if (!Number.isInteger(frame.id) || frame.id < 0 || frame.id > max) {
		throw new TypeError(
			`CAN id 0x${frame.id.toString(16)} does not fit ${frame.extended ? 29 : 11} bits`
		);
	}
	if (frame.data.length > 8)
		throw new TypeError(`classic CAN carries 0–8 bytes, got ${frame.data.length}`);
	const data = new Uint8Array(4 + frame.data.length);
	new DataView(data.buffer).setUint32(0, frame.id);
	data.set(frame.data, 4);
	return [data, frame.extended ? TxFlag.CAN_29BIT_ID : 0];
}
