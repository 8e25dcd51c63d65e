import { deliverSafely, safeWarn } from './driver-callbacks';
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
	encodeTxHostFrame,
	hostFrameToCanFrame,
	type CanFrameWithEsi,
	type GsHostFrame
} from '../protocol/gs-usb-frame';
import { GsCanFeature } from '../protocol/gs-usb-requests';
import type { BusState, CanAdapter, CanOpenOptions, CanSink } from './can-adapter';
import { GsUsbControl, bringUpGsUsb, type GsUsbDeviceInfo } from './gs-usb-bring-up';
import { checkGsUsbOpenOptions } from './gs-usb-options';
import { busStateOf, type BusReport } from './gs-usb-state';
import { EchoSlots } from './gs-usb-tx-slots';
import { readBulkIn } from './usb-bulk-reader';
import { toUsbAdapterError, usbTransferError, type UsbDriverNames } from './usb-driver-errors';

export type { GsUsbDeviceInfo } from './gs-usb-bring-up';
export type { BusReport } from './gs-usb-state';

/** Things worth logging that do not stop the stream. */
export type GsUsbWarning =
	| { kind: 'malformed'; error: MalformedTransferError }
	| { kind: 'unknown-echo'; echoId: number }
	| { kind: 'rx-overflow' }
	| { kind: 'foreign-channel'; channel: number }
	| { kind: 'sink-error'; error: unknown }
	/** An automatic restart after bus-off (restartMs) failed; the channel stays bus-off. */
	| { kind: 'restart-failed'; error: AdapterError };

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
	/** Times the channel went bus-off (Linux can_stats.bus_off). */
	busOff: number;
	/** Restarts after bus-off, automatic or by recover() (Linux can_stats.restarts). */
	restarts: number;
}

type State = 'idle' | 'opening' | 'open' | 'closing' | 'closed';

const KIND = 'gs_usb';
const NAMES: UsbDriverNames = { kind: KIND, label: 'gs_usb', device: 'gs_usb device' };
const IN_ENDPOINT = 1;
const OUT_ENDPOINT = 2;

/**
 * CanAdapter for gs_usb devices (candleLight_fw and compatibles) over WebUSB, following Linux
 * gs_usb.c. Open brings one channel up (§3.2 bring-up) at any bit rate the device's BT_CONST can
 * make within 5 % (Linux can_calc_bittiming); with `dataBitrate` on a device whose BT_CONST has FD
 * it runs CAN FD (DATA_BITTIMING, MODE flag FD) and sends and receives frames of up to 64 bytes.
 * Frames go to `sink.frame`, error frames to `sink.busState`. `send()` resolves on the device's TX
 * echo; with all 10 echo ids in flight it waits up to `txTimeoutMs` and then throws
 * AdapterTimeoutError. In listen-only mode and while bus-off `send()` throws AdapterRejectedError
 * without touching USB, as Linux keeps the TX queue stopped. After bus-off the channel restarts
 * (MODE RESET + MODE START) `restartMs` later, or when `recover()` is called (restartMs 0, the
 * Linux default). A malformed IN transfer is counted, reported through `onWarning` and skipped.
 */
