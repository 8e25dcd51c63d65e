import { safeWarn } from './driver-callbacks';
import { AdapterError, AdapterRejectedError } from '../errors';
import type { UsbDeviceLike } from '../transport/usb';
import {
	PM_DATA_LEN,
	VBATT_PIN,
	encodeCloseInterface,
	encodeConnect,
	encodeDisconnect,
	encodeFastInit,
	encodeGetConfig,
	encodeIdentify,
	encodeOpenInterface,
	encodeReadVoltage,
	encodeSetConfig,
	encodeStartFilter,
	encodeStopFilter,
	encodeWriteMessage,
	type FilterSpec
} from '../protocol/openport';
import { claimOpenPort } from './openport2-bring-up';
import { ChannelRegistry, type ChannelListener } from './openport2-channels';
import { CommandLane, type ReplyExpectation } from './openport2-command-lane';
import { OPENPORT_DEFAULT_ENDPOINTS, type OpenPortEndpoints } from './openport2-endpoints';
import { PeriodicMessages } from './openport2-periodic';
import { RxRouter, type OpenPort2Stats, type OpenPort2Warning } from './openport2-rx';
import { readBulkIn } from './usb-bulk-reader';
import { toUsbAdapterError, usbTransferError, type UsbDriverNames } from './usb-driver-errors';

export type { ChannelListener, ChannelMessage } from './openport2-channels';
export type { OpenPort2Stats, OpenPort2Warning } from './openport2-rx';
export type { OpenPortEndpoints } from './openport2-endpoints';

const KIND = 'openport2';
const NAMES: UsbDriverNames = { kind: KIND, label: 'OpenPort 2.0', device: 'OpenPort 2.0' };

export interface OpenPort2Options {
	device: UsbDeviceLike;
	/** How long a command waits for `aro`/`are`/…; j2534.c usb_send_expect uses 2000 ms. @default 2000 */
	controlTimeoutMs?: number;
	/** How long a write waits for its TX-done indication (ISO-TP sends wait for the ECU's flow control). @default 5000 */
	txTimeoutMs?: number;
	/** Bytes per bulk IN read; PassThruReadMsgs reads PM_DATA_LEN. @default 4128 */
	rxTransferSize?: number;
	/** Overrides for the bulk pipes; see openport2-endpoints.ts for discovery and defaults. */
	endpoints?: Partial<OpenPortEndpoints>;
	/** Malformed or unknown stream bytes, replies nobody waited for, failed periodic sends. */
	onWarning?: (warning: OpenPort2Warning) => void;
}

type State = 'idle' | 'opening' | 'open' | 'closing' | 'closed';

/**
 * A Tactrix OpenPort 2.0 over WebUSB, speaking the J2534 "AT" protocol the reference j2534.c speaks (protocols.md
 * §4) with no DLL in between. This class is the device: open/close, one command at a time with a 2000 ms reply
 * timeout, the RX stream routed per channel, battery voltage, filters, config, fast init and driver-side periodic
 * messages. OpenPort2CanAdapter, OpenPort2IsoTpLink and OpenPort2KLine build on it. An unplug fails every pending
 * call with AdapterDisconnectedError and tells every channel listener.
 */
export class OpenPort2 {
	readonly kind = KIND;
	readonly #device: UsbDeviceLike;
	readonly #controlTimeoutMs: number;
	readonly #txTimeoutMs: number;
	readonly #rxSize: number;
	readonly #endpointOverrides: Partial<OpenPortEndpoints>;
	readonly #warn: (warning: OpenPort2Warning) => void;
	readonly #lane: CommandLane;
	readonly #rx: RxRouter;
	readonly #periodic: PeriodicMessages;
	readonly #channels: ChannelRegistry;
	#state: State = 'idle';
	#endpoints: OpenPortEndpoints = OPENPORT_DEFAULT_ENDPOINTS;
	#firmware: string | null = null;
	#failure: AdapterError | null = null;
	#opening: Promise<void> | null = null;
	#closing: Promise<void> | null = null;

