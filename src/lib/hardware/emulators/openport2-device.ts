import type { UsbControlSetup, UsbDeviceLike, UsbInResult, UsbOutResult } from '../transport/usb';
import { OPENPORT_USB_ID, OpenPortCommandDecoder } from '../protocol/openport';
import type { CanBusSource } from './can-bus-source';
import { PollTimer } from './poll-timer';
import { OpenPortFirmware, type EmulatedChannel } from './openport2-firmware';
import { KLineEcu, type KLineEcuOptions } from './openport2-kline-ecu';
import type { UsbRecord } from './usb-transcript';
import { UsbDeviceState, copyTransferBytes } from './usb-device-state';

export interface OpenPort2EmulatorOptions {
	/** The CAN bus behind the OBD connector (e.g. a SimulatedVehicle with its responders). */
	bus: CanBusSource;
	/** A K-line ECU (ISO 14230-4) answering fast init and OBD 01/09; omit for a car without K-line. */
	kLine?: KLineEcu | KLineEcuOptions;
	/** Device clock in µs; its low 32 bits are the packet timestamps. @default performance.now() × 1000 */
	clock?: () => number;
	/** J1962 pin 16 voltage for `atr 16`. @default () => 12600 */
	batteryMillivolts?: () => number;
	/** `ati` answer after `ari ` (j2534.c keeps what follows the last ':'). @default 'main code version : 1.17.4877' (unverified) */
	firmware?: string;
	/** Bulk pipes this device reports in its configuration. @default interface 0, IN 1, OUT 2 */
	endpoints?: { interfaceNumber: number; inEndpoint: number; outEndpoint: number };
	/** Bytes of RX packets buffered for the host before new packets are dropped. @default 65536 */
	queueCapacityBytes?: number;
	/** Poll the bus on a timer while open; tests pass false and call pump(). @default true */
	autoPump?: boolean;
	/** @default 1 */
	pollIntervalMs?: number;
	serialNumber?: string;
}

/** What selectConfiguration(1) installs: the vendor interface with its bulk pair, as j2534.c finds it. */
interface OpenPortConfiguration {
	configurationValue: number;
	interfaces: unknown[];
}

/**
 * A Tactrix OpenPort 2.0 behind the UsbDeviceLike interface, byte for byte as j2534.c expects it: commands arrive
 * on bulk OUT, replies and RX packets leave on bulk IN as one byte stream, and an IN transfer returns everything
 * queued up to its length, so packets share reads and a long one is split across reads just as on the wire.
 * The firmware logic lives in openport2-firmware.ts; this file is the USB surface, the poll timer and fault
 * injection (unplug, short reads, raw bytes). Every transfer is recorded in `log`.
 */
export class OpenPort2Emulator implements UsbDeviceLike {
	readonly vendorId = OPENPORT_USB_ID.vendorId;
	readonly productId = OPENPORT_USB_ID.productId;
	readonly productName = 'OpenPort 2.0';
	readonly manufacturerName = 'Tactrix Inc.';
	readonly serialNumber: string;
	readonly log: UsbRecord[] = [];
	/** RX packets dropped because the host did not read. */
	droppedPackets = 0;

	readonly #bus: CanBusSource;
	readonly #clock: () => number;
	readonly #capacity: number;
	readonly #autoPump: boolean;
	readonly #endpoints: { interfaceNumber: number; inEndpoint: number; outEndpoint: number };
	readonly #decoder = new OpenPortCommandDecoder();
	readonly #firmware: OpenPortFirmware;
	readonly #poller: PollTimer;
	readonly #usb: UsbDeviceState<OpenPortConfiguration>;
	#toHost: Uint8Array[] = [];
	#queued = 0;
	#maxIn = Infinity;

