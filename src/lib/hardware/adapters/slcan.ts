import { deliverSafely, safeWarn } from './driver-callbacks';
import { AdapterDisconnectedError, AdapterError, AdapterRejectedError } from '../errors';
import type { CanFrame } from '../protocol/can-frame';
import type { ByteStream } from '../transport/serial';
import {
	SLCAN_BITRATES,
	bitrateIndex,
	isSlcanDialect,
	type SlcanDialect
} from '../protocol/slcan/dialect';
import {
	SLCAN_BELL,
	SlcanCommand,
	canableModeCommand,
	setBitrateCommand,
	timestampsCommand
} from '../protocol/slcan/commands';
import { encodeFrameLine, isFrameLineStart, parseFrameLine } from '../protocol/slcan/frame-line';
import { SlcanLineSplitter } from '../protocol/slcan/line-splitter';
import {
	parseStateLine,
	parseStatusReply,
	statusToBusState,
	type SlcanStatus
} from '../protocol/slcan/status';
import { SlcanTimestampUnwrapper } from '../protocol/slcan/timestamp';
import type { BusState, CanAdapter, CanOpenOptions, CanSink } from './can-adapter';
import { SlcanCommandQueue } from './slcan-commands';

export type SlcanWarning =
	| { kind: 'garbage'; line: string }
	| { kind: 'overlong' }
	| { kind: 'data-overrun' }
	| { kind: 'sink-error'; error: unknown };

export interface SlcanAdapterOptions {
	stream: ByteStream;
	dialect: SlcanDialect;
	/**
	 * Ask for Lawicel `Z1` device timestamps. canable-fw has no `Z` and refuses it, so asking there makes open()
	 * throw AdapterRejectedError. Without them frames carry the host clock. @default true for lawicel, false for canable
	 */
	timestamps?: boolean;
	/** Host clock in µs. @default performance.now() × 1000 */
	clock?: () => number;
	/** Per command, including each send(). @default 1000 */
	commandTimeoutMs?: number;
	/** Lawicel `F` polling period while open; 0 disables. canable-fw has no `F`. @default 1000 */
	statusPollMs?: number;
	/** Garbage lines, overruns, sink exceptions. */
	onWarning?: (warning: SlcanWarning) => void;
}

export interface SlcanStats {
	rxFrames: number;
	txFrames: number;
	/** Lines that were neither a frame nor a reply anything was waiting for; skipped. */
	garbageLines: number;
	overlongLines: number;
}

type State = 'idle' | 'opening' | 'open' | 'closing' | 'closed';

const KIND = 'slcan';

/**
 * CanAdapter for SLCAN (Lawicel ASCII) devices over a serial ByteStream, in the Lawicel or canable-fw dialect
 * (protocols.md §2). open() runs C → Sn → (Z0/Z1 | M0/M1) → O/L, one command at a time, each awaiting CR or BEL;
 * BEL becomes AdapterRejectedError, silence AdapterTimeoutError. send() waits for the TX ack. Lines that parse
 * as nothing are counted and skipped. The stream ending or erroring closes the sink once with
 * AdapterDisconnectedError.
 */
export class SlcanAdapter implements CanAdapter {
	readonly kind = KIND;
	readonly dialect: SlcanDialect;
	readonly #stream: ByteStream;
	readonly #clock: () => number;
	readonly #timestamps: boolean;
	readonly #statusPollMs: number;
	readonly #warn: (warning: SlcanWarning) => void;
	readonly #commands: SlcanCommandQueue;
	readonly #splitter = new SlcanLineSplitter({ maxLineLength: 160 });
	readonly #unwrapper = new SlcanTimestampUnwrapper();
	readonly #encoder = new TextEncoder();
	readonly #stats: SlcanStats = { rxFrames: 0, txFrames: 0, garbageLines: 0, overlongLines: 0 };
	#state: State = 'idle';
	#sink: CanSink | null = null;
	#channel = 0;
	#listenOnly = false;
	#busState: BusState | null = null;
	#reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
	#writer: WritableStreamDefaultWriter<Uint8Array> | null = null;
	#opening: Promise<void> | null = null;
	#closing: Promise<void> | null = null;
	#failure: AdapterError | null = null;
	#pollTimer: ReturnType<typeof setInterval> | null = null;
	#closedReported = false;

	constructor(options: SlcanAdapterOptions) {
		if (!options?.stream?.readable || !options.stream.writable) {
			throw new TypeError('SlcanAdapter needs a stream ({ readable, writable })');
		}
		if (!isSlcanDialect(options.dialect)) {
			throw new TypeError(`dialect must be 'lawicel' or 'canable', got ${String(options.dialect)}`);
		}
		this.dialect = options.dialect;
		this.#stream = options.stream;
		this.#clock = options.clock ?? (() => performance.now() * 1000);
		this.#timestamps = options.timestamps ?? options.dialect === 'lawicel';
		this.#statusPollMs = options.statusPollMs ?? 1000;
		this.#warn = safeWarn(options.onWarning);
		const timeoutMs = options.commandTimeoutMs ?? 1000;
		if (!(timeoutMs > 0))
			throw new TypeError(`commandTimeoutMs must be positive, got ${timeoutMs}`);
		this.#commands = new SlcanCommandQueue({ write: (t) => this.#write(t), timeoutMs, kind: KIND });
	}