	constructor(options: OpenPort2Options) {
		if (!options?.device) throw new TypeError('OpenPort2 needs a device (UsbDeviceLike)');
		this.#device = options.device;
		this.#controlTimeoutMs = positive(options.controlTimeoutMs ?? 2000, 'controlTimeoutMs');
		this.#txTimeoutMs = positive(options.txTimeoutMs ?? 5000, 'txTimeoutMs');
		this.#rxSize = options.rxTransferSize ?? PM_DATA_LEN;
		if (!Number.isInteger(this.#rxSize) || this.#rxSize < 64) {
			throw new TypeError(`rxTransferSize must be an integer of at least 64, got ${this.#rxSize}`);
		}
		this.#endpointOverrides = options.endpoints ?? {};
		this.#warn = safeWarn(options.onWarning);
		const warn = (warning: OpenPort2Warning) => this.#warn(warning);
		this.#lane = new CommandLane({ write: (bytes) => this.#write(bytes), adapter: KIND });
		this.#channels = new ChannelRegistry({
			connect: (p, flags, baud) => this.#control(encodeConnect(p, flags, baud), { kind: 'ok' }),
			disconnect: (p) => this.#disconnect(p),
			onListenerError: (error) => warn({ kind: 'listener-error', error })
		});
		this.#rx = new RxRouter({
			offer: (event) => this.#lane.offer(event),
			deliver: (protocol, out) => this.#channels.deliver(protocol, out),
			warn
		});
		this.#periodic = new PeriodicMessages({
			send: (channel, data, txFlags) => this.write(channel, data, txFlags),
			onError: (error, id) => warn({ kind: 'periodic-failed', id, error })
		});
	}

	get state(): State {
		return this.#state;
	}

	/** What `ati` answered after `ari ` (e.g. "main code version : 1.17.4877"), or null before open. */
	get firmwareVersion(): string | null {
		return this.#firmware;
	}

	get endpoints(): Readonly<OpenPortEndpoints> {
		return this.#endpoints;
	}

	get stats(): Readonly<OpenPort2Stats> {
		return { ...this.#rx.stats };
	}

	/** Why the device stopped underneath us, or null. */
	get failure(): AdapterError | null {
		return this.#failure;
	}

	/** Claims the device and runs PassThruOpen: `\r\n\r\nati` → `ari …`, `ata` → `aro`. Idempotent while open. */
	open(): Promise<void> {
		if (this.#state === 'open') return Promise.resolve();
		if (this.#state === 'opening') return this.#opening!;
		if (this.#state === 'closing') {
			return Promise.reject(new AdapterError('OpenPort 2.0 is closing', KIND));
		}
		this.#state = 'opening';
		this.#failure = null;
		this.#closing = null;
		this.#rx.reset();
		this.#lane.reset();
		this.#opening = this.#bringUp().then(
			() => {
				this.#state = 'open';
			},
			async (err: unknown) => {
				const error = toUsbAdapterError(err, 'open failed', NAMES);
				this.#lane.fail(error);
				this.#state = 'closed';
				await this.#release();
				throw error;
			}
		);
		return this.#opening;
	}

	/** PassThruClose: stops periodic messages, sends `atz` (no reply awaited), releases the device. Idempotent. */
	close(): Promise<void> {
		if (this.#closing) return this.#closing;
		this.#closing = (async () => {
			if (this.#state === 'opening') await this.#opening?.catch(() => {});
			if (this.#state !== 'open') return;
			this.#state = 'closing';
			this.#periodic.stopAll();
			this.#lane.fail(new AdapterError('OpenPort 2.0 closed', KIND));
			await this.#write(encodeCloseInterface()).catch(() => {});
			this.#state = 'closed';
			await this.#release();
			this.#channels.closeAll(null);
		})();
		return this.#closing;
	}

	/**
	 * Connects `protocol` (PassThruConnect) unless it already is with the same flags and baud. Every acquire needs a
	 * release; the last release disconnects. Asking for other settings than the connected ones is AdapterRejectedError.
	 */
	async acquireChannel(protocol: number, flags: number, baud: number): Promise<void> {
		this.#assertOpen();
		this.#rx.addChannel(protocol);
		try {
			await this.#channels.acquire(protocol, flags, baud);
		} catch (err) {
			if (!this.#channels.connected(protocol)) this.#rx.removeChannel(protocol);
			throw err;
		}
	}

	releaseChannel(protocol: number): Promise<void> {
		return this.#channels.release(protocol);
	}

	/** Hears the channel's messages and indications; returns the unsubscribe function. */
	listen(protocol: number, listener: ChannelListener): () => void {
		return this.#channels.listen(protocol, listener);
	}

	/** PassThruStartMsgFilter; resolves with the filter id from `arf<ch> <id>`. */
	async startFilter(protocol: number, filter: FilterSpec): Promise<number> {
		const expect = { kind: 'filter', channel: protocol } as const;
		const reply = await this.#control(encodeStartFilter(protocol, filter), expect);
		return reply.kind === 'filter' ? reply.filterId : NaN;
	}

	async stopFilter(protocol: number, filterId: number): Promise<void> {
		await this.#control(encodeStopFilter(protocol, filterId), { kind: 'ok' });
	}

	/**
	 * PassThruWriteMsgs: `att<ch> <size> <flags>` + data. Resolves on the TX-done indication (0x10); rejects with
	 * J2534Error on `are`, AdapterTimeoutError when neither comes within `txTimeoutMs`.
	 */
	async write(protocol: number, data: Uint8Array, txFlags: number): Promise<void> {
		this.#assertOpen();
		const bytes = encodeWriteMessage(protocol, data, txFlags);
		await this.#lane.run(bytes, { kind: 'tx-done', channel: protocol }, this.#txTimeoutMs);
	}

	async getConfig(protocol: number, param: number): Promise<number> {
		const expect = { kind: 'config', channel: protocol, param } as const;
		const reply = await this.#control(encodeGetConfig(protocol, param), expect);
		return reply.kind === 'config' ? reply.value : NaN;
	}

	async setConfig(protocol: number, param: number, value: number): Promise<void> {
		await this.#control(encodeSetConfig(protocol, param, value), { kind: 'ok' });
	}

	/** IOCTL READ_VBATT (`atr 16` → `arr 16 <mV>`), in volts. */
	async readBatteryVoltage(): Promise<number> {
		const reply = await this.#control(encodeReadVoltage(), { kind: 'voltage', pin: VBATT_PIN });
		return reply.kind === 'voltage' ? reply.millivolts / 1000 : NaN;
	}

	/** IOCTL FAST_INIT: `aty<ch>` + the StartCommunication request; resolves with the ECU's raw answer. */
	async fastInit(protocol: number, request: Uint8Array): Promise<Uint8Array> {
		const expect = { kind: 'fast-init', channel: protocol } as const;
		const reply = await this.#control(encodeFastInit(protocol, request), expect);
		return reply.kind === 'fast-init' ? reply.data : new Uint8Array(0);
	}

	/** PassThruStartPeriodicMsg, kept by the driver (openport2-periodic.ts says why); returns the message id. */
	startPeriodicMessage(
		protocol: number,
		data: Uint8Array,
		txFlags: number,
		intervalMs: number
	): number {
		this.#assertOpen();
		encodeWriteMessage(protocol, data, txFlags);
		return this.#periodic.start(protocol, data, txFlags, intervalMs);
	}

	/** PassThruStopPeriodicMsg; J2534Error ERR_INVALID_MSG_ID for an id that is not running. */
	stopPeriodicMessage(id: number): void {
		this.#periodic.stop(id);
	}

	/** Counts and reports a message a channel user found malformed (e.g. a CAN message without its id). */
	reportMalformed(message: string): void {
		this.#rx.malformed(message);
	}

	async #control(bytes: Uint8Array<ArrayBuffer>, expect: ReplyExpectation) {
		this.#assertOpen();
		return this.#lane.run(bytes, expect, this.#controlTimeoutMs);
	}

	async #disconnect(protocol: number): Promise<void> {
		this.#periodic.stopChannel(protocol);
		this.#rx.removeChannel(protocol);
		if (this.#state !== 'open') return;
		await this.#control(encodeDisconnect(protocol), { kind: 'ok' });
	}

	async #bringUp(): Promise<void> {
		this.#endpoints = await claimOpenPort(this.#device, this.#endpointOverrides);
		void this.#readIn();
		const t = this.#controlTimeoutMs;
		const info = await this.#lane.run(encodeIdentify(), { kind: 'info' }, t);
		this.#firmware = info.kind === 'info' ? info.text : null;
		await this.#lane.run(encodeOpenInterface(), { kind: 'ok' }, t);
	}

	/** Replies and RX packets share one IN pipe, so it is read from the first command on (`opening`). */
	#readIn(): Promise<void> {
		return readBulkIn({
			device: this.#device,
			endpoint: this.#endpoints.inEndpoint,
			length: this.#rxSize,
			names: NAMES,
			running: () => this.#state === 'opening' || this.#state === 'open',
			onTransfer: (result) => {
				const view = result.data;
				if (result.status !== 'ok' || !view) {
					this.#rx.malformed(`bulk IN ended with ${result.status}`);
					return;
				}
				this.#rx.push(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
			},
			onFailure: (error) => this.#fail(error)
		});
	}

	async #write(bytes: Uint8Array<ArrayBuffer>): Promise<void> {
		let result;
		try {
			result = await this.#device.transferOut(this.#endpoints.outEndpoint, bytes);
		} catch (err) {
			const error = usbTransferError(err, 'bulk OUT', NAMES);
			this.#fail(error);
			throw error;
		}
		if (result.status !== 'ok') {
			throw new AdapterRejectedError(`bulk OUT ended with ${result.status}`, KIND);
		}
	}

	/** The device died underneath us: report once, fail every caller, release what we can. */
	#fail(err: AdapterError): void {
		if (this.#state !== 'open' && this.#state !== 'opening') return;
		this.#state = 'closed';
		this.#failure = err;
		this.#periodic.stopAll();
		this.#lane.fail(err);
		void this.#release();
		this.#channels.closeAll(err);
	}

	async #release(): Promise<void> {
		await this.#device.releaseInterface(this.#endpoints.interfaceNumber).catch(() => {});
		await this.#device.close().catch(() => {});
	}

	#assertOpen(): void {
		if (this.#state === 'open') return;
		throw this.#failure ?? new AdapterError(`OpenPort 2.0 is ${this.#state}`, KIND);
	}
}

function positive(value: number, what: string): number {
	if (!Number.isFinite(value) || value <= 0) {
		throw new TypeError(`${what} must be a positive number of ms, got ${value}`);
	}
	return value;
}
