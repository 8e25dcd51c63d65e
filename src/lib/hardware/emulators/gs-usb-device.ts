import type { UsbControlSetup, UsbDeviceLike, UsbInResult, UsbOutResult } from '../transport/usb';
import { PollTimer } from './poll-timer';
import type { CanBusSource } from './can-bus-source';
import type { CanFrame } from '../protocol/can-frame';
import { encodeCanStateErrorFrame, type CanErrorState } from '../protocol/can-error-frame';
import { BXCAN_BIT_TIMING } from '../protocol/bit-timing';
import { GsCanFeature, toDataView, type GsDeviceBtConst } from '../protocol/gs-usb-requests';
import {
	CanIdFlag,
	GS_HOST_FRAME_ECHO_ID_RX,
	GsFrameFlag,
	canFrameToHostFrame,
	decodeHostFrame,
	encodeHostFrame,
	hostFrameSize,
	hostFrameToCanFrame,
	type GsHostFrame
} from '../protocol/gs-usb-frame';
import {
	handleGsControl,
	type GsChannelState,
	type GsFirmwareState
} from './gs-usb-device-control';
import type { UsbRecord } from './usb-transcript';

/** bxCAN candleLight (candleLight_fw@64dc8dc src/can/bxcan.c CAN_btconst, classic build). */
export const CANDLELIGHT_FEATURES =
	GsCanFeature.LISTEN_ONLY |
	GsCanFeature.LOOP_BACK |
	GsCanFeature.HW_TIMESTAMP |
	GsCanFeature.IDENTIFY |
	GsCanFeature.PAD_PKTS_TO_MAX_PKT_SIZE;

export interface GsUsbEmulatorOptions {
	bus: CanBusSource;
	/** Device timer in µs; its low 32 bits are the gs_usb timestamp. @default performance.now() × 1000 */
	clock?: () => number;
	/** CAN peripheral clock. @default 48_000_000 (CANable / candleLight STM32F0) */
	fclk?: number;
	/** BT_CONST.feature. @default CANDLELIGHT_FEATURES */
	features?: number;
	/** Number of CAN channels (DEVICE_CONFIG.icount + 1). @default 1 */
	channels?: number;
	/** Frames buffered for the host before RX frames are dropped and OVERFLOW is flagged. @default 64 */
	queueCapacity?: number;
	/** Poll the bus on a timer while open. Tests pass false and call pump(). @default true */
	autoPump?: boolean;
	/** Timer period; browsers clamp nested timers to ≈4 ms, which pump() tolerates. @default 1 */
	pollIntervalMs?: number;
	serialNumber?: string;
	productName?: string;
	vendorId?: number;
	productId?: number;
}

interface PendingIn {
	length: number;
	resolve(result: UsbInResult): void;
	reject(err: unknown): void;
}

/** wMaxPacketSize of the classic build (config.h CAN_DATA_MAX_PACKET_SIZE). */
const MAX_PACKET_SIZE = 32;
/** Largest frame the OUT endpoint accepts (USBD_GS_CAN_PrepareReceive: classic_can_ts). */
const OUT_BUFFER_SIZE = 24;

/**
 * A candleLight_fw device behind the UsbDeviceLike interface: control requests are validated as
 * the firmware does (src/usbd_gs_can.c), bus frames become one bulk IN transfer each, host frames
 * are echoed with their echo_id once "in a mailbox" and forwarded to the bus. Every exchange is
 * recorded in `log` for transcript tests.
 */
export class GsUsbEmulator implements UsbDeviceLike {
	readonly vendorId: number;
	readonly productId: number;
	readonly productName: string;
	readonly serialNumber: string;
	readonly manufacturerName = 'bytewerk';
	configuration: { configurationValue: number } | null = null;
	readonly log: UsbRecord[] = [];
	/** RX frames dropped because the host did not read (the OVERFLOW flag marks the next one). */
	droppedFrames = 0;

	readonly #bus: CanBusSource;
	readonly #clock: () => number;
	readonly #capacity: number;
	readonly #autoPump: boolean;
	readonly #fw: GsFirmwareState;
	readonly #toHost: GsHostFrame[] = [];
	readonly #pendingIn: PendingIn[] = [];
	readonly #claimed = new Set<number>();
	#opened = false;
	#gone = false;
	#overflowPending = false;
	#corruptNext: number | null = null;
	#txBlocked = false;
	readonly #mailboxes: GsHostFrame[] = [];
	readonly #poller: PollTimer;