	constructor(options: OpenPort2EmulatorOptions) {
		if (!options?.bus) throw new TypeError('OpenPort2Emulator needs a bus (CanBusSource)');
		this.#bus = options.bus;
		this.#clock = options.clock ?? (() => performance.now() * 1000);
		this.#capacity = options.queueCapacityBytes ?? 65_536;
		this.#autoPump = options.autoPump ?? true;
		this.#endpoints = options.endpoints ?? { interfaceNumber: 0, inEndpoint: 1, outEndpoint: 2 };
		this.serialNumber = options.serialNumber ?? 'OP2EMU0001';
		const kLine = options.kLine;
		const battery = options.batteryMillivolts ?? (() => 12_600);
		this.#firmware = new OpenPortFirmware({
			bus: this.#bus,
			kLineEcu: kLine === undefined || kLine instanceof KLineEcu ? kLine : new KLineEcu(kLine),
			firmwareText: options.firmware ?? 'main code version : 1.17.4877',
			batteryMillivolts: battery,
			toHost: (bytes, droppable) => this.#queue(bytes, droppable)
		});
		this.#poller = new PollTimer(options.pollIntervalMs ?? 1, () => {
			if (!this.#usb.opened) return false;
			this.pump();
			return true;
		});
		const { interfaceNumber, inEndpoint, outEndpoint } = this.#endpoints;
		this.#usb = new UsbDeviceState({
			configuration: {
				configurationValue: 1,
				interfaces: [
					{
						interfaceNumber,
						alternate: {
							interfaceClass: 0xff,
							endpoints: [
								{ endpointNumber: inEndpoint, direction: 'in', type: 'bulk', packetSize: 64 },
								{ endpointNumber: outEndpoint, direction: 'out', type: 'bulk', packetSize: 64 }
							]
						}
					}
				]
			},
			interfaces: [interfaceNumber],
			endpoints: [
				{ endpointNumber: inEndpoint, direction: 'in', interfaceNumber },
				{ endpointNumber: outEndpoint, direction: 'out', interfaceNumber }
			],
			onOpen: () => {
				if (this.#autoPump) this.#poller.start();
			},
			onEnd: () => this.#poller.stop()
		});
	}

	get opened(): boolean {
		return this.#usb.opened;
	}

	get configuration(): OpenPortConfiguration | null {
		return this.#usb.configuration;
	}

	/** Bytes waiting for an IN transfer. */
	get queuedBytes(): number {
		return this.#queued;
	}

	/** Firmware view of a connected channel (by protocol id), for assertions. */
	channel(protocol: number): EmulatedChannel | undefined {
		return this.#firmware.channels.get(protocol);
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

	/** The OpenPort is driven over bulk only; control requests stall. */
	async controlTransferIn(_setup: UsbControlSetup, _length: number): Promise<UsbInResult> {
		this.#usb.assertOpen();
		return { status: 'stall' };
	}

	async controlTransferOut(_setup: UsbControlSetup, _data?: BufferSource): Promise<UsbOutResult> {
		this.#usb.assertOpen();
		return { status: 'stall', bytesWritten: 0 };
	}

	transferIn(endpoint: number, length: number): Promise<UsbInResult> {
		return this.#usb.transferIn(endpoint, length, () => this.#flush());
	}

	async transferOut(endpoint: number, data: BufferSource): Promise<UsbOutResult> {
		this.#usb.assertEndpoint('out', endpoint);
		const bytes = copyTransferBytes(data);
		this.log.push({ kind: 'bulk', direction: 'out', endpoint, data: bytes, status: 'ok' });
		const now = this.#clock();
		for (const command of this.#decoder.push(bytes)) this.#firmware.handle(command, now);
		this.#flush();
		return { status: 'ok', bytesWritten: bytes.length };
	}

	/** Polls the bus up to `nowUs`, runs the channels (ISO-TP timers, K-line replies) and serves IN transfers. */
	pump(nowUs = this.#clock()): void {
		if (this.#usb.gone) return;
		this.#firmware.receive(this.#bus.poll(nowUs), nowUs);
		this.#flush();
	}

	/** USB cable pulled: pending and later transfers reject with NotFoundError, as WebUSB does. */
	unplug(): void {
		this.#usb.unplug();
	}

	/** Fault injection: cap every IN transfer at `bytes`, so packets split across reads. Infinity lifts it. */
	limitInTransfers(bytes: number): void {
		if (!(bytes >= 1)) throw new RangeError(`limit must be at least 1 byte, got ${bytes}`);
		this.#maxIn = bytes;
	}

	/** Fault injection: queue raw bytes for the host (garbage, malformed or hand-built packets). */
	injectIn(bytes: Uint8Array): void {
		this.#toHost.push(bytes.slice());
		this.#queued += bytes.length;
		this.#flush();
	}

	#queue(bytes: Uint8Array, droppable: boolean): void {
		if (droppable && this.#queued + bytes.length > this.#capacity) {
			this.droppedPackets++;
			return;
		}
		this.#toHost.push(bytes);
		this.#queued += bytes.length;
	}

	#flush(): void {
		const transfers = this.#usb.pendingIn;
		while (transfers.size > 0 && this.#queued > 0) {
			const pending = transfers.take()!;
			const size = Math.min(pending.length, this.#maxIn, this.#queued);
			const out = new Uint8Array(size);
			let at = 0;
			while (at < size) {
				const head = this.#toHost[0];
				const take = Math.min(head.length, size - at);
				out.set(head.subarray(0, take), at);
				at += take;
				if (take === head.length) this.#toHost.shift();
				else this.#toHost[0] = head.subarray(take);
			}
			this.#queued -= size;
			this.log.push({
				kind: 'bulk',
				direction: 'in',
				endpoint: this.#endpoints.inEndpoint,
				data: out,
				status: 'ok'
			});
			pending.resolve({ status: 'ok', data: new DataView(out.buffer) });
		}
	}
}
