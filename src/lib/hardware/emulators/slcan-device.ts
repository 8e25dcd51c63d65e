import type { CanFrame } from '../protocol/can-frame';
import { PollTimer } from './poll-timer';
import type { SlcanDialect } from '../protocol/slcan/dialect';
import { isSlcanDialect } from '../protocol/slcan/dialect';
import type { SerialOpenOptions, SerialPortInfoLike, SerialPortLike } from '../transport/serial';
import type { CanBusSource } from './can-bus-source';
import {
	BELL,
	frameToHostLine,
	handleSlcanCommand,
	type SlcanFirmwareState
} from './slcan-firmware';

export interface SlcanEmulatorOptions {
	bus: CanBusSource;
	dialect: SlcanDialect;
	/** Device time in µs; bus polls and Z1 stamps use it. @default performance.now() × 1000 */
	clock?: () => number;
	/** Poll the bus on a timer while the port is open. Tests pass false and call pump(). @default true */
	autoPump?: boolean;
	/** @default 1 */
	pollIntervalMs?: number;
	/** Device→host bytes are cut into chunks of this size, like USB full-speed CDC packets. @default 64 */
	packetSize?: number;
	/** Longest command line before the firmware gives up on it with BEL. @default 64 */
	maxCommandLength?: number;
	/** Lawicel `V` digits. @default '1013' */
	version?: string;
	/** Lawicel `N` reply. @default 'A123' */
	serialNumber?: string;
	/** canable-fw `V` reply text. @default '4c6e4ac git@github.com:normaldotcom/canable-fw.git' */
	gitVersion?: string;
	/** @default AD50:60C4 for canable (protocols.md §0), FTDI 0403:FFA8 (Lawicel CANUSB) otherwise */
	info?: SerialPortInfoLike;
}

/** One host command line and the device's exact reply, for transcript tests. */
export interface SlcanExchange {
	host: string;
	device: string;
}

/**
 * An SLCAN adapter behind the WebSerial `SerialPort` slice, in either dialect: commands are answered byte for byte
 * (see slcan-firmware.ts), bus frames stream to the host only while the CAN channel is open, and `unplug()`
 * errors the streams with a DOMException named NetworkError as WebSerial does when the device vanishes.
 */
export class SlcanEmulator implements SerialPortLike {
	/** Every command the host sent, with the reply. */
	readonly log: SlcanExchange[] = [];
	readonly #bus: CanBusSource;
	readonly #clock: () => number;
	readonly #autoPump: boolean;
	readonly #packetSize: number;
	readonly #maxCommand: number;
	readonly #info: SerialPortInfoLike;
	readonly #fw: SlcanFirmwareState;
	readonly #encoder = new TextEncoder();
	#portOpen = false;
	#gone = false;
	#readable: ReadableStream<Uint8Array> | null = null;
	#readController: ReadableStreamDefaultController<Uint8Array> | null = null;
	#writable: WritableStream<Uint8Array> | null = null;
	#writeController: WritableStreamDefaultController | null = null;
	#command = '';
	#overlong = false;
	readonly #poller: PollTimer;

