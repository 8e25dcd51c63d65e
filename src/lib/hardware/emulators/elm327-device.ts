import { garbleBytes, sameBaudRate } from './uart-line';
import type { SerialOpenOptions, SerialPortInfoLike, SerialPortLike } from '../transport/serial';
import type { CanBusSource } from './can-bus-source';
import { formatFrameLine } from '../protocol/elm327/format';
import {
	acceptsMonitored,
	applySettingCommand,
	defaultSettings,
	describeProtocol,
	type ElmSettings
} from './elm327-device-settings';
import { isCarObdBus, KLineCarEcu, CAR_OBD_BUSES, type CarObdBus } from './elm327-device-kline-ecu';
import { DEFAULT_KLINE_TIMING, type KLineContext, type KLineTiming } from './elm327-device-kline';
import { runRequest } from './elm327-device-request';

export interface Elm327EmulatorOptions {
	bus: CanBusSource;
	/** Device clock in µs. @default performance.now() × 1000 */
	clock?: () => number;
	/** @default 'elm327' */
	flavour?: 'elm327' | 'stn1110';
	/** UART rate at power-up (protocols.md §1.1: 38400 with pin 6 high, STN default). @default 38400 */
	baudRate?: number;
	/** How long ATZ takes before the banner (LED test). @default 1000 */
	resetMs?: number;
	/** RS232 transmit buffer; overflowing it in monitor mode prints BUFFER FULL (§1.1: 512 on the ELM327;
	 * the STN figure is ours, the FRPM only says "much more"). @default 512 / 4096 */
	txBufferSize?: number;
	/** The ATL default, which the ELM takes from pin 7. @default false */
	linefeeds?: boolean;
	/** What ATRV reports. @default 12.6 */
	voltage?: number;
	/** Bus polling and UART pacing period. @default 1 */
	pollMs?: number;
	/**
	 * Where the car's OBD ECU answers: on CAN (ISO 15765-4), or on the K-line as ISO 9141-2, ISO 14230-4 with
	 * fast init, or ISO 14230-4 with 5-baud init. A K-line car's CAN broadcast stays off the OBD pins. @default 'can'
	 */
	obdBus?: CarObdBus;
	/** K-line init and response timing; tests shorten the 2.4 s slow init. @default DEFAULT_KLINE_TIMING */
	kLineTiming?: Partial<KLineTiming>;
}

type Mode = 'idle' | 'busy' | 'monitor' | 'baud-confirm';

const CR = 0x0d;
const MAX_COMMAND = 64;
const ELM_ID = 'ELM327 v1.5';
const STN_ELM_ID = 'ELM327 v1.4b';
const STN_ID = 'STN1110 v5.0.0';
const STN_DEVICE_ID = 'OBDLink r1.7';

/**
 * A byte-exact ELM327 v1.5 (or STN1110) behind the SerialPortLike interface. Output goes through a modelled
 * UART: bytes leave at baudRate/10 per second and only while the host's read buffer (open's `bufferSize`)
 * has room, so a host that reads too slowly in monitor mode gets BUFFER FULL as from the real part. A host
 * that opens the port at a different rate reads garbage and is not understood. `hostWrites` records what the
 * host sent, for transcript tests.
 */
export class Elm327Emulator implements SerialPortLike {
	readonly hostWrites: string[] = [];
	readonly flavour: 'elm327' | 'stn1110';
	/** Frames lost to BUFFER FULL. */
	bufferOverflows = 0;

	readonly #bus: CanBusSource;
	readonly #clock: () => number;
	readonly #resetMs: number;
	readonly #txCapacity: number;
	readonly #defaultLinefeeds: boolean;
	readonly #voltage: number;
	readonly #pollMs: number;
	readonly #kLineEcu: KLineCarEcu;
	readonly #kLineTiming: KLineTiming;
	#settings: ElmSettings;
	#baud: number;
	#hostBaud: number | null = null;
	#readable: ReadableStream<Uint8Array> | null = null;
	#writable: WritableStream<Uint8Array> | null = null;
	#controller: ReadableStreamDefaultController<Uint8Array> | null = null;
	#tx: number[] = [];
	#allowance = 0;
	#lastDrainUs = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#mode: Mode = 'idle';
	#input = '';
	#lastCommand = '';
	#abort = false;
	#monitorStn = false;
	#confirmDeadlineUs = 0;
	#confirmed = false;
	#drainWaiters: (() => void)[] = [];
	#gone = false;

