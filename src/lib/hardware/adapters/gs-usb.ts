import {
	AdapterDisconnectedError,
	AdapterError,
	AdapterRejectedError,
	MalformedTransferError
} from '../errors';
import { isUsbGone, type UsbDeviceLike, type UsbInResult } from '../transport/usb';
import type { CanFrame } from '../protocol/can-frame';
import { decodeCanErrorFrame } from '../protocol/can-error-frame';
import { TimestampUnwrapper } from '../protocol/timestamp-unwrap';
import {
	CanIdFlag,
	GS_HOST_FRAME_ECHO_ID_RX,
	GsFrameFlag,
	canFrameToHostFrame,
	decodeHostFrame,
	encodeHostFrame,
	hostFrameToCanFrame,
	type GsHostFrame
} from '../protocol/gs-usb-frame';
import type { BusState, CanAdapter, CanOpenOptions, CanSink } from './can-adapter';
import { GsUsbControl, bringUpGsUsb, type GsUsbDeviceInfo } from './gs-usb-bring-up';
import { EchoSlots } from './gs-usb-tx-slots';

export type { GsUsbDeviceInfo } from './gs-usb-bring-up';

/** Things worth logging that do not stop the stream. */
export type GsUsbWarning =
	| { kind: 'malformed'; error: MalformedTransferError }
	| { kind: 'unknown-echo'; echoId: number }
	| { kind: 'rx-overflow' }
	| { kind: 'foreign-channel'; channel: number }
	| { kind: 'sink-error'; error: unknown };

export interface GsUsbAdapterOptions {
	device: UsbDeviceLike;
	/** Host clock in µs, used for frame timestamps when the device lacks HW_TIMESTAMP. @default performance.now() × 1000 */
	clock?: () => number;
	/** Bulk IN transfers kept outstanding (Linux keeps 30 URBs). @default 8 */
	rxTransfers?: number;
	/** Longest send() waits for a free echo slot plus its echo. @default 1000 */
	txTimeoutMs?: number;
	/** Per control transfer, as Linux's usb_control_msg timeout. @default 1000 */
	controlTimeoutMs?: number;
	/** Malformed IN transfers, unknown echo ids, device-side RX overflow, sink exceptions. */
	onWarning?: (warning: GsUsbWarning) => void;
}

export interface GsUsbStats {
	rxFrames: number;
	txFrames: number;
	errorFrames: number;
	malformed: number;
	unknownEchoes: number;
	rxOverflows: number;
}

type State = 'idle' | 'opening' | 'open' | 'closing' | 'closed';

const KIND = 'gs_usb';
const IN_ENDPOINT = 1;
const OUT_ENDPOINT = 2;

/**
 * CanAdapter for gs_usb devices (candleLight_fw and compatibles) over WebUSB, following Linux
 * gs_usb.c. Open brings one channel up (§3.2 bring-up); frames go to `sink.frame`, error frames to
 * `sink.busState`. `send()` resolves on the device's TX echo; with all 10 echo ids in flight it
 * waits up to `txTimeoutMs` and then throws AdapterTimeoutError. In listen-only mode `send()`
 * throws AdapterRejectedError without touching USB, as Linux keeps the TX queue stopped.
 * A malformed IN transfer is counted, reported through `onWarning` and skipped.
 */