	constructor(options: GsUsbEmulatorOptions) {
		if (!options?.bus) throw new TypeError('GsUsbEmulator needs a bus (CanBusSource)');
		const channels = options.channels ?? 1;
		if (!Number.isInteger(channels) || channels < 1 || channels > 256) {
			throw new TypeError(`channels must be 1–256, got ${channels}`);
		}
		this.#bus = options.bus;
		this.#clock = options.clock ?? (() => performance.now() * 1000);
		this.#capacity = options.queueCapacity ?? 64;
		this.#autoPump = options.autoPump ?? true;
		this.#poller = new PollTimer(options.pollIntervalMs ?? 1, () => {
			if (!this.#opened) return false;
			this.pump();
			return true;
		});
		this.vendorId = options.vendorId ?? 0x1d50;
		this.productId = options.productId ?? 0x606f;
		this.productName = options.productName ?? 'candleLight USB to CAN adapter';
		this.serialNumber = options.serialNumber ?? '0043001B5734571320353035';
		const btConst: GsDeviceBtConst = {
			feature: options.features ?? CANDLELIGHT_FEATURES,
			fclkCan: options.fclk ?? 48_000_000,
			...BXCAN_BIT_TIMING
		};
		this.#fw = {
			btConst,
			channels: Array.from({ length: channels }, (): GsChannelState => ({
				started: false,
				flags: 0,
				bitTiming: null,
				state: 'active',
				tec: 0,
				rec: 0,
				identify: false
			})),
			swVersion: 2,
			hwVersion: 1,
			timestamps: false,
			padPackets: false,
			timer: () => this.#clock(),
			onReset: (ch) => this.#purge(ch)
		};
	}

	get opened(): boolean {
		return this.#opened;
	}

	/** Firmware view of a channel, for assertions. */
	channel(n = 0): Readonly<GsChannelState> {
		return this.#fw.channels[n];
	}

	async open(): Promise<void> {
		this.#assertPresent();
		this.#opened = true;
		this.#schedule();
	}

	async close(): Promise<void> {
		this.#assertPresent();
		this.#opened = false;
		this.#claimed.clear();
		this.#stopTimer();
		this.#rejectPending(new DOMException('The transfer was cancelled.', 'AbortError'));
	}

	async selectConfiguration(value: number): Promise<void> {
		this.#assertOpen();
		if (value !== 1) throw new DOMException(`No configuration ${value}.`, 'NotFoundError');
		this.configuration = { configurationValue: 1 };
	}

	async claimInterface(n: number): Promise<void> {
		this.#assertOpen();
		if (!this.configuration)
			throw new DOMException('No configuration selected.', 'InvalidStateError');
		if (n !== 0 && n !== 1) throw new DOMException(`No interface ${n}.`, 'NotFoundError');
		this.#claimed.add(n);
	}

	async releaseInterface(n: number): Promise<void> {
		this.#assertOpen();
		this.#claimed.delete(n);
	}

	async controlTransferIn(setup: UsbControlSetup, length: number): Promise<UsbInResult> {
		this.#assertSetup(setup);
		const out = handleGsControl(this.#fw, setup, 'in', length, new Uint8Array(0));
		const data = out.status === 'ok' ? (out.data ?? new Uint8Array(0)) : new Uint8Array(0);
		this.log.push({
			kind: 'control',
			direction: 'in',
			setup: { ...setup },
			length,
			data,
			status: out.status
		});
		return out.status === 'ok' ? { status: 'ok', data: toDataView(data) } : { status: out.status };
	}

	async controlTransferOut(setup: UsbControlSetup, data?: BufferSource): Promise<UsbOutResult> {
		this.#assertSetup(setup);
		const bytes = copyBytes(data);
		const out = handleGsControl(this.#fw, setup, 'out', bytes.length, bytes);
		this.log.push({
			kind: 'control',
			direction: 'out',
			setup: { ...setup },
			length: bytes.length,
			data: bytes,
			status: out.status
		});
		return { status: out.status, bytesWritten: out.status === 'ok' ? bytes.length : 0 };
	}

	transferIn(endpoint: number, length: number): Promise<UsbInResult> {
		try {
			this.#assertEndpoint(endpoint, 1);
		} catch (err) {
			return Promise.reject(err);
		}
		return new Promise((resolve, reject) => {
			this.#pendingIn.push({ length, resolve, reject });
			this.#flush();
		});
	}

	async transferOut(endpoint: number, data: BufferSource): Promise<UsbOutResult> {
		this.#assertEndpoint(endpoint, 2);
		const bytes = copyBytes(data);
		this.log.push({ kind: 'bulk', direction: 'out', endpoint, data: bytes, status: 'ok' });
		this.#fromHost(bytes);
		return { status: 'ok', bytesWritten: bytes.length };
	}

	/**
	 * Polls the bus up to `nowUs` and hands every frame due to the host (those beyond the open
	 * IN transfers wait in the queue). Frames keep their bus timestamps, so delivery jitter from a
	 * clamped timer never shows in the data.
	 */
	pump(nowUs = this.#clock()): void {
		if (this.#gone) return;
		const frames = this.#bus.poll(nowUs);
		for (const frame of frames) this.#receive(frame);
		this.#flush();
	}

	/** USB cable pulled: pending and later transfers reject with NotFoundError, as WebUSB does. */
	unplug(): void {
		if (this.#gone) return;
		this.#gone = true;
		this.#opened = false;
		this.#stopTimer();
		this.#rejectPending(new DOMException('The device was disconnected.', 'NotFoundError'));
	}

	/** Fault injection: the next IN transfer carries only the first `bytes` bytes of its frame. */
	corruptNextIn(bytes: number): void {
		this.#corruptNext = bytes;
	}

	/**
	 * Fault injection: while blocked, host frames wait un-echoed as in a bxCAN mailbox nobody ACKs
	 * (a bus with no other node). Unblocking sends and echoes them in order.
	 */
	setTxBlocked(blocked: boolean): void {
		this.#txBlocked = blocked;
		if (blocked) return;
		for (const hf of this.#mailboxes.splice(0)) this.#transmit(hf);
	}

	/** Fault injection: queue a raw gs_host_frame for the host (e.g. an echo_id nobody sent). */
	injectHostFrame(frame: GsHostFrame): void {
		this.#toHost.push(frame);
		this.#flush();
	}

	/** The controller changes error state (bus errors, bus-off); sends the firmware's error frame. */
	setBusState(state: CanErrorState, counters: { tx: number; rx: number }, channel = 0): void {
		const ch = this.#fw.channels[channel];
		ch.state = state;
		ch.tec = counters.tx;
		ch.rec = counters.rx;
		if (!ch.started) return;
		const { canId, data } = encodeCanStateErrorFrame(state, counters);
		this.#enqueueRx({
			echoId: GS_HOST_FRAME_ECHO_ID_RX,
			canId: (CanIdFlag.ERR | canId) >>> 0,
			dlc: 8,
			channel,
			flags: 0,
			reserved: 0,
			data,
			timestampUs: this.#clock() >>> 0
		});
		this.#flush();
	}

	#receive(frame: CanFrame): void {
		const ch = this.#fw.channels[0];
		if (!ch.started) return;
		if (frame.fd && !(this.#fw.btConst.feature & GsCanFeature.FD)) return;
		const hf = canFrameToHostFrame(frame, GS_HOST_FRAME_ECHO_ID_RX, 0);
		hf.timestampUs = frame.timestampUs >>> 0;
		this.#enqueueRx(hf);
	}

	#enqueueRx(hf: GsHostFrame): void {
		if (this.#toHost.length >= this.#capacity) {
			this.droppedFrames++;
			this.#overflowPending = true;
			return;
		}
		if (this.#overflowPending) {
			hf.flags |= GsFrameFlag.OVERFLOW;
			this.#overflowPending = false;
		}
		this.#toHost.push(hf);
	}

	/** USBD_GS_CAN_DataOut + CAN_SendFrame: short or foreign-channel frames are silently ignored. */
	#fromHost(bytes: Uint8Array): void {
		if (
			bytes.length < hostFrameSize({ fd: false, timestamp: false }) ||
			bytes.length > OUT_BUFFER_SIZE
		) {
			return;
		}
		// A classic build reads such a frame as classic and echoes the FD flag back at classic size,
		// which no host can parse; dropping it keeps the emulator from inventing that corner.
		if (bytes[10] & GsFrameFlag.FD) return;
		const hf = decodeHostFrame(bytes, { timestamp: false });
		const ch = this.#fw.channels[hf.channel];
		if (!ch?.started) return;
		// Listen-only (bxCAN silent mode) never reaches the bus, and this emulator drops the frame
		// without an echo, so a host that transmits anyway sees its slot never complete.
		if (ch.flags & GsCanFeature.LISTEN_ONLY) return;
		if (this.#txBlocked) {
			this.#mailboxes.push(hf);
			return;
		}
		this.#transmit(hf);
	}

	/** can_send() succeeded: the frame is on the bus and its echo goes to the host. */
	#transmit(hf: GsHostFrame): void {
		const now = this.#clock();
		this.#bus.transmit({ ...hostFrameToCanFrame(hf, now), channel: hf.channel }, now);
		this.#toHost.push({ ...hf, reserved: 0, timestampUs: now >>> 0 });
		this.#flush();
	}

	#flush(): void {
		while (this.#pendingIn.length > 0 && this.#toHost.length > 0) {
			const pending = this.#pendingIn.shift()!;
			const hf = this.#toHost.shift()!;
			let bytes = this.#wireBytes(hf);
			if (this.#corruptNext !== null) {
				bytes = bytes.slice(0, this.#corruptNext);
				this.#corruptNext = null;
			}
			const status = bytes.length > pending.length ? 'babble' : 'ok';
			if (status === 'babble') bytes = bytes.slice(0, pending.length);
			this.log.push({ kind: 'bulk', direction: 'in', endpoint: 1, data: bytes, status });
			pending.resolve({ status, data: toDataView(bytes) });
		}
	}

	/** USBD_GS_CAN_SendFrame: size from the timestamps flag at send time, optional padding. */
	#wireBytes(hf: GsHostFrame): Uint8Array {
		const { timestampUs, ...rest } = hf;
		const bytes = encodeHostFrame(
			this.#fw.timestamps ? { ...rest, timestampUs: timestampUs ?? 0 } : rest
		);
		if (!this.#fw.padPackets || hf.flags & GsFrameFlag.FD) return bytes;
		const padded = new Uint8Array(MAX_PACKET_SIZE);
		padded.set(bytes);
		return padded;
	}

	/** can_disable(): aborts the mailboxes and drops the channel's frames not yet sent to the host. */
	#purge(channel: number): void {
		for (const list of [this.#toHost, this.#mailboxes]) {
			for (let i = list.length - 1; i >= 0; i--) {
				if (list[i].channel === channel) list.splice(i, 1);
			}
		}
	}

	#schedule(): void {
		if (this.#autoPump) this.#poller.start();
	}

	#stopTimer(): void {
		this.#poller.stop();
	}

	#rejectPending(err: DOMException): void {
		for (const pending of this.#pendingIn.splice(0)) pending.reject(err);
	}

	#assertPresent(): void {
		if (this.#gone) throw new DOMException('The device was disconnected.', 'NotFoundError');
	}

	#assertOpen(): void {
		this.#assertPresent();
		if (!this.#opened)
			throw new DOMException('The device must be opened first.', 'InvalidStateError');
	}

	/** WebUSB: an interface-recipient request needs the interface in wIndex's low byte claimed. */
	#assertSetup(setup: UsbControlSetup): void {
		this.#assertOpen();
		if (setup.recipient === 'interface' && !this.#claimed.has(setup.index & 0xff)) {
			throw new DOMException('The interface is not claimed.', 'InvalidStateError');
		}
	}

	#assertEndpoint(endpoint: number, expected: number): void {
		this.#assertOpen();
		if (endpoint !== expected || !this.#claimed.has(0)) {
			throw new DOMException(
				`Endpoint ${endpoint} is not part of a claimed interface.`,
				'NotFoundError'
			);
		}
	}
}

function copyBytes(data: BufferSource | undefined): Uint8Array {
	if (data === undefined) return new Uint8Array(0);
	const view = toDataView(data);
	return new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
}