	constructor(options: Elm327EmulatorOptions) {
		if (!options?.bus) throw new TypeError('Elm327Emulator needs a bus (CanBusSource)');
		this.flavour = options.flavour ?? 'elm327';
		if (this.flavour !== 'elm327' && this.flavour !== 'stn1110') {
			throw new TypeError(`flavour must be 'elm327' or 'stn1110', got ${String(this.flavour)}`);
		}
		this.#bus = options.bus;
		this.#clock = options.clock ?? (() => performance.now() * 1000);
		this.#baud = options.baudRate ?? 38400;
		this.#resetMs = options.resetMs ?? 1000;
		this.#txCapacity = options.txBufferSize ?? (this.flavour === 'stn1110' ? 4096 : 512);
		this.#defaultLinefeeds = options.linefeeds ?? false;
		this.#voltage = options.voltage ?? 12.6;
		this.#pollMs = options.pollMs ?? 1;
		this.#settings = defaultSettings(this.#defaultLinefeeds);
		if (!(this.#baud > 0)) throw new TypeError(`baudRate must be positive, got ${this.#baud}`);
		const obdBus = options.obdBus ?? 'can';
		if (!isCarObdBus(obdBus)) {
			throw new TypeError(
				`obdBus must be one of ${CAR_OBD_BUSES.join(', ')}, got ${String(obdBus)}`
			);
		}
		this.#kLineEcu = new KLineCarEcu({ bus: this.#bus, carBus: obdBus });
		this.#kLineTiming = { ...DEFAULT_KLINE_TIMING, ...options.kLineTiming };
		for (const [key, value] of Object.entries(this.#kLineTiming)) {
			if (!(value >= 0)) throw new TypeError(`kLineTiming.${key} must be ≥ 0 ms, got ${value}`);
		}
	}

	/** Where the emulated car's OBD ECU answers. */
	get obdBus(): CarObdBus {
		return this.#kLineEcu.carBus;
	}

	get readable(): ReadableStream<Uint8Array> | null {
		return this.#readable;
	}

	get writable(): WritableStream<Uint8Array> | null {
		return this.#writable;
	}

	/** The device's current UART rate (changes after a successful ATBRD / STBR). */
	get baudRate(): number {
		return this.#baud;
	}

	get settings(): Readonly<ElmSettings> {
		return this.#settings;
	}

	getInfo(): SerialPortInfoLike {
		return { usbVendorId: 0x0403, usbProductId: 0x6001 };
	}

	async open(options: SerialOpenOptions): Promise<void> {
		if (this.#gone) throw new DOMException('The device has been lost.', 'NetworkError');
		if (this.#readable) throw new DOMException('The port is already open.', 'InvalidStateError');
		if (!(options?.baudRate > 0)) throw new TypeError('baudRate must be positive');
		this.#hostBaud = options.baudRate;
		const highWaterMark = options.bufferSize ?? 255;
		this.#readable = new ReadableStream<Uint8Array>(
			{
				start: (c) => {
					this.#controller = c;
				},
				pull: () => this.#drain()
			},
			new ByteLengthQueuingStrategy({ highWaterMark })
		);
		this.#writable = new WritableStream<Uint8Array>({
			write: (chunk) => {
				if (this.#gone) throw new DOMException('The device has been lost.', 'NetworkError');
				this.#receive(chunk);
			}
		});
		this.#lastDrainUs = this.#clock();
		this.#kick();
	}

	async close(): Promise<void> {
		if (!this.#readable || !this.#writable) return;
		if (this.#readable.locked || this.#writable.locked) {
			throw new DOMException('Cannot close a port with locked streams.', 'InvalidStateError');
		}
		const readable = this.#readable;
		const writable = this.#writable;
		this.#readable = null;
		this.#writable = null;
		this.#controller = null;
		this.#hostBaud = null;
		await readable.cancel().catch(() => {});
		await writable.close().catch(() => {});
	}

	/** The cable is pulled: the readable errors with NetworkError, as WebSerial reports a lost device. */
	unplug(): void {
		if (this.#gone) return;
		this.#gone = true;
		const err = new DOMException('The device has been lost.', 'NetworkError');
		try {
			this.#controller?.error(err);
		} catch {
			// already closed or errored: nothing more to tell the host
		}
		this.#controller = null;
		this.#abort = true;
		this.#mode = 'idle';
		this.#stopTimer();
	}

	#eol(): string {
		return this.#settings.linefeeds ? '\r\n' : '\r';
	}

	#out(text: string): void {
		for (let i = 0; i < text.length; i++) this.#tx.push(text.charCodeAt(i));
		this.#kick();
	}

	#line(text: string): void {
		this.#out(text + this.#eol());
	}

	/** Ends a reply the ELM way: a blank line, then the prompt (`OK\r\r>`). */
	#prompt(): void {
		this.#out(this.#eol() + '>');
		this.#mode = 'idle';
	}

	#reply(...lines: string[]): void {
		for (const l of lines) this.#line(l);
		this.#prompt();
	}

