import type { UsbControlSetup, UsbDeviceLike, UsbInResult, UsbOutResult } from '../transport/usb';
import { PollTimer } from './poll-timer';
import type { CanBusSource } from './can-bus-source';
import type { CanFrame } from '../protocol/can-frame';
import { encodeCanStateErrorFrame, type CanErrorState } from '../protocol/can-error-frame';
import { GsCanFeature } from '../protocol/gs-usb-requests';
import {
	CanIdFlag,
	GS_HOST_FRAME_ECHO_ID_RX,
	GsFrameFlag,
	canFrameToHostFrame,
	decodeHostFrame,
	hostFrameSize,
	hostFrameToCanFrame,
	type GsHostFrame
} from '../protocol/gs-usb-frame';
import {
	handleGsControl,
	type GsChannelState,
	type GsFirmwareState
} from './gs-usb-device-control';
import { recordControlIn, recordControlOut, type UsbRecord } from './usb-transcript';
import { gsUsbDeviceProfile, type GsUsbDeviceProfile } from './gs-usb-device-profiles';
import { GsInEndpoint } from './gs-usb-device-in-endpoint';
import { UsbDeviceState, copyTransferBytes } from './usb-device-state';

export {
	CANDLELIGHT_FD_FEATURES,
	CANDLELIGHT_FEATURES,
	type GsUsbDeviceProfile
} from './gs-usb-device-profiles';

export interface GsUsbEmulatorOptions {
	bus: CanBusSource;
	/** Device timer in µs; its low 32 bits are the gs_usb timestamp. @default performance.now() × 1000 */
	clock?: () => number;
	/**
	 * A CONFIG_CANFD build on an STM32G4 FDCAN: BT_CONST_EXT, DATA_BITTIMING, 64-byte frames, FD
	 * frames from the bus. @default false (bxCAN STM32F0 candleLight)
	 */
	fd?: boolean;
	/** CAN peripheral clock. @default 48 MHz classic (CANable / candleLight STM32F0), 80 MHz FD */
	fclk?: number;
	/** BT_CONST.feature. @default CANDLELIGHT_FEATURES, or CANDLELIGHT_FD_FEATURES with `fd` */
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

/** TEC as the controller reports it once bus-off: saturated in its 8-bit ESR/ECR field. */
const BUS_OFF_TEC = 255;
/** usbd_gs_can.h GSUSB_ENDPOINT_IN 0x81 / GSUSB_ENDPOINT_OUT 0x02, as WebUSB endpoint numbers. */
const IN_ENDPOINT = 1;
const OUT_ENDPOINT = 2;

/**
 * A candleLight_fw device behind the UsbDeviceLike interface: control requests are validated as
 * the firmware does (src/usbd_gs_can.c), bus frames become one bulk IN transfer each, host frames
 * are echoed with their echo_id once "in a mailbox" and forwarded to the bus. With `fd` it is a
 * CONFIG_CANFD build (gs-usb-device-profiles.ts). The controller can be driven through error states
 * and bus-off (setBusState, injectBusOff). Every exchange is recorded in `log` for transcript tests.
 */
export class GsUsbEmulator implements UsbDeviceLike {
	readonly vendorId: number;
	readonly productId: number;
	readonly productName: string;
	readonly serialNumber: string;
	readonly manufacturerName = 'bytewerk';
	readonly log: UsbRecord[] = [];