	get stats(): Readonly<SlcanStats> {
		return { ...this.#stats, overlongLines: this.#splitter.overlong };
	}

	open(options: CanOpenOptions, sink: CanSink): Promise<void> {
		if (this.#state !== 'idle' && this.#state !== 'closed') {
			return Promise.reject(new AdapterError(`slcan adapter is ${this.#state}`, KIND));
		}
		const bitrate = options.bitrate ?? 500_000;
		if (bitrateIndex(this.dialect, bitrate) < 0) {
			const rates = SLCAN_BITRATES[this.dialect].join(', ');
			return Promise.reject(
				new AdapterRejectedError(
					`${this.dialect} SLCAN cannot run at ${bitrate} bit/s (it offers ${rates})`,
					KIND
				)
			);
		}
		if ((options.channel ?? 0) !== 0) {
			return Promise.reject(new AdapterRejectedError('SLCAN adapters have one channel (0)', KIND));
		}
		this.#state = 'opening';
		this.#sink = sink;
		this.#listenOnly = options.listenOnly ?? false;
		this.#busState = null;
		this.#failure = null;
		this.#closing = null;
		this.#closedReported = false;
		this.#unwrapper.reset();
		this.#commands.reset();
		this.#opening = this.#bringUp(bitrate).then(
			() => {
				this.#state = 'open';
				if (this.dialect === 'lawicel' && this.#statusPollMs > 0) {
					this.#pollTimer = setInterval(
						() => void this.pollStatus().catch(() => {}),
						this.#statusPollMs
					);
				}
			},
			(err: unknown) => {
				this.#state = 'closed';
				this.#releaseLocks();
				throw err instanceof AdapterError
					? err
					: new AdapterError('slcan open failed', KIND, { cause: err });
			}
		);
		return this.#opening;
	}

	async send(frame: CanFrame): Promise<void> {
		if (this.#state !== 'open') {
			throw this.#failure ?? new AdapterError(`slcan adapter is ${this.#state}`, KIND);
		}
		if (this.#listenOnly) {
			throw new AdapterRejectedError('listen-only mode: the adapter never transmits', KIND);
		}
		if (frame.fd) throw new AdapterRejectedError(`${this.dialect} SLCAN is classic CAN only`, KIND);
		await this.#commands.run(encodeFrameLine(frame) + '\r', 'tx-ack');
		this.#stats.txFrames++;
	}

	/** Lawicel `F`: reads (and clears) the status flags and reports a changed bus state to the sink. */
	async pollStatus(): Promise<SlcanStatus> {
		if (this.dialect !== 'lawicel') {
			throw new AdapterRejectedError('canable-fw has no status command (F)', KIND);
		}
		if (this.#state !== 'open')
			throw this.#failure ?? new AdapterError('slcan adapter is not open', KIND);
		const status = parseStatusReply(await this.#commands.run(SlcanCommand.status, 'status'));
		if (!status) throw new AdapterError('unreachable: status reply was matched', KIND);
		if (status.dataOverrun) this.#warn({ kind: 'data-overrun' });
		this.#reportState(statusToBusState(status), { rx: 0, tx: 0 });
		return status;
	}

	/** `V`: Lawicel `hhss` digits, or canable-fw's git version and remote. Works open or closed. */
	async version(): Promise<string> {
		this.#startReading();
		const kind = this.dialect === 'lawicel' ? 'version' : 'text-then-ok';
		const reply = await this.#commands.run(SlcanCommand.version, kind);
		return this.dialect === 'lawicel' ? reply.slice(1) : reply;
	}

	/** Lawicel `N`: the 4-character serial number. */
	async serialNumber(): Promise<string> {
		if (this.dialect !== 'lawicel')
			throw new AdapterRejectedError('canable-fw has no N command', KIND);
		this.#startReading();
		return (await this.#commands.run(SlcanCommand.serialNumber, 'serial')).slice(1);
	}

	close(): Promise<void> {
		if (this.#closing) return this.#closing;
		this.#closing = (async () => {
			if (this.#state === 'opening') await this.#opening?.catch(() => {});
			if (this.#state !== 'open') return;
			this.#state = 'closing';
			this.#stopPolling();
			await this.#commands.run(SlcanCommand.close, 'ok').catch(() => {});
			this.#releaseLocks();
			this.#state = 'closed';
			this.#reportClosed(null);
		})();
		return this.#closing;
	}

	async #bringUp(bitrate: number): Promise<void> {
		this.#startReading();
		// The channel may have been left open; Lawicel answers BEL when it was already closed (slcan_attach ignores it).
		await this.#commands.run(SlcanCommand.close, 'ok').catch((err: unknown) => {
			if (!(err instanceof AdapterRejectedError)) throw err;
		});
		await this.#commands.run(setBitrateCommand(this.dialect, bitrate), 'ok');
		if (this.dialect === 'lawicel' || this.#timestamps) {
			await this.#commands.run(timestampsCommand(this.#timestamps), 'ok');
		}
		if (this.dialect === 'canable') {
			await this.#commands.run(canableModeCommand(this.#listenOnly), 'ok');
			await this.#commands.run(SlcanCommand.open, 'ok');
		} else {
			await this.#commands.run(
				this.#listenOnly ? SlcanCommand.listenOnly : SlcanCommand.open,
				'ok'
			);
		}
	}

	#startReading(): void {
		if (this.#reader) return;
		this.#splitter.reset();
		const reader = this.#stream.readable.getReader();
		this.#reader = reader;
		this.#writer = this.#stream.writable.getWriter();
		void this.#readLoop(reader);
	}

	async #readLoop(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
		const onLine = (buf: Uint8Array, start: number, end: number, terminator: number) =>
			this.#line(buf, start, end, terminator);
		for (;;) {
			let result: ReadableStreamReadResult<Uint8Array>;
			try {
				result = await reader.read();
			} catch (err) {
				if (this.#reader === reader) this.#disconnect('the serial stream failed', err);
				return;
			}
			if (this.#reader !== reader) return;
			if (result.done) {
				this.#disconnect('the serial stream ended', undefined);
				return;
			}
			this.#splitter.push(result.value, onLine);
		}
	}

	#line(buf: Uint8Array, start: number, end: number, terminator: number): void {
		const bell = terminator === SLCAN_BELL;
		if (!bell && end > start && isFrameLineStart(buf[start]) && !this.#commands.awaitingText) {
			const parsed = parseFrameLine(buf, start, end);
			if (parsed) {
				this.#frame(parsed.frame, parsed.timestampMs);
				return;
			}
		}
		const text = String.fromCharCode(...buf.subarray(start, end));
		if (this.#commands.reply(text, bell)) return;
		const state = parseStateLine(text);
		if (state) {
			this.#reportState(state.state, state.counters);
			return;
		}
		this.#stats.garbageLines++;
		this.#warn({ kind: 'garbage', line: bell ? text + '\x07' : text });
	}

	#frame(frame: CanFrame, timestampMs: number | null): void {
		if (this.#state !== 'open' || !this.#sink) return;
		const now = this.#clock();
		frame.timestampUs = timestampMs === null ? now : this.#unwrapper.unwrap(timestampMs, now);
		frame.channel = this.#channel;
		this.#stats.rxFrames++;
		deliverSafely(() => this.#sink?.frame(frame), this.#warn);
	}

	#reportState(state: BusState, counters: { rx: number; tx: number }): void {
		if (state === this.#busState && counters.rx === 0 && counters.tx === 0) return;
		this.#busState = state;
		deliverSafely(() => this.#sink?.busState?.(state, counters), this.#warn);
	}

	async #write(text: string): Promise<void> {
		if (!this.#writer) throw new AdapterError('slcan stream is not held', KIND);
		try {
			await this.#writer.write(this.#encoder.encode(text));
		} catch (err) {
			const gone = this.#disconnect('writing to the serial stream failed', err);
			throw gone;
		}
	}

	/** Reports the loss once, fails every command, and lets go of the stream. */
	#disconnect(message: string, cause: unknown): AdapterError {
		if (this.#failure) return this.#failure;
		const err = new AdapterDisconnectedError(`slcan ${message}`, KIND, { cause });
		this.#failure = err;
		this.#commands.fail(err);
		this.#stopPolling();
		this.#releaseLocks();
		const wasOpen = this.#state === 'open' || this.#state === 'closing';
		if (this.#state !== 'opening') this.#state = 'closed';
		if (wasOpen) this.#reportClosed(err);
		return err;
	}

	#reportClosed(reason: AdapterError | null): void {
		if (this.#closedReported) return;
		this.#closedReported = true;
		this.#sink?.closed(reason);
	}

	#releaseLocks(): void {
		const reader = this.#reader;
		const writer = this.#writer;
		this.#reader = null;
		this.#writer = null;
		// releaseLock() rejects a pending read, which the read loop sees as "not mine any more" and leaves quietly.
		try {
			reader?.releaseLock();
		} catch {
			// Already released.
		}
		try {
			writer?.releaseLock();
		} catch {
			// Already released.
		}
	}

	#stopPolling(): void {
		if (this.#pollTimer !== null) clearInterval(this.#pollTimer);
		this.#pollTimer = null;
	}
}