	#receive(chunk: Uint8Array): void {
		let text = '';
		for (const b of chunk) text += String.fromCharCode(b);
		this.hostWrites.push(text);
		if (this.#hostBaud === null || !sameBaudRate(this.#hostBaud, this.#baud)) return;
		for (const b of chunk) this.#receiveByte(b);
	}

	#receiveByte(b: number): void {
		switch (this.#mode) {
			case 'busy':
				this.#abort = true;
				return;
			case 'monitor':
				// Any character stops monitoring and is itself discarded (ELM327DSJ "AT MA").
				this.#mode = 'busy';
				this.#reply('STOPPED');
				return;
			case 'baud-confirm':
				if (b === CR) this.#confirmed = true;
				return;
		}
		if (b === CR) {
			if (this.#settings.echo) this.#out(this.#eol());
			const command = this.#input.replace(/ /g, '').toUpperCase();
			this.#input = '';
			this.#execute(command);
			return;
		}
		if (this.#settings.echo) this.#out(String.fromCharCode(b));
		if (b < 0x20) return;
		this.#input += String.fromCharCode(b);
	}

	#execute(raw: string): void {
		// A bare CR repeats the last command (protocols.md §1.1).
		const command = raw === '' ? this.#lastCommand : raw;
		if (command === '') return this.#prompt();
		this.#lastCommand = command;
		this.#mode = 'busy';
		if (command.length > MAX_COMMAND) return this.#reply('?');
		if (command.startsWith('AT')) return this.#at(command.slice(2));
		if (command.startsWith('ST') && this.flavour === 'stn1110') return this.#st(command.slice(2));
		if (/^[0-9A-F]+$/.test(command)) {
			void this.#request(command);
			return;
		}
		this.#reply('?');
	}