	constructor(options: SlcanEmulatorOptions) {
		if (!options?.bus) throw new TypeError('SlcanEmulator needs a bus (CanBusSource)');
		if (!isSlcanDialect(options.dialect)) {
			throw new TypeError(`dialect must be 'lawicel' or 'canable', got ${String(options.dialect)}`);
		}
		this.#bus = options.bus;
		this.#clock = options.clock ?? (() => performance.now() * 1000);
		this.#autoPump = options.autoPump ?? true;
		this.#poller = new PollTimer(options.pollIntervalMs ?? 1, () => {
			if (!this.#portOpen || this.#gone) return false;
			this.pump();
			return true;
		});
		this.#packetSize = options.packetSize ?? 64;
		this.#maxCommand = options.maxCommandLength ?? 64;
		if (!Number.isInteger(this.#packetSize) || this.#packetSize < 1) {
			throw new TypeError(`packetSize must be a positive integer, got ${this.#packetSize}`);
		}
		const serialNumber = options.serialNumber ?? 'A123';
		if (!/^[\x21-\x7e]{4}$/.test(serialNumber)) {
			throw new TypeError(`serialNumber must be 4 printable characters, got ${serialNumber}`);
		}
		this.#info =
			options.info ??
			(options.dialect === 'canable'
				? { usbVendorId: 0xad50, usbProductId: 0x60c4 }
				: { usbVendorId: 0x0403, usbProductId: 0xffa8 });
		this.#fw = {
			dialect: options.dialect,
			open: false,
			listenOnly: false,
			bitrate: null,
			customBtr: null,
			timestamps: false,
			acceptanceCode: 0,
			acceptanceMask: 0xffff_ffff,
			autoRetransmit: true,
			statusFlags: 0,
			version: options.version ?? '1013',
			serialNumber,
			gitVersion: options.gitVersion ?? '4c6e4ac git@github.com:normaldotcom/canable-fw.git'
		};
	}

	get readable(): ReadableStream<Uint8Array> | null {
		// WebSerial hands out a fresh stream after the previous one was cancelled, while the port stays open.
		if (this.#portOpen && !this.#gone && this.#readable === null) this.#makeReadable();
		return this.#readable;
	}

	get writable(): WritableStream<Uint8Array> | null {
		return this.#writable;
	}

	/** Firmware view, for assertions. */
	get firmware(): Readonly<SlcanFirmwareState> {
		return this.#fw;
	}

	getInfo(): SerialPortInfoLike {
		return { ...this.#info };
	}

	async open(options: SerialOpenOptions): Promise<void> {
		if (this.#gone) throw new DOMException('The device has been lost.', 'NetworkError');
		if (this.#portOpen) throw new DOMException('The port is already open.', 'InvalidStateError');
		if (!Number.isInteger(options?.baudRate) || options.baudRate <= 0) {
			throw new TypeError(`baudRate must be a positive integer, got ${options?.baudRate}`);
		}
		this.#portOpen = true;
		this.#command = '';
		this.#makeReadable();
		this.#writable = new WritableStream<Uint8Array>({
			start: (controller) => {
				this.#writeController = controller;
			},
			write: (chunk) => {
				if (this.#gone) throw new DOMException('The device has been lost.', 'NetworkError');
				this.#fromHost(chunk);
			}
		});
		this.#schedule();
	}

	async close(): Promise<void> {
		if (!this.#portOpen) throw new DOMException('The port is already closed.', 'InvalidStateError');
		if (this.#readable?.locked || this.#writable?.locked) {
			throw new DOMException('The port has locked streams.', 'InvalidStateError');
		}
		this.#portOpen = false;
		this.#stopTimer();
		try {
			this.#readController?.close();
		} catch {
			// Already cancelled or errored by the host.
		}
		this.#readable = null;
		this.#writable = null;
	}

	/** Polls the bus up to `nowUs` and streams what it carried to the host if the CAN channel is open. */
	pump(nowUs = this.#clock()): void {
		if (this.#gone || !this.#portOpen) return;
		const frames = this.#bus.poll(nowUs);
		if (!this.#fw.open || frames.length === 0) return;
		let text = '';
		for (const frame of frames) {
			// Both dialects here are classic-CAN controllers; an FD frame is a form error they never pass on.
			if (frame.fd) continue;
			text += frameToHostLine(this.#fw, frame);
		}
		this.#toHost(text);
	}

	/** Fault injection: Lawicel status bits for the next `F` (SlcanStatusFlag). */
	setStatusFlags(flags: number): void {
		this.#fw.statusFlags |= flags & 0xff;
	}

	/** Fault injection: raw bytes to the host, e.g. line noise or a partial line. */
	injectToHost(text: string): void {
		this.#toHost(text);
	}

	/** USB cable pulled: the readable and writable error with a NetworkError DOMException. */
	unplug(): void {
		if (this.#gone) return;
		this.#gone = true;
		this.#stopTimer();
		const err = new DOMException('The device has been lost.', 'NetworkError');
		try {
			this.#readController?.error(err);
		} catch {
			// Stream already closed.
		}
		this.#writeController?.error(err);
	}

	#makeReadable(): void {
		this.#readable = new ReadableStream<Uint8Array>({
			start: (controller) => {
				this.#readController = controller;
			},
			cancel: () => {
				this.#readable = null;
				this.#readController = null;
			}
		});
	}

	#fromHost(chunk: Uint8Array): void {
		for (let i = 0; i < chunk.length; i++) {
			const b = chunk[i];
			if (b !== 0x0d) {
				if (this.#command.length >= this.#maxCommand) this.#overlong = true;
				else this.#command += String.fromCharCode(b);
				continue;
			}
			const line = this.#command;
			this.#command = '';
			const reply = this.#overlong
				? BELL
				: handleSlcanCommand(this.#fw, line, (f) => this.#transmit(f));
			this.#overlong = false;
			this.log.push({ host: line + '\r', device: reply });
			this.#toHost(reply);
		}
	}

	#transmit(frame: CanFrame): void {
		const now = this.#clock();
		this.#bus.transmit({ ...frame, timestampUs: now }, now);
	}

	#toHost(text: string): void {
		const controller = this.#readController;
		if (!controller || text.length === 0) return;
		const bytes = this.#encoder.encode(text);
		for (let i = 0; i < bytes.length; i += this.#packetSize) {
			controller.enqueue(bytes.subarray(i, i + this.#packetSize));
		}
	}

	#schedule(): void {
		if (this.#autoPump) this.#poller.start();
	}

	#stopTimer(): void {
		this.#poller.stop();
	}
}