	readonly #bus: CanBusSource;
	readonly #profile: GsUsbDeviceProfile;
	readonly #clock: () => number;
	readonly #autoPump: boolean;
	readonly #fw: GsFirmwareState;
	readonly #in: GsInEndpoint;
	readonly #usb: UsbDeviceState<{ configurationValue: number }>;
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
		this.#autoPump = options.autoPump ?? true;
		this.#poller = new PollTimer(options.pollIntervalMs ?? 1, () => {
			if (!this.#usb.opened) return false;
			this.pump();
			return true;
		});
		// candleLight: interface 0 is gs_usb (EP 0x81 IN, 0x02 OUT), interface 1 its DFU.
		this.#usb = new UsbDeviceState({
			configuration: { configurationValue: 1 },
			interfaces: [0, 1],
			endpoints: [
				{ endpointNumber: IN_ENDPOINT, direction: 'in', interfaceNumber: 0 },
				{ endpointNumber: OUT_ENDPOINT, direction: 'out', interfaceNumber: 0 }
			],
			onOpen: () => {
				if (this.#autoPump) this.#poller.start();
			},
			onEnd: () => this.#poller.stop()
		});
		this.vendorId = options.vendorId ?? 0x1d50;
		this.productId = options.productId ?? 0x606f;
		this.productName = options.productName ?? 'candleLight USB to CAN adapter';
		this.serialNumber = options.serialNumber ?? '0043001B5734571320353035';
		this.#profile = gsUsbDeviceProfile({
			fd: options.fd ?? false,
			fclk: options.fclk,
			features: options.features
		});
		this.#fw = {
			btConst: this.#profile.btConst,
			btConstExt: this.#profile.btConstExt,
			channels: Array.from({ length: channels }, (): GsChannelState => ({
				started: false,
				flags: 0,
				bitTiming: null,
				dataBitTiming: null,
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
			onReset: (ch) => this.#purge(ch),
			onStart: () => {}
		};
		this.#in = new GsInEndpoint({
			capacity: options.queueCapacity ?? 64,
			maxPacketSize: this.#profile.maxPacketSize,
			mode: () => this.#fw,
			pending: this.#usb.pendingIn,
			log: this.log
		});
	}

	/** RX frames dropped because the host did not read (the OVERFLOW flag marks the next one). */
	get droppedFrames(): number {
		return this.#in.droppedFrames;
	}

	get opened(): boolean {
		return this.#usb.opened;
	}

	get configuration(): { configurationValue: number } | null {
		return this.#usb.configuration;
	}

	/** Firmware view of a channel, for assertions. */
	channel(n = 0): Readonly<GsChannelState> {
		return this.#fw.channels[n];
	}

	async open(): Promise<void> {
		this.#usb.open();
	}

	async close(): Promise<void> {
		this.#usb.close();
	}

	async selectConfiguration(value: number): Promise<void> {
		this.#usb.selectConfiguration(value);
	}

	async claimInterface(n: number): Promise<void> {
		this.#usb.claimInterface(n);
	}

	async releaseInterface(n: number): Promise<void> {
		this.#usb.releaseInterface(n);
	}

	async controlTransferIn(setup: UsbControlSetup, length: number): Promise<UsbInResult> {
		this.#usb.assertControl(setup);
		const reply = handleGsControl(this.#fw, setup, 'in', length, new Uint8Array(0));
		return recordControlIn(this.log, setup, length, reply);
	}

	async controlTransferOut(setup: UsbControlSetup, data?: BufferSource): Promise<UsbOutResult> {
		this.#usb.assertControl(setup);
		const bytes = copyTransferBytes(data);
		const { status } = handleGsControl(this.#fw, setup, 'out', bytes.length, bytes);
		return recordControlOut(this.log, setup, bytes, status);
	}

	transferIn(endpoint: number, length: number): Promise<UsbInResult> {
		return this.#usb.transferIn(endpoint, length, () => this.#in.flush());
	}

	async transferOut(endpoint: number, data: BufferSource): Promise<UsbOutResult> {
		this.#usb.assertEndpoint('out', endpoint);
		const bytes = copyTransferBytes(data);
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
		if (this.#usb.gone) return;
		const frames = this.#bus.poll(nowUs);
		for (const frame of frames) this.#receive(frame);
		this.#in.flush();
	}

	/** USB cable pulled: pending and later transfers reject with NotFoundError, as WebUSB does. */
	unplug(): void {
		this.#usb.unplug();
	}

	/** Fault injection: the next IN transfer carries only the first `bytes` bytes of its frame. */
	corruptNextIn(bytes: number): void {
		this.#in.corruptNext(bytes);
	}

	/**
	 * Fault injection: while blocked, host frames wait un-echoed as in a bxCAN mailbox nobody ACKs
	 * (a bus with no other node). Unblocking sends and echoes them in order.
	 */
	setTxBlocked(blocked: boolean): void {
		this.#txBlocked = blocked;
		this.#drainMailboxes();
	}

	/** Fault injection: queue a raw gs_host_frame for the host (e.g. an echo_id nobody sent). */
	injectHostFrame(frame: GsHostFrame): void {
		this.#in.push(frame);
	}

	/**
	 * The controller changes error state and sends the firmware's error frame
	 * (can_handle_state_change). While bus-off it neither receives nor transmits: host frames wait
	 * un-echoed in the mailboxes. Leaving bus-off this way is bxCAN's automatic recovery (ABOM after
	 * 128 × 11 recessive bits), which sends the waiting frames; MODE RESET drops them instead.
	 */
	setBusState(state: CanErrorState, counters: { tx: number; rx: number }, channel = 0): void {
		const ch = this.#fw.channels[channel];
		ch.state = state;
		ch.tec = counters.tx;
		ch.rec = counters.rx;
		if (!ch.started) return;
		const { canId, data } = encodeCanStateErrorFrame(state, counters);
		this.#in.receive({
			echoId: GS_HOST_FRAME_ECHO_ID_RX,
			canId: (CanIdFlag.ERR | canId) >>> 0,
			dlc: 8,
			channel,
			flags: 0,
			reserved: 0,
			data,
			timestampUs: this.#clock() >>> 0
		});
		this.#in.flush();
		this.#drainMailboxes();
	}

	/** The controller goes bus-off (TEC past 255): the firmware sends CAN_ERR_BUSOFF. */
	injectBusOff(channel = 0): void {
		this.setBusState('bus-off', { tx: BUS_OFF_TEC, rx: this.#fw.channels[channel].rec }, channel);
	}

	/**
	 * A bus frame reaches the host only while the channel runs and is on the bus; an FD frame only
	 * when MODE START enabled FD (a classic-mode controller takes it for a form error).
	 */
	#receive(frame: CanFrame): void {
		const ch = this.#fw.channels[0];
		if (!ch.started || ch.state === 'bus-off') return;
		if (frame.fd && !(ch.flags & GsCanFeature.FD && this.#fw.btConstExt)) return;
		const hf = canFrameToHostFrame(frame, GS_HOST_FRAME_ECHO_ID_RX, 0);
		hf.timestampUs = frame.timestampUs >>> 0;
		this.#in.receive(hf);
	}

	/** USBD_GS_CAN_DataOut + CAN_SendFrame: short or foreign-channel frames are silently ignored. */
	#fromHost(bytes: Uint8Array): void {
		if (
			bytes.length < hostFrameSize({ fd: false, timestamp: false }) ||
			bytes.length > this.#profile.outBufferSize
		) {
			return;
		}
		const fd = (bytes[10] & GsFrameFlag.FD) !== 0;
		// A classic build reads such a frame as classic and echoes the FD flag back at classic size,
		// which no host can parse; dropping it keeps the emulator from inventing that corner. An FD
		// build ignores an FD frame shorter than struct canfd (USBD_GS_CAN_DataOut).
		if (fd && (!this.#fw.btConstExt || bytes.length < hostFrameSize({ fd, timestamp: false }))) {
			return;
		}
		const hf = decodeHostFrame(bytes, { timestamp: false });
		const ch = this.#fw.channels[hf.channel];
		if (!ch?.started) return;
		// Listen-only (bxCAN silent mode) never reaches the bus, and this emulator drops the frame
		// without an echo, so a host that transmits anyway sees its slot never complete. The same
		// goes for an FD frame on a channel started without FD.
		if (ch.flags & GsCanFeature.LISTEN_ONLY) return;
		if (fd && !(ch.flags & GsCanFeature.FD)) return;
		this.#mailboxes.push(hf);
		this.#drainMailboxes();
	}

	/** Mailboxes go out in order unless TX is blocked or their channel is bus-off. */
	#drainMailboxes(): void {
		if (this.#txBlocked) return;
		const waiting = this.#mailboxes.splice(0);
		for (const hf of waiting) {
			if (this.#fw.channels[hf.channel].state === 'bus-off') this.#mailboxes.push(hf);
			else this.#transmit(hf);
		}
	}

	/** can_send() succeeded: the frame is on the bus and its echo goes to the host. */
	#transmit(hf: GsHostFrame): void {
		const now = this.#clock();
		this.#bus.transmit({ ...hostFrameToCanFrame(hf, now), channel: hf.channel }, now);
		this.#in.push({ ...hf, reserved: 0, timestampUs: now >>> 0 });
	}

	/** can_disable(): aborts the mailboxes and drops the channel's frames not yet sent to the host. */
	#purge(channel: number): void {
		this.#in.purge(channel);
		for (let i = this.#mailboxes.length - 1; i >= 0; i--) {
			if (this.#mailboxes[i].channel === channel) this.#mailboxes.splice(i, 1);
		}
	}
}
