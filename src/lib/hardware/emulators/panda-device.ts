import type { UsbControlSetup, UsbDeviceLike, UsbInResult, UsbOutResult } from '../transport/usb';
import type { CanBusSource } from './can-bus-source';
import type { CanFrame } from '../protocol/can-frame';
import { recordControlIn, recordControlOut, type UsbRecord } from './usb-transcript';
import { PollTimer } from './poll-timer';
import { PandaFirmware } from './panda-firmware';
import { UsbDeviceState, copyTransferBytes } from './usb-device-state';
import {
	PANDA_PACKET_VERSIONS,
	PANDA_USB_PACKET_SIZE,
	PandaEndpoint,
	PandaHwType,
	PandaProductId,
	type PandaPacketVersions
} from '../protocol/panda';

export interface PandaEmulatorOptions {
	/** The car: what its bus carries arrives on `vehicleBus`, and frames sent there reach it. */
	bus: CanBusSource;
	/**
	 * Where the car is wired: a panda bus through the harness (0–2), or 'obd' for the OBD-II connector, which
	 * the firmware routes to bus 1 only while the OBD multiplexer is on (set_obd 1, or elm327 with param 0).
	 * @default 0
	 */
	vehicleBus?: number | 'obd';
	/** The car's bit rate; frames arrive only while the panda bus is set to it. @default 500_000 */
	vehicleBitrate?: number;
	/** Device clock in µs. @default performance.now() × 1000 */
	clock?: () => number;
	/** get_type reply. @default PandaHwType.redPanda */
	hwType?: number;
	/** get_version reply. @default 'cartech-sim-panda' */
	gitVersion?: string;
	/** get_packets_versions reply. @default PANDA_PACKET_VERSIONS */
	packetVersions?: PandaPacketVersions;
	/** ALLOW_DEBUG firmware (allOutput selectable). @default false */
	debugBuild?: boolean;
	/** Ignition line: the heartbeat limit is 5 s with it on, 2 s off. @default false */
	ignition?: boolean;
	/** can_rx_q size. @default 4096 */
	rxQueueCapacity?: number;
	/** Poll the bus on a timer while open. Tests pass false and call pump(). @default true */
	autoPump?: boolean;
	/** @default 1 */
	pollIntervalMs?: number;
	vendorId?: number;
	productId?: number;
	/** STM32 UID; the USB serial number is its hex. @default a fixed made-up UID */
	uid?: Uint8Array;
}

const DEFAULT_UID = Uint8Array.of(
	0x2a,
	0x00,
	0x3c,
	0x00,
	0x0e,
	0x51,
	0x32,
	0x30,
	0x36,
	0x38,
	0x34,
	0x31
);

/**
 * A panda (application firmware) behind the UsbDeviceLike interface. Control requests go to PandaFirmware; EP3
 * OUT data is fed to it in 64-byte USB packets; EP1 IN transfers are built the way the USB core and
 * comms_can_read build them: 64-byte packets filled to the brim until a short one ends the transfer, so CAN
 * packets straddle USB packets and, once a transfer is full, transfers. With nothing queued an IN transfer ends
 * with a zero-length packet at the next poll, as a real panda answers every IN token. Zero-length transfers
 * are left out of `log`.
 */
export class PandaEmulator implements UsbDeviceLike {
	readonly vendorId: number;
	readonly productId: number;
	readonly productName = 'panda';
	readonly manufacturerName = 'comma.ai';
	readonly serialNumber: string;
	readonly log: UsbRecord[] = [];
	readonly firmware: PandaFirmware;

	readonly #bus: CanBusSource;
	readonly #vehicleBus: number | 'obd';
	readonly #vehicleSpeed: number;
	readonly #clock: () => number;
	readonly #autoPump: boolean;
	readonly #poller: PollTimer;
	readonly #usb: UsbDeviceState<{ configurationValue: number }>;
	#nextTickUs: number;
	#corruptNext = false;