	#idString(): string {
		return this.flavour === 'stn1110' ? STN_ELM_ID : ELM_ID;
	}

	#at(cmd: string): void {
		const s = this.#settings;
		const settingReply = applySettingCommand(s, cmd, () => describeProtocol(s));
		if (settingReply !== null) return this.#reply(settingReply);
		switch (cmd) {
			case 'Z':
				void this.#reset(this.#resetMs);
				return;
			case 'WS':
				void this.#reset(0);
				return;
			case 'D':
				this.#settings = { ...defaultSettings(this.#defaultLinefeeds), echo: s.echo };
				return this.#reply('OK');
			case 'I':
				return this.#reply(this.#idString());
			case '@1':
				return this.#reply('OBDII to RS232 Interpreter');
			case 'RV':
				return this.#reply(`${this.#voltage.toFixed(1)}V`);
			case 'MA':
				return this.#startMonitor(false);
		}
		const brd = /^BRD([0-9A-F]{2})$/.exec(cmd);
		if (brd && brd[1] !== '00') {
			void this.#switchBaud(4_000_000 / parseInt(brd[1], 16));
			return;
		}
		this.#reply('?');
	}

	#st(cmd: string): void {
		const s = this.#settings;
		if (cmd === 'I') return this.#reply(STN_ID);
		if (cmd === 'DI') return this.#reply(STN_DEVICE_ID);
		if (cmd === 'MA') return this.#startMonitor(false);
		if (cmd === 'M') return this.#startMonitor(true);
		if (cmd === 'FCP') {
			s.passFilters = [];
			return this.#reply('OK');
		}
		const fap = /^FAP([0-9A-F]{3}|[0-9A-F]{8}),([0-9A-F]{3}|[0-9A-F]{8})$/.exec(cmd);
		if (fap) {
			s.passFilters.push({ id: parseInt(fap[1], 16), mask: parseInt(fap[2], 16) });
			return this.#reply('OK');
		}
		const br = /^BR(\d+)$/.exec(cmd);
		if (br) {
			const baud = Number(br[1]);
			if (baud < 9600 || baud > 3_000_000) return this.#reply('?');
			void this.#switchBaud(baud);
			return;
		}
		this.#reply('?');
	}

	async #reset(ms: number): Promise<void> {
		await this.#sleep(ms);
		if (this.#gone) return;
		this.#settings = defaultSettings(this.#defaultLinefeeds);
		this.#input = '';
		this.#out(this.#eol() + this.#eol());
		this.#reply(this.#idString());
	}

	/** ELM327DSJ pp. 50-51 "Using Higher RS232 Baud Rates": OK at the old rate, ID at the new one, CR back. */
	async #switchBaud(baud: number): Promise<void> {
		const old = this.#baud;
		this.#line('OK');
		await this.#drained();
		this.#baud = baud;
		const windowMs = this.#settings.baudTimeout * 5;
		await this.#sleep(windowMs);
		this.#confirmed = false;
		this.#mode = 'baud-confirm';
		this.#line(this.#idString());
		await this.#drained();
		this.#confirmDeadlineUs = this.#clock() + windowMs * 1000;
		while (!this.#confirmed && this.#clock() < this.#confirmDeadlineUs && !this.#gone) {
			await this.#sleep(this.#pollMs);
		}
		if (this.#gone) return;
		if (this.#confirmed) return this.#reply('OK');
		this.#baud = old;
		this.#prompt();
	}

	#startMonitor(stnFilters: boolean): void {
		this.#monitorStn = stnFilters;
		this.#bus.poll(this.#clock());
		this.#mode = 'monitor';
		this.#kick();
	}

	#monitorTick(now: number): void {
		const s = this.#settings;
		const frames = this.#bus.poll(now);
		// A K-line car's CAN bus does not reach the OBD connector: nothing to monitor there.
		if (this.#kLineEcu.carBus !== 'can') return;
		for (const f of frames) {
			if (this.#mode !== 'monitor') return;
			if (!acceptsMonitored(s, f.id, this.#monitorStn)) continue;
			const header = s.headers ? { id: f.id, extended: f.extended } : null;
			const text = formatFrameLine(header, f.data, s.spaces) + this.#eol();
			if (this.#tx.length + text.length > this.#txCapacity) {
				this.bufferOverflows++;
				this.#mode = 'busy';
				this.#reply('BUFFER FULL');
				return;
			}
			this.#out(text);
		}
	}

	async #request(command: string): Promise<void> {
		const s = this.#settings;
		// An odd digit count ends in the expected-response count (protocols.md §1.2 "Requests").
		const expected =
			command.length % 2 === 1 && command.length > 2 ? parseInt(command.slice(-1), 16) : null;
		const digits = expected === null ? command : command.slice(0, -1);
		if (digits.length % 2 === 1) return this.#reply('?');
		const bytes = new Uint8Array(digits.length / 2);
		for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
		if (bytes.length > (s.autoFormat ? 7 : 8)) return this.#reply('?');
		this.#abort = false;
		const ctx: KLineContext = {
			settings: s,
			bus: this.#bus,
			now: () => this.#clock(),
			sleep: (ms) => this.#sleep(ms),
			aborted: () => this.#abort || this.#gone,
			line: (t) => this.#line(t),
			out: (t) => this.#out(t),
			pollMs: this.#pollMs,
			ecu: this.#kLineEcu,
			timing: this.#kLineTiming
		};
		const end = await runRequest(ctx, bytes, expected);
		if (this.#gone) return;
		if (end === null) this.#prompt();
		else this.#reply(end);
	}

	#sleep(ms: number): Promise<void> {
		return new Promise((resolve) => setTimeout(resolve, ms));
	}

	#drained(): Promise<void> {
		if (this.#tx.length === 0) return Promise.resolve();
		return new Promise((resolve) => this.#drainWaiters.push(resolve));
	}

	#kick(): void {
		if (this.#timer || this.#gone) return;
		this.#timer = setTimeout(() => this.#tick(), this.#pollMs);
	}

	#stopTimer(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}

	#tick(): void {
		this.#timer = null;
		if (this.#gone) return;
		const now = this.#clock();
		if (this.#mode === 'monitor') this.#monitorTick(now);
		this.#drain();
		if (this.#tx.length > 0 || this.#mode === 'monitor' || this.#readable) this.#kick();
	}

	/** Moves bytes from the ELM's TX buffer onto the wire at the UART rate, into the host's read buffer. */
	#drain(): void {
		const now = this.#clock();
		const bytesPerUs = this.#baud / 10 / 1e6;
		const cap = Math.max(16, bytesPerUs * 20_000);
		this.#allowance = Math.min(this.#allowance + (now - this.#lastDrainUs) * bytesPerUs, cap);
		this.#lastDrainUs = now;
		let n = Math.min(Math.floor(this.#allowance), this.#tx.length);
		const c = this.#controller;
		if (c) n = Math.min(n, Math.max(0, c.desiredSize ?? 0));
		if (n <= 0) return;
		this.#allowance -= n;
		const bytes = Uint8Array.from(this.#tx.splice(0, n));
		if (c && this.#hostBaud !== null) {
			if (!sameBaudRate(this.#hostBaud, this.#baud)) garbleBytes(bytes, bytes);
			c.enqueue(bytes);
		}
		if (this.#tx.length === 0) {
			const waiters = this.#drainWaiters.splice(0);
			for (const w of waiters) w();
		}
	}
}