export class GsUsbAdapter implements CanAdapter {
	readonly kind = KIND;
	readonly #device: UsbDeviceLike;
	readonly #clock: () => number;
	readonly #rxTransfers: number;
	readonly #txTimeoutMs: number;
	readonly #control: GsUsbControl;
	readonly #onWarning: (warning: GsUsbWarning) => void;
	readonly #slots = new EchoSlots();
	readonly #unwrapper = new TimestampUnwrapper();
	readonly #stats: GsUsbStats = {
		rxFrames: 0,
		txFrames: 0,
		errorFrames: 0,
		malformed: 0,
		unknownEchoes: 0,
		rxOverflows: 0
	};
	#state: State = 'idle';
	#sink: CanSink | null = null;
	#channel = 0;
	#listenOnly = false;
	#timestamps = false;
	#rxSize = 0;
	#busState: BusState = 'active';
	#info: GsUsbDeviceInfo | null = null;
	#failure: AdapterError | null = null;
	#opening: Promise<void> | null = null;
	#closing: Promise<void> | null = null;

	constructor(options: GsUsbAdapterOptions) {
		if (!options?.device) throw new TypeError('GsUsbAdapter needs a device (UsbDeviceLike)');
		this.#device = options.device;
		this.#clock = options.clock ?? (() => performance.now() * 1000);
		this.#rxTransfers = options.rxTransfers ?? 8;
		this.#txTimeoutMs = options.txTimeoutMs ?? 1000;
		this.#control = new GsUsbControl({
			device: this.#device,
			timeoutMs: options.controlTimeoutMs ?? 1000
		});
		this.#onWarning = options.onWarning ?? (() => {});
		if (!Number.isInteger(this.#rxTransfers) || this.#rxTransfers < 1) {
			throw new TypeError(`rxTransfers must be a positive integer, got ${this.#rxTransfers}`);
		}
	}

	get stats(): Readonly<GsUsbStats> {
		return { ...this.#stats };
	}

	/** What the device reported during open(), or null before. */
	get info(): GsUsbDeviceInfo | null {
		return this.#info;
	}

	open(options: CanOpenOptions, sink: CanSink): Promise<void> {
		if (this.#state !== 'idle' && this.#state !== 'closed') {
			return Promise.reject(new AdapterError(`gs_usb adapter is ${this.#state}`, KIND));
		}
		const channel = options.channel ?? 0;
		if (!Number.isInteger(channel) || channel < 0 || channel > 0xff) {
			return Promise.reject(new TypeError(`channel must be 0–255, got ${channel}`));
		}
		this.#state = 'opening';
		this.#sink = sink;
		this.#channel = channel;
		this.#listenOnly = options.listenOnly ?? false;
		this.#failure = null;
		this.#closing = null;
		this.#busState = 'active';
		this.#unwrapper.reset();
		const bringUp = bringUpGsUsb(this.#device, this.#control, {
			channel,
			bitrate: options.bitrate ?? 500_000,
			samplePoint: options.samplePoint,
			listenOnly: this.#listenOnly
		});
		this.#opening = bringUp.then(
			(info) => {
				this.#info = info;
				this.#timestamps = info.hwTimestamps;
				this.#rxSize = info.rxSize;
				this.#state = 'open';
				for (let i = 0; i < this.#rxTransfers; i++) void this.#rxLoop();
			},
			async (err: unknown) => {
				this.#state = 'closed';
				await this.#releaseQuietly(false);
				throw toAdapterError(err, 'open failed');
			}
		);
		return this.#opening;
	}

	async send(frame: CanFrame): Promise<void> {
		if (this.#state !== 'open') {
			throw this.#failure ?? new AdapterError(`gs_usb adapter is ${this.#state}`, KIND);
		}
		if (this.#listenOnly) {
			throw new AdapterRejectedError('listen-only mode: the adapter never transmits', KIND);
		}
		if (frame.fd) throw new AdapterRejectedError('CAN FD is not enabled on this channel', KIND);
		const hf = canFrameToHostFrame(frame, 0, this.#channel);
		const started = performance.now();
		const echoId = await this.#slots.acquire(this.#txTimeoutMs);
		const remaining = Math.max(1, this.#txTimeoutMs - (performance.now() - started));
		const echo = this.#slots.waitEcho(echoId, remaining);
		echo.catch(() => {});
		let result;
		try {
			result = await this.#device.transferOut(OUT_ENDPOINT, encodeHostFrame({ ...hf, echoId }));
		} catch (err) {
			this.#slots.release(echoId);
			throw this.#transferFailed(err, 'bulk OUT');
		}
		if (result.status !== 'ok') {
			this.#slots.release(echoId);
			throw new AdapterRejectedError(`bulk OUT ended with ${result.status}`, KIND);
		}
		await echo;
		this.#stats.txFrames++;
	}

	close(): Promise<void> {
		if (this.#closing) return this.#closing;
		this.#closing = (async () => {
			if (this.#state === 'opening') await this.#opening?.catch(() => {});
			if (this.#state !== 'open') return;
			this.#state = 'closing';
			this.#slots.clear(new AdapterError('gs_usb adapter closed', KIND));
			await this.#releaseQuietly(true);
			this.#state = 'closed';
			this.#sink?.closed(null);
		})();
		return this.#closing;
	}

	async #rxLoop(): Promise<void> {
		while (this.#state === 'open') {
			let result: UsbInResult;
			try {
				result = await this.#device.transferIn(IN_ENDPOINT, this.#rxSize);
			} catch (err) {
				if (this.#state === 'open') this.#fail(this.#transferFailed(err, 'bulk IN'));
				return;
			}
			if (this.#state !== 'open') return;
			if (result.status === 'stall') {
				this.#fail(new AdapterRejectedError('the bulk IN endpoint stalled', KIND));
				return;
			}
			this.#handleIn(result);
		}
	}

	#handleIn(result: UsbInResult): void {
		let hf: GsHostFrame;
		try {
			if (result.status !== 'ok' || !result.data) {
				throw new MalformedTransferError(`bulk IN ended with ${result.status}`, KIND);
			}
			hf = decodeHostFrame(result.data, { timestamp: this.#timestamps });
		} catch (err) {
			if (!(err instanceof MalformedTransferError)) throw err;
			this.#stats.malformed++;
			this.#warn({ kind: 'malformed', error: err });
			return;
		}
		if (hf.channel !== this.#channel) {
			this.#warn({ kind: 'foreign-channel', channel: hf.channel });
			return;
		}
		const timestampUs =
			hf.timestampUs === undefined ? this.#clock() : this.#unwrapper.unwrap(hf.timestampUs);
		if (hf.echoId === GS_HOST_FRAME_ECHO_ID_RX) {
			if (hf.canId & CanIdFlag.ERR) this.#errorFrame(hf);
			else {
				this.#stats.rxFrames++;
				this.#deliver(() => this.#sink?.frame(hostFrameToCanFrame(hf, timestampUs)));
			}
		} else if (!this.#slots.complete(hf.echoId)) {
			this.#stats.unknownEchoes++;
			this.#warn({ kind: 'unknown-echo', echoId: hf.echoId });
		}
		// gs_usb_receive_bulk_callback: OVERFLOW on any frame means the device dropped RX frames.
		if (hf.flags & GsFrameFlag.OVERFLOW) {
			this.#stats.rxOverflows++;
			this.#warn({ kind: 'rx-overflow' });
		}
	}

	#errorFrame(hf: GsHostFrame): void {
		this.#stats.errorFrames++;
		const report = decodeCanErrorFrame(hf.canId, hf.data);
		if (report.rxOverflow) {
			this.#stats.rxOverflows++;
			this.#warn({ kind: 'rx-overflow' });
		}
		this.#busState = report.state ?? this.#busState;
		const state = this.#busState;
		this.#deliver(() => this.#sink?.busState?.(state, report.counters));
	}

	#deliver(call: () => void): void {
		try {
			call();
		} catch (error) {
			this.#warn({ kind: 'sink-error', error });
		}
	}

	#warn(warning: GsUsbWarning): void {
		try {
			this.#onWarning(warning);
		} catch {
			// A throwing logger must not take the RX stream down with it.
		}
	}

	#transferFailed(err: unknown, what: string): AdapterError {
		if (isUsbGone(err)) {
			const gone = new AdapterDisconnectedError(`gs_usb device disconnected during ${what}`, KIND, {
				cause: err
			});
			this.#fail(gone);
			return gone;
		}
		return toAdapterError(err, `${what} failed`);
	}

	/** The stream died underneath us: report once, fail every sender, release what we can. */
	#fail(err: AdapterError): void {
		if (this.#state !== 'open') return;
		this.#state = 'closed';
		this.#failure = err;
		this.#slots.clear(err);
		void this.#releaseQuietly(!(err instanceof AdapterDisconnectedError));
		this.#sink?.closed(err);
	}

	/** MODE RESET (gs_can_close → gs_cmd_reset), release, close; errors ignored, the device may be gone. */
	async #releaseQuietly(reset: boolean): Promise<void> {
		if (reset) await this.#control.reset(this.#channel).catch(() => {});
		await this.#device.releaseInterface(0).catch(() => {});
		await this.#device.close().catch(() => {});
	}
}

function toAdapterError(err: unknown, what: string): AdapterError {
	if (err instanceof AdapterError) return err;
	if (isUsbGone(err)) {
		return new AdapterDisconnectedError(`gs_usb device disconnected (${what})`, KIND, {
			cause: err
		});
	}
	const message = err instanceof Error ? err.message : String(err);
	return new AdapterError(`gs_usb ${what}: ${message}`, KIND, { cause: err });
}