	constructor(options: PandaEmulatorOptions) {
		if (!options?.bus) throw new TypeError('PandaEmulator needs a bus (CanBusSource)');
		const vehicleBus = options.vehicleBus ?? 0;
		if (vehicleBus !== 'obd' && ![0, 1, 2].includes(vehicleBus)) {
			throw new TypeError(`vehicleBus must be 0, 1, 2 or 'obd', got ${vehicleBus}`);
		}
		const vehicleBitrate = options.vehicleBitrate ?? 500_000;
		if (!Number.isInteger(vehicleBitrate / 100) || vehicleBitrate <= 0) {
			throw new TypeError(
				`vehicleBitrate must be a positive multiple of 100 bit/s, got ${vehicleBitrate}`
			);
		}
		const rxQueueCapacity = options.rxQueueCapacity ?? 4096;
		if (!Number.isInteger(rxQueueCapacity) || rxQueueCapacity < 1) {
			throw new TypeError(`rxQueueCapacity must be a positive integer, got ${rxQueueCapacity}`);
		}
		const uid = options.uid ?? DEFAULT_UID;
		if (uid.length !== 12) throw new TypeError(`uid must be 12 bytes, got ${uid.length}`);
		this.#bus = options.bus;
		this.#vehicleBus = vehicleBus;
		this.#vehicleSpeed = vehicleBitrate / 100;
		this.#clock = options.clock ?? (() => performance.now() * 1000);
		this.#autoPump = options.autoPump ?? true;
		this.#poller = new PollTimer(options.pollIntervalMs ?? 1, () => {
			if (!this.#usb.opened) return false;
			this.pump();
			return true;
		});
		// usb.h configuration descriptor: one vendor interface with EP1 IN, EP2 OUT (serial) and EP3 OUT (CAN).
		this.#usb = new UsbDeviceState({
			configuration: { configurationValue: 1 },
			interfaces: [0],
			endpoints: [
				{ endpointNumber: PandaEndpoint.CAN_RX, direction: 'in', interfaceNumber: 0 },
				{ endpointNumber: PandaEndpoint.CAN_TX, direction: 'out', interfaceNumber: 0 },
				{ endpointNumber: PandaEndpoint.SERIAL_TX, direction: 'out', interfaceNumber: 0 }
			],
			onOpen: () => {
				if (this.#autoPump) this.#poller.start();
			},
			onEnd: () => this.#poller.stop()
		});
		this.vendorId = options.vendorId ?? 0x3801;
		this.productId = options.productId ?? PandaProductId.APP;
		// usb.h STRING_OFFSET_ISERIAL: the UID as lowercase hex.
		this.serialNumber = Array.from(uid, (b) => b.toString(16).padStart(2, '0')).join('');
		this.firmware = new PandaFirmware({
			hwType: options.hwType ?? PandaHwType.redPanda,
			gitVersion: options.gitVersion ?? 'cartech-sim-panda',
			packetVersions: options.packetVersions ?? PANDA_PACKET_VERSIONS,
			debugBuild: options.debugBuild ?? false,
			uid,
			rxQueueCapacity,
			clock: () => this.#clock(),
			transmit: (frame, bus) => this.#transmit(frame, bus)
		});
		this.firmware.ignition = options.ignition ?? false;
		this.#nextTickUs = this.#clock() + 1_000_000;
	}

	get opened(): boolean {
		return this.#usb.opened;
	}

	get configuration(): { configurationValue: number } | null {
		return this.#usb.configuration;
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
		return recordControlIn(this.log, setup, length, this.firmware.control(setup, length));
	}

	async controlTransferOut(setup: UsbControlSetup, data?: BufferSource): Promise<UsbOutResult> {
		this.#usb.assertControl(setup);
		const bytes = copyTransferBytes(data);
		const { status } = this.firmware.control(setup, 0);
		return recordControlOut(this.log, setup, bytes, status);
	}

	transferIn(endpoint: number, length: number): Promise<UsbInResult> {
		return this.#usb.transferIn(endpoint, length, () => this.#flush(false));
	}

	async transferOut(endpoint: number, data: BufferSource): Promise<UsbOutResult> {
		this.#usb.assertEndpoint('out', endpoint);
		const bytes = copyTransferBytes(data);
		this.log.push({ kind: 'bulk', direction: 'out', endpoint, data: bytes, status: 'ok' });
		if (endpoint === PandaEndpoint.CAN_TX) {
			// The USB core hands usb_cb_ep3_out one wMaxPacketSize packet at a time.
			for (let i = 0; i < bytes.length; i += PANDA_USB_PACKET_SIZE) {
				this.firmware.canWrite(bytes.subarray(i, i + PANDA_USB_PACKET_SIZE));
			}
			this.#flush(false);
		}
		return { status: 'ok', bytesWritten: bytes.length };
	}

	/**
	 * Runs the firmware's 1 Hz ticks due by `nowUs`, takes the frames the car sent since the last poll and
	 * completes pending IN transfers (with a zero-length packet when there is nothing to send).
	 */
	pump(nowUs = this.#clock()): void {
		if (this.#usb.gone) return;
		const fw = this.firmware;
		for (const frame of this.#bus.poll(nowUs)) {
			// Frames keep their bus order against the heartbeat tick that may silence or wake a bus.
			this.#tickUntil(frame.timestampUs);
			const bus = this.#vehicleOnBus();
			if (bus === undefined) continue;
			// A controller at another bit rate, or with FD off seeing an FD frame, only sees errors.
			if (
				fw.buses[bus].canSpeed !== this.#vehicleSpeed ||
				(frame.fd && !fw.buses[bus].canfdEnabled)
			) {
				this.#bitError(bus);
				continue;
			}
			fw.receive(frame, bus);
		}
		this.#tickUntil(nowUs);
		this.#flush(true);
	}

	/** USB cable pulled: pending and later transfers reject with NotFoundError, as WebUSB does. */
	unplug(): void {
		this.#usb.unplug();
	}

	/**
	 * Fault injection: the next non-empty IN transfer has bit 0 of its byte 6 flipped — the first payload byte
	 * when the transfer starts with a packet that has one — so that packet fails its checksum.
	 */
	corruptNextPacket(): void {
		this.#corruptNext = true;
	}

	/**
	 * Fault injection: while blocked, frames that passed the safety hook wait un-echoed in the TX queues (a
	 * controller FIFO that never drains, as on a bus where nobody acknowledges). Unblocking sends them.
	 */
	setTxBlocked(blocked: boolean): void {
		this.firmware.txBlocked = blocked;
		if (!blocked) {
			this.firmware.releaseTx();
			this.#flush(false);
		}
	}

	setIgnition(on: boolean): void {
		this.firmware.ignition = on;
	}

	/** The controller of `bus` changes error state; can_health reports it. */
	setBusState(
		bus: number,
		state: 'active' | 'warning' | 'passive' | 'bus-off',
		counters: { rx: number; tx: number }
	): void {
		this.firmware.setErrorState(
			bus,
			{
				busOff: state === 'bus-off',
				errorPassive: state === 'passive' || state === 'bus-off',
				errorWarning: state !== 'active'
			},
			counters
		);
	}

	/** The panda bus the car is reachable on right now, if any. */
	#vehicleOnBus(): number | undefined {
		if (this.#vehicleBus !== 'obd') return this.#vehicleBus;
		return this.firmware.obdMux ? 1 : undefined;
	}

	/**
	 * A controller at the wrong bit rate sees every frame as errors: REC climbs by one per error until the
	 * controller turns error passive above 127 (ISO 11898-1 fault confinement; warning from 96, as bxCAN/FDCAN).
	 */
	#bitError(bus: number): void {
		const h = this.firmware.canHealth[bus];
		const rec = Math.min(h.receiveErrorCount + 1, 128);
		h.totalErrorCount++;
		h.lastError = 'form';
		h.lastStoredError = 'form';
		this.firmware.setErrorState(
			bus,
			{ busOff: h.busOff, errorPassive: rec > 127, errorWarning: rec >= 96 },
			{ rx: rec, tx: h.transmitErrorCount }
		);
	}

	#transmit(frame: CanFrame, bus: number): void {
		if (this.#vehicleOnBus() !== bus || this.firmware.buses[bus].canSpeed !== this.#vehicleSpeed) {
			return;
		}
		this.#bus.transmit({ ...frame, channel: 0 }, frame.timestampUs);
	}

	#tickUntil(us: number): void {
		while (this.#nextTickUs <= us) {
			this.firmware.tick();
			this.#nextTickUs += 1_000_000;
		}
	}

	/**
	 * Completes pending IN transfers in order. Each is built from 64-byte packets (usb.h IN handler:
	 * usb_cb_ep1_in(resp, 0x40)), ending at the first short packet or when the host's buffer is full; a packet
	 * longer than the space left is babble, as a host controller reports an overflowing device.
	 */
	#flush(idleEnds: boolean): void {
		const fw = this.firmware;
		const transfers = this.#usb.pendingIn;
		while (transfers.size > 0 && (fw.rxPending > 0 || idleEnds)) {
			const pending = transfers.take()!;
			const parts: Uint8Array[] = [];
			let total = 0;
			let status: 'ok' | 'babble' = 'ok';
			for (;;) {
				let packet = fw.canRead(PANDA_USB_PACKET_SIZE);
				if (total + packet.length > pending.length) {
					packet = packet.subarray(0, pending.length - total);
					status = 'babble';
				}
				parts.push(packet);
				total += packet.length;
				if (
					status === 'babble' ||
					packet.length < PANDA_USB_PACKET_SIZE ||
					total === pending.length
				) {
					break;
				}
			}
			const data = concat(parts, total);
			if (this.#corruptNext && data.length > 6) {
				data[6] ^= 0x01;
				this.#corruptNext = false;
			}
			if (data.length > 0) {
				this.log.push({
					kind: 'bulk',
					direction: 'in',
					endpoint: PandaEndpoint.CAN_RX,
					data,
					status
				});
			}
			pending.resolve({ status, data: view(data) });
		}
	}
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
	const out = new Uint8Array(total);
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}

function view(bytes: Uint8Array): DataView {
	return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
