import { garbleBytes, sameBaudRate } from './uart-line';
import type { EcuDefinition } from '../../tune/ini';
import { PAGE_COMMAND_HEADER } from '../protocol/tunerstudio/speeduino-commands';
import type { SerialOpenOptions, SerialPortInfoLike, SerialPortLike } from '../transport/serial';
import { PollTimer } from './poll-timer';
import { SpeeduinoFirmware } from './speeduino-firmware';
import { createLiveBlockEncoder } from './speeduino-live-data';
import type { VehicleState } from './vehicle/vehicle-state';

/** What the emulator reads the car from: a SimulatedVehicle fits (poll advances it to the given time). */
export interface VehicleSource {
	readonly state: Readonly<VehicleState>;
	poll(nowUs: number): unknown;
}

export interface SpeeduinoEmulatorOptions {
	/** The ECU definition (pages, output channels, signature) the firmware is built for. */
	definition: EcuDefinition;
	/** The car whose state fills the output channels; without one they read 0. */
	vehicle?: VehicleSource;
	/** EEPROM at power-up, per page (index = page number − 1), e.g. from msqPageImages(); zeros otherwise. */
	pages?: Uint8Array[];
	/** @default definition.signature */
	signature?: string;
	/** What `S` answers. @default derived from the signature ("speeduino 202103" → "Speeduino 2021.03") */
	product?: string;
	/** UART rate of the Mega's 16U2 bridge (protocols.md §6.1). @default 115200 */
	baudRate?: number;
	/** Native-USB boards (Teensy, STM32) ignore the baud rate and move about 1 MB/s. @default false */
	nativeUsb?: boolean;
	/** Device clock in µs. @default performance.now() × 1000 */
	clock?: () => number;
	/** From a request's last byte to the reply's first: the main loop coming round to serial. @default 1000 */
	turnaroundUs?: number;
	/** comms.cpp SERIAL_TIMEOUT. @default 400 */
	rxTimeoutMs?: number;
	/** Largest framed payload. @default blockingFactor + 7, so a full `M` chunk fits */
	serialBufferSize?: number;
	/** Bytes the board emits when the port opens (bootloader chatter, a DTR glitch). @default none */
	bootNoise?: Uint8Array;
	/** Device→host bytes are cut into chunks of this size, like USB full-speed CDC packets. @default 64 */
	packetSize?: number;
	/** @default 1 */
	pollMs?: number;
	/** @default Arduino Mega 2560 R3, 2341:0042 */
	info?: SerialPortInfoLike;
}

interface Segment {
	bytes: Uint8Array;
	/** When the first byte starts on the wire, µs. */
	startUs: number;
	sent: number;
}

const NATIVE_USB_BYTES_PER_S = 1_000_000;

/**
 * A Speeduino behind the WebSerial `SerialPort` slice, byte-exact to comms.cpp (see speeduino-firmware.ts): framed
 * msEnvelope_1.0 commands, legacy Q/S/F until the first good frame, the 400 ms receive timeout, CRC errors, pages
 * in RAM with `b` burning to EEPROM, and output channels packed from the simulated car per the .ini. Bytes cross
 * the wire at baudRate/10 per second both ways plus a turnaround, so a host measures an honest poll rate; a host
 * that opens at another rate reads garbage, and `unplug()` errors both streams with NetworkError.
 */
export class SpeeduinoEmulator implements SerialPortLike {
	/** What the host wrote, chunk by chunk, for byte-exact assertions. */
	readonly hostWrites: Uint8Array[] = [];
	readonly firmware: SpeeduinoFirmware;
	/** The car's state as of the latest output-channel request. */
	lastLiveState: VehicleState | null = null;
	readonly #vehicle: VehicleSource | null;
	readonly #clock: () => number;
	readonly #baud: number;
	readonly #nativeUsb: boolean;
	readonly #byteUs: number;
	readonly #turnaroundUs: number;
	readonly #bootNoise: Uint8Array;
	readonly #packetSize: number;
	readonly #info: SerialPortInfoLike;
	readonly #encodeLive: (state: Readonly<VehicleState>) => Uint8Array;
	readonly #blockSize: number;
	readonly #poller: PollTimer;
	#hostBaud: number | null = null;
	#readable: ReadableStream<Uint8Array> | null = null;
	#writable: WritableStream<Uint8Array> | null = null;
	#readController: ReadableStreamDefaultController<Uint8Array> | null = null;
	#writeController: WritableStreamDefaultController | null = null;
	#rx: { bytes: Uint8Array; arrivesUs: number }[] = [];
	#rxLineFreeUs = 0;
	#tx: Segment[] = [];
	#txLineFreeUs = 0;
	#gone = false;