export class GsUsbAdapter implements CanAdapter {
	readonly kind = KIND;
	readonly #device: UsbDeviceLike;
	readonly #clock: () => number;
	readonly #rxTransfers: number;
	readonly #txTimeoutMs: number;
	readonly #control: GsUsbControl;
	readonly #warn: (warning: GsUsbWarning) => void;
	readonly #slots = new EchoSlots();
	readonly #unwrapper = new TimestampUnwrapper();
	readonly #stats: GsUsbStats = {
		rxFrames: 0,
		txFrames: 0,
		errorFrames: 0,
		malformed: 0,
		unknownEchoes: 0,
		rxOverflows: 0,
		busOff: 0,
		restarts: 0
	};
	#state: State = 'idle';
	#sink: CanSink | null = null;
	#channel = 0;
	#listenOnly = false;
	#restartMs = 0;
	#restartTimer: ReturnType<typeof setTimeout> | null = null;
	#restarting: Promise<void> | null = null;
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
		this.#warn = safeWarn(options.onWarning);
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

	/** The controller state last reported (error frames, GET_STATE, restarts). */
	get busState(): BusState {
		return this.#busState;
	}

	/**
	 * Opens one channel. Throws TypeError for malformed options; rejects with AdapterRejectedError
	 * when the device cannot do what was asked (listen-only, CAN FD, a bit rate its clock cannot
	 * make within 5 %: the message names the rate and the clock).
	 */
	open(options: CanOpenOptions, sink: CanSink): Promise<void> {
		if (this.#state !== 'idle' && this.#state !== 'closed') {
			return Promise.reject(new AdapterError(`gs_usb adapter is ${this.#state}`, KIND));
		}
		let checked;
		try {
			checked = checkGsUsbOpenOptions(options);
		} catch (err) {
			return Promise.reject(err);
		}
		this.#state = 'opening';
		this.#sink = sink;
		this.#channel = checked.channel;
		this.#listenOnly = checked.listenOnly;
		this.#restartMs = checked.restartMs;
		this.#failure = null;
		this.#closing = null;
		this.#busState = 'active';
		this.#unwrapper.reset();
		const bringUp = bringUpGsUsb(this.#device, this.#control, checked);
		this.#opening = bringUp.then(
			(info) => {
				this.#info = info;
				this.#state = 'open';
				for (let i = 0; i < this.#rxTransfers; i++) void this.#readIn(info.rxSize);
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
		const info = this.#info!;
		if (this.#busState === 'bus-off') {
			throw new AdapterRejectedError(
				this.#restartMs > 0
					? `the channel is bus-off and restarts ${this.#restartMs} ms after it went off`
					: 'the channel is bus-off; call recover() to restart it',
				KIND
			);
		}
		if (frame.fd && !info.fd) {
			throw new AdapterRejectedError(
				info.btConst.feature & GsCanFeature.FD
					? 'CAN FD is not enabled on this channel; open it with a dataBitrate'
					: 'CAN FD is not enabled on this channel: the device does not support it',
				KIND
			);
		}
		const hf = canFrameToHostFrame(frame as CanFrameWithEsi, 0, this.#channel);
		const started = performance.now();
		const echoId = await this.#slots.acquire(this.#txTimeoutMs);
		const remaining = Math.max(1, this.#txTimeoutMs - (performance.now() - started));
		const echo = this.#slots.waitEcho(echoId, remaining);
		echo.catch(() => {});
		let result;
		try {
			result = await this.#device.transferOut(
				OUT_ENDPOINT,
				encodeTxHostFrame({ ...hf, echoId }, info.txSize)
			);
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

	/**
	 * Restarts a bus-off channel now, as `ip link set canX type can restart` does: MODE RESET, then
	 * MODE START with the flags of open(). Frames still waiting for their echo fail (the firmware
	 * drops its mailboxes on reset). Then reports the state: GET_STATE when the device has it, else
	 * error-active with zero counters (the controller was reset). Rejects with AdapterRejectedError
	 * when the channel is not bus-off.
	 */
	recover(): Promise<void> {
		if (this.#state !== 'open') {
			return Promise.reject(
				this.#failure ?? new AdapterError(`gs_usb adapter is ${this.#state}`, KIND)
			);
		}
		if (this.#busState !== 'bus-off' && !this.#restarting) {
			return Promise.reject(
				new AdapterRejectedError(`the channel is not bus-off (it is ${this.#busState})`, KIND)
			);
		}
		return this.#restart();
	}

	/**
	 * Reads GET_STATE (devices whose BT_CONST has GET_STATE). A changed state goes to
	 * `sink.busState`, and bus-off found this way starts the restartMs countdown as an error frame
	 * would.
	 */
	async readState(): Promise<BusReport> {
		if (this.#state !== 'open') {
			throw this.#failure ?? new AdapterError(`gs_usb adapter is ${this.#state}`, KIND);
		}
		if (!(this.#info!.btConst.feature & GsCanFeature.GET_STATE)) {
			throw new AdapterRejectedError('the device does not support GET_STATE', KIND);
		}
		const report = await this.#queryState();
		if (report.state !== this.#busState) this.#setBusState(report);
		return report;
	}

	close(): Promise<void> {
		if (this.#closing) return this.#closing;
		this.#closing = (async () => {
			if (this.#state === 'opening') await this.#opening?.catch(() => {});
			if (this.#state !== 'open') return;
			this.#state = 'closing';
			this.#cancelRestart();
			await this.#restarting?.catch(() => {});
			this.#slots.clear(new AdapterError('gs_usb adapter closed', KIND));
			await this.#releaseQuietly(true);
			this.#state = 'closed';
			this.#sink?.closed(null);
		})();
		return this.#closing;
	}

	#readIn(length: number): Promise<void> {
		return readBulkIn({
			device: this.#device,
			endpoint: IN_ENDPOINT,
			length,
			names: NAMES,
			running: () => this.#state === 'open',
			onTransfer: (result) => this.#handleIn(result),
			onFailure: (error) => this.#fail(error)
		});
	}

	#handleIn(result: UsbInResult): void {
		let hf: GsHostFrame;
		try {
			if (result.status !== 'ok' || !result.data) {
				throw new MalformedTransferError(`bulk IN ended with ${result.status}`, KIND);
			}
			hf = decodeHostFrame(result.data, { timestamp: this.#info!.hwTimestamps });
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
				deliverSafely(() => this.#sink?.frame(hostFrameToCanFrame(hf, timestampUs)), this.#warn);
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

	/** gs_update_state(): every error frame is reported, a bus error alone with the current state. */
	#errorFrame(hf: GsHostFrame): void {
		this.#stats.errorFrames++;
		const report = decodeCanErrorFrame(hf.canId, hf.data);
		if (report.rxOverflow) {
			this.#stats.rxOverflows++;
			this.#warn({ kind: 'rx-overflow' });
		}
		this.#setBusState({ state: report.state ?? this.#busState, counters: report.counters });
	}

	/** Records and reports a state; entering bus-off arms the restart timer, leaving it disarms it. */
	#setBusState(report: BusReport): void {
		const was = this.#busState;
		this.#busState = report.state;
		if (report.state === 'bus-off' && was !== 'bus-off') {
			this.#stats.busOff++;
			this.#armRestart();
		} else if (report.state !== 'bus-off') {
			this.#cancelRestart();
		}
		deliverSafely(() => this.#sink?.busState?.(report.state, report.counters), this.#warn);
	}

	/** can_bus_off(): with restart-ms set, schedule can_restart(). */
	#armRestart(): void {
		if (this.#restartMs <= 0 || this.#restartTimer) return;
		this.#restartTimer = setTimeout(() => {
			this.#restartTimer = null;
			if (this.#state !== 'open' || this.#busState !== 'bus-off') return;
			this.#restart().catch((error: AdapterError) => {
				if (this.#state === 'open') this.#warn({ kind: 'restart-failed', error });
			});
		}, this.#restartMs);
	}

	#cancelRestart(): void {
		if (this.#restartTimer) clearTimeout(this.#restartTimer);
		this.#restartTimer = null;
	}

	#restart(): Promise<void> {
		this.#restarting ??= this.#doRestart().finally(() => {
			this.#restarting = null;
		});
		return this.#restarting;
	}

	async #doRestart(): Promise<void> {
		this.#cancelRestart();
		const info = this.#info!;
		try {
			await this.#control.reset(this.#channel);
			this.#slots.clear(
				new AdapterError('the frame was dropped when the bus-off channel restarted', KIND)
			);
			await this.#control.start(this.#channel, info.startFlags);
			this.#stats.restarts++;
			// can_enable() resets the controller: error-active, counters zero, unless GET_STATE says else.
			const report: BusReport =
				info.btConst.feature & GsCanFeature.GET_STATE
					? await this.#queryState()
					: { state: 'active', counters: { rx: 0, tx: 0 } };
			if (this.#state === 'open') this.#setBusState(report);
		} catch (err) {
			throw this.#controlFailed(err, 'restart');
		}
	}

	async #queryState(): Promise<BusReport> {
		try {
			return busStateOf(await this.#control.state(this.#channel));
		} catch (err) {
			throw this.#controlFailed(err, 'GET_STATE');
		}
	}

	/** A control transfer failed: an unplug takes the adapter down, anything else is the caller's. */
	#controlFailed(err: unknown, what: string): AdapterError {
		if (err instanceof AdapterError) return err;
		if (isUsbGone(err)) return this.#transferFailed(err, what);
		return toAdapterError(err, `${what} failed`);
	}

	/** A transfer failed: an unplug takes the adapter down as well. */
	#transferFailed(err: unknown, what: string): AdapterError {
		const error = usbTransferError(err, what, NAMES);
		if (isUsbGone(err)) this.#fail(error);
		return error;
	}

	/** The stream died underneath us: report once, fail every sender, release what we can. */
	#fail(err: AdapterError): void {
		if (this.#state !== 'open') return;
		this.#state = 'closed';
		this.#failure = err;
		this.#cancelRestart();
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
	return toUsbAdapterError(err, what, NAMES);
}