	constructor(options: SpeeduinoEmulatorOptions) {
		const definition = options?.definition;
		if (!definition?.pages || !definition.outputChannels) {
			throw new TypeError('SpeeduinoEmulator needs a definition (parseIni of the ECU .ini)');
		}
		this.#baud = options.baudRate ?? 115200;
		if (!Number.isInteger(this.#baud) || this.#baud <= 0) {
			throw new TypeError(`baudRate must be a positive integer, got ${this.#baud}`);
		}
		this.#nativeUsb = options.nativeUsb ?? false;
		this.#byteUs = this.#nativeUsb ? 1e6 / NATIVE_USB_BYTES_PER_S : 1e7 / this.#baud;
		this.#turnaroundUs = nonNegative(options.turnaroundUs ?? 1000, 'turnaroundUs');
		this.#packetSize = options.packetSize ?? 64;
		if (!Number.isInteger(this.#packetSize) || this.#packetSize < 1) {
			throw new TypeError(`packetSize must be a positive integer, got ${this.#packetSize}`);
		}
		const pages = options.pages ?? definition.pages.map((p) => new Uint8Array(p.size));
		if (
			pages.length !== definition.pages.length ||
			pages.some((p, i) => !(p instanceof Uint8Array) || p.length !== definition.pages[i].size)
		) {
			throw new TypeError(
				`pages must be ${definition.pages.length} Uint8Arrays sized ${definition.pages.map((p) => p.size).join(', ')}`
			);
		}
		const signature = options.signature ?? definition.signature;
		const bufferSize =
			options.serialBufferSize ?? (definition.comms.blockingFactor ?? 251) + PAGE_COMMAND_HEADER;
		this.#vehicle = options.vehicle ?? null;
		this.#clock = options.clock ?? (() => performance.now() * 1000);
		this.#bootNoise = options.bootNoise ?? new Uint8Array(0);
		this.#info = options.info ?? { usbVendorId: 0x2341, usbProductId: 0x0042 };
		this.#encodeLive = createLiveBlockEncoder(definition);
		this.#blockSize = definition.outputChannels.blockSize;
		this.firmware = new SpeeduinoFirmware({
			definition,
			signature,
			product: options.product ?? productString(signature),
			eeprom: pages,
			liveData: () => this.#liveData(),
			bufferSize,
			rxTimeoutMs: nonNegative(options.rxTimeoutMs ?? 400, 'rxTimeoutMs')
		});
		this.#poller = new PollTimer(options.pollMs ?? 1, () => this.#tick());
	}

	get readable(): ReadableStream<Uint8Array> | null {
		return this.#readable;
	}

	get writable(): WritableStream<Uint8Array> | null {
		return this.#writable;
	}

	getInfo(): SerialPortInfoLike {
		return { ...this.#info };
	}

	async open(options: SerialOpenOptions): Promise<void> {
		if (this.#gone) throw new DOMException('The device has been lost.', 'NetworkError');
		if (this.#readable) throw new DOMException('The port is already open.', 'InvalidStateError');
		if (!Number.isInteger(options?.baudRate) || options.baudRate <= 0) {
			throw new TypeError(`baudRate must be a positive integer, got ${options?.baudRate}`);
		}
		this.#hostBaud = options.baudRate;
		this.#readable = new ReadableStream<Uint8Array>({
			start: (c) => {
				this.#readController = c;
			}
		});
		this.#writable = new WritableStream<Uint8Array>({
			start: (c) => {
				this.#writeController = c;
			},
			write: (chunk) => {
				if (this.#gone) throw new DOMException('The device has been lost.', 'NetworkError');
				this.#fromHost(chunk);
			}
		});
		const now = this.#clock();
		this.#rxLineFreeUs = this.#txLineFreeUs = now;
		if (this.#bootNoise.length > 0) this.#transmit([this.#bootNoise.slice()], now);
	}

	async close(): Promise<void> {
		if (!this.#readable || !this.#writable) return;
		if (this.#readable.locked || this.#writable.locked) {
			throw new DOMException('Cannot close a port with locked streams.', 'InvalidStateError');
		}
		const readable = this.#readable;
		const writable = this.#writable;
		this.#readable = this.#writable = null;
		this.#readController = this.#writeController = null;
		this.#hostBaud = null;
		this.#rx = [];
		this.#tx = [];
		this.#poller.stop();
		await readable.cancel().catch(() => {});
		await writable.close().catch(() => {});
	}

	/** USB cable pulled: both streams error with a NetworkError DOMException, as WebSerial reports it. */
	unplug(): void {
		if (this.#gone) return;
		this.#gone = true;
		this.#poller.stop();
		const err = new DOMException('The device has been lost.', 'NetworkError');
		try {
			this.#readController?.error(err);
		} catch {
			// already closed: nothing more to tell the host
		}
		this.#writeController?.error(err);
	}

	/** Power cycle (or reset by DTR): RAM reloads from EEPROM and legacy commands work again. */
	powerCycle(): void {
		this.firmware.powerCycle();
	}

	/** Fault injection: the next `n` framed requests get 0x85 BUSY. */
	setBusy(n: number): void {
		this.firmware.busyReplies = n;
	}

	/** Fault injection: raw bytes to the host after whatever is already queued (line noise, a forged frame). */
	injectToHost(bytes: Uint8Array): void {
		this.#transmit([bytes.slice()], this.#clock());
	}

	#fromHost(chunk: Uint8Array): void {
		this.hostWrites.push(chunk.slice());
		const bytes = this.#linkMatches() ? chunk.slice() : garbleBytes(chunk);
		const now = this.#clock();
		const start = Math.max(now, this.#rxLineFreeUs);
		this.#rxLineFreeUs = start + bytes.length * this.#byteUs;
		this.#rx.push({ bytes, arrivesUs: this.#rxLineFreeUs });
		this.#poller.start();
	}

	#tick(): boolean {
		if (this.#gone || !this.#readable) return false;
		const now = this.#clock();
		// The firmware only reads serial while it is not transmitting (speeduino.ino main loop).
		while (this.#rx.length > 0 && this.#rx[0].arrivesUs <= now && this.#tx.length === 0) {
			const { bytes, arrivesUs } = this.#rx.shift()!;
			this.#transmit(
				this.firmware.receive(bytes, arrivesUs / 1000),
				arrivesUs + this.#turnaroundUs
			);
		}
		if (this.firmware.receiving && this.#rx.length === 0) {
			this.#transmit(this.firmware.checkTimeout(now / 1000), now + this.#turnaroundUs);
		}
		this.#drain(now);
		return this.#rx.length > 0 || this.#tx.length > 0 || this.firmware.receiving;
	}

	#transmit(chunks: Uint8Array[], notBeforeUs: number): void {
		for (const bytes of chunks) {
			if (bytes.length === 0) continue;
			const startUs = Math.max(notBeforeUs, this.#txLineFreeUs);
			this.#txLineFreeUs = startUs + bytes.length * this.#byteUs;
			this.#tx.push({ bytes, startUs, sent: 0 });
		}
		if (this.#tx.length > 0) this.#poller.start();
	}

	/** Hands the host every byte whose last bit has left the UART by `now`. */
	#drain(now: number): void {
		const out: number[] = [];
		while (this.#tx.length > 0) {
			const seg = this.#tx[0];
			const done = Math.min(seg.bytes.length, Math.floor((now - seg.startUs) / this.#byteUs));
			for (let i = seg.sent; i < done; i++) out.push(seg.bytes[i]);
			seg.sent = Math.max(seg.sent, done);
			if (seg.sent < seg.bytes.length) break;
			this.#tx.shift();
		}
		const c = this.#readController;
		if (!c || out.length === 0) return;
		const bytes = Uint8Array.from(out);
		if (!this.#linkMatches()) garbleBytes(bytes, bytes);
		for (let i = 0; i < bytes.length; i += this.#packetSize) {
			c.enqueue(bytes.slice(i, i + this.#packetSize));
		}
	}

	#liveData(): Uint8Array {
		if (!this.#vehicle) return new Uint8Array(this.#blockSize);
		this.#vehicle.poll(this.#clock());
		this.lastLiveState = { ...this.#vehicle.state };
		return this.#encodeLive(this.lastLiveState);
	}

	#linkMatches(): boolean {
		if (this.#nativeUsb || this.#hostBaud === null) return true;
		return sameBaudRate(this.#hostBaud, this.#baud);
	}
}

/** "speeduino 202103" → "Speeduino 2021.03", the firmware's productString style. */
function productString(signature: string): string {
	const m = /^speeduino (\d{4})(\d{2})(.*)$/.exec(signature);
	return m ? `Speeduino ${m[1]}.${m[2]}${m[3]}` : signature;
}

function nonNegative(n: number, what: string): number {
	if (!(n >= 0) || !Number.isFinite(n))
		throw new TypeError(`${what} must be a non-negative number, got ${n}`);
	return n;
}
