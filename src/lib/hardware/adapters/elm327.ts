import {
	AdapterDisconnectedError,
	AdapterError,
	AdapterRejectedError,
	AdapterTimeoutError,
	MalformedTransferError
} from '../errors';
import type { ByteStream } from '../transport/serial';
import type { CanSink } from './can-adapter';
import {
	ELM_ADAPTER,
	Elm327StatusError,
	PROMPT,
	assembleResponses,
	baudRateDivisor,
	classifyReply,
	classifyStatusLine,
	encodeCommand,
	formatCanId,
	formatRequest,
	groupByHeader,
	hex,
	isStnId,
	parseElmVersion,
	parseMonitorLine,
	parseProtocolNumber,
	replyLines,
	versionAtLeast,
	type EcuResponse,
	type Elm327Identity
} from '../protocol/elm327';
import { Elm327ProtocolTracker, type Elm327Protocol } from './elm327-protocol-tracker';

export type { Elm327Protocol } from './elm327-protocol-tracker';

export interface Elm327AdapterOptions {
	stream: ByteStream;
	/** Host clock in µs, for monitor frame timestamps and rates. @default performance.now() × 1000 */
	clock?: () => number;
	/** Per command, until the prompt. @default 2000 */
	commandTimeoutMs?: number;
	/** ATZ, which takes about 1 s on a genuine ELM. @default 5000 */
	resetTimeoutMs?: number;
	/** Per OBD request. @default 5000 */
	queryTimeoutMs?: number;
	/**
	 * The first request after ATZ/ATSP, which includes the protocol search or the K-line bus init: a full
	 * search through CAN and two 5-baud inits takes several seconds on a real ELM. @default 20000
	 */
	searchTimeoutMs?: number;
	/** Closes the port and opens it again at `baudRate`, for raiseBaud() (WebSerial cannot change the rate
	 * of an open port). Called after the driver has released both stream locks. */
	reopen?: (baudRate: number) => Promise<ByteStream>;
	onWarning?: (warning: Elm327Warning) => void;
}

export type Elm327Warning =
	| { kind: 'malformed-monitor-line'; line: string }
	| { kind: 'unsolicited'; text: string }
	| { kind: 'sink-error'; error: unknown };

export interface Elm327InitOptions {
	/** ATSP digit, '0' = automatic search. @default '0' */
	protocol?: string;
	/** ATST in ms (rounded to 4 ms units, 4–1020). Leave unset for the ELM default of ≈200 ms. */
	responseTimeoutMs?: number;
}

export type Elm327QueryResult =
	| { kind: 'ok'; responses: EcuResponse[]; byHeader: Map<number | null, EcuResponse[]> }
	| { kind: 'no-data' };

export interface Elm327Rate {
	responsesPerSecond: number;
	framesPerSecond: number;
}

type Until = 'prompt' | 'ok-line';

interface Pending {
	until: Until;
	resolve(text: string): void;
	reject(err: AdapterError): void;
	timer: ReturnType<typeof setTimeout>;
}

interface Monitor {
	sink: CanSink;
	line: number[];
	stopped: ((error: AdapterError | null) => void) | null;
}

const PROTOCOL_DIGIT = /^[0-9A-C]$/;

/**
 * ELM327 / STN11xx driver over a ByteStream (protocols.md §1). One command at a time, each answered up to the
 * `>` prompt (§1.1); a command that outlives its timeout rejects with AdapterTimeoutError and its late
 * reply is discarded up to the next prompt. The stream ending or erroring rejects every waiting call with
 * AdapterDisconnectedError and the adapter stays disconnected.
 */
export class Elm327Adapter {
	readonly kind = ELM_ADAPTER;
	readonly #clock: () => number;
	readonly #commandTimeoutMs: number;
	readonly #resetTimeoutMs: number;
	readonly #queryTimeoutMs: number;
	readonly #searchTimeoutMs: number;
	readonly #reopen: ((baudRate: number) => Promise<ByteStream>) | null;
	readonly #onWarning: (warning: Elm327Warning) => void;
	#reader!: ReadableStreamDefaultReader<Uint8Array>;
	#writer!: WritableStreamDefaultWriter<Uint8Array>;
	#readLoop: Promise<void> = Promise.resolve();
	#detaching = false;
	#queue: Promise<unknown> = Promise.resolve();
	#rx = '';
	#discardToPrompt = false;
	#pending: Pending | null = null;
	#monitor: Monitor | null = null;
	#monitorEnd: AdapterError | null = null;
	/** Set while the baud handshake waits for the ID string, which arrives with no command pending. */
	#holding = false;
	#failure: AdapterDisconnectedError | null = null;
	#identity: Elm327Identity | null = null;
	#headers = true;
	readonly #protocol = new Elm327ProtocolTracker();
	#counts = { responses: 0, frames: 0, sinceUs: 0 };

	constructor(options: Elm327AdapterOptions) {
		if (!options?.stream?.readable || !options.stream.writable) {
			throw new TypeError('Elm327Adapter needs a stream ({ readable, writable })');
		}
		this.#clock = options.clock ?? (() => performance.now() * 1000);
		this.#commandTimeoutMs = options.commandTimeoutMs ?? 2000;
		this.#resetTimeoutMs = options.resetTimeoutMs ?? 5000;
		this.#queryTimeoutMs = options.queryTimeoutMs ?? 5000;
		this.#searchTimeoutMs = options.searchTimeoutMs ?? 20_000;
		this.#reopen = options.reopen ?? null;
		this.#onWarning = options.onWarning ?? (() => {});
		this.#counts.sinceUs = this.#clock();
		this.#attach(options.stream);
	}

	get identity(): Elm327Identity | null {
		return this.#identity;
	}

	get connected(): boolean {
		return this.#failure === null;
	}

	get monitoring(): boolean {
		return this.#monitor !== null;
	}

	/**
	 * The protocol in use: the one ATSPn set, or after ATSP0 the one the search found (the driver asks ATDPN
	 * after the first answer, as python-OBD does). Null until known; answers are then read as CAN.
	 */
	get protocol(): Elm327Protocol | null {
		return this.#protocol.protocol;
	}

	/** Responses (query answers) and monitored frames per second since the previous call. */
	measuredRate(): Elm327Rate {
		const now = this.#clock();
		const seconds = Math.max(1e-6, (now - this.#counts.sinceUs) / 1e6);
		const rate = {
			responsesPerSecond: this.#counts.responses / seconds,
			framesPerSecond: this.#counts.frames / seconds
		};
		this.#counts = { responses: 0, frames: 0, sinceUs: now };
		return rate;
	}

	/**
	 * python-OBD's bring-up (protocols.md §1.1): ATZ and its banner, echo and linefeeds off, spaces off,
	 * headers on (so answers can be told apart per ECU), the protocol, then ATI and STI to tell an STN.
	 */
	async initialize(options: Elm327InitOptions = {}): Promise<Elm327Identity> {
		const protocol = (options.protocol ?? '0').toUpperCase();
		if (!PROTOCOL_DIGIT.test(protocol))
			throw new TypeError(`protocol must be 0–9 or A–C, got ${protocol}`);
		await this.#exchange('ATZ', this.#resetTimeoutMs);
		this.#protocol.observe('ATZ');
		for (const cmd of ['ATE0', 'ATL0', 'ATS0', 'ATH1']) await this.command(cmd);
		this.#headers = true;
		if (options.responseTimeoutMs !== undefined) {
			const units = Math.round(options.responseTimeoutMs / 4);
			if (units < 1 || units > 0xff) throw new RangeError('responseTimeoutMs must be 4–1020');
			await this.command(`ATST${hex(units, 2)}`);
		}
		await this.command(`ATSP${protocol}`);
		const elmId = (await this.command('ATI'))[0] ?? '';
		const sti = classifyReply(
			replyLines(await this.#exchange('STI', this.#commandTimeoutMs), 'STI')
		);
		const stnId = sti.status === null && sti.data[0] && isStnId(sti.data[0]) ? sti.data[0] : null;
		this.#identity = {
			family: stnId ? 'stn' : 'elm327',
			elmId,
			elmVersion: parseElmVersion(elmId),
			stnId
		};
		return this.#identity;
	}

	/** Sends one command and returns its reply lines; a status line such as `?` throws Elm327StatusError. */
	async command(text: string, options: { timeoutMs?: number } = {}): Promise<string[]> {
		const lines = replyLines(
			await this.#exchange(text, options.timeoutMs ?? this.#commandTimeoutMs),
			text
		);
		const { data, status, statusLine } = classifyReply(lines);
		if (status !== null && status !== 'ok') {
			throw new Elm327StatusError(`${text} → ${statusLine}`, ELM_ADAPTER, status, statusLine ?? '');
		}
		if (/^AT\s*H\s*0$/i.test(text)) this.#headers = false;
		if (/^AT\s*H\s*1$/i.test(text)) this.#headers = true;
		this.#protocol.observe(text);
		return data;
	}

	/**
	 * One OBD request (service byte + parameters, 1–7 bytes). NO DATA is a result, not an error; other
	 * status lines (CAN ERROR, UNABLE TO CONNECT, BUFFER FULL, …) throw Elm327StatusError and bytes that do
	 * not parse throw MalformedTransferError.
	 */
	async query(
		serviceBytes: Uint8Array,
		options: { expectedResponses?: number; timeoutMs?: number } = {}
	): Promise<Elm327QueryResult> {
		const text = formatRequest(serviceBytes, options.expectedResponses);
		const timeoutMs =
			options.timeoutMs ??
			(this.#protocol.firstRequest
				? Math.max(this.#searchTimeoutMs, this.#queryTimeoutMs)
				: this.#queryTimeoutMs);
		const raw = await this.#enqueue(async () => {
			const raw = await this.#request(text, timeoutMs, 'prompt');
			const reply = classifyReply(replyLines(raw, text));
			if (reply.status !== null || reply.data.length === 0 || !this.#protocol.answered()) {
				return raw;
			}
			// The search settled on a protocol; its bus decides how the answer's headers read.
			const dpn = replyLines(
				await this.#request('ATDPN', this.#commandTimeoutMs, 'prompt'),
				'ATDPN'
			);
			this.#protocol.settle(parseProtocolNumber(dpn[0] ?? ''));
			return raw;
		});
		const { data, status, statusLine } = classifyReply(replyLines(raw, text));
		if (status === 'no-data' && data.length === 0) return { kind: 'no-data' };
		if (status !== null) {
			throw new Elm327StatusError(`${text} → ${statusLine}`, ELM_ADAPTER, status, statusLine ?? '');
		}
		if (data.length === 0)
			throw new MalformedTransferError(`${text} got an empty reply`, ELM_ADAPTER);
		const responses = assembleResponses(data, this.#headers, this.#protocol.family);
		this.#counts.responses += responses.length;
		return { kind: 'ok', responses, byHeader: groupByHeader(responses) };
	}

	/** ATSH: the id requests go out with (7DF functional by default). */
	async setHeader(id: number, extended = id > 0x7ff): Promise<void> {
		await this.command(`ATSH${formatCanId(id, extended)}`);
	}

	/**
	 * Passes only ids with `(id & mask) === (filter.id & mask)`: STFAP on an STN, ATCF/ATCM on an ELM
	 * (a 1 bit in the mask means "must match", protocols.md §1.2). Also the BUFFER FULL cure in monitor mode.
	 */
	async setReceiveFilter(filter: { id: number; mask: number; extended?: boolean }): Promise<void> {
		const extended = filter.extended ?? filter.id > 0x7ff;
		const id = formatCanId(filter.id, extended);
		const mask = formatCanId(filter.mask, extended);
		if (this.#identity?.family === 'stn') {
			await this.command('STFCP');
			await this.command(`STFAP${id},${mask}`);
		} else {
			await this.command(`ATCF${id}`);
			await this.command(`ATCM${mask}`);
		}
	}

	/** ATCRA: accept exactly one response id; with no argument restore the default. */
	async setReceiveAddress(id?: number, extended = (id ?? 0) > 0x7ff): Promise<void> {
		await this.command(id === undefined ? 'ATCRA' : `ATCRA${formatCanId(id, extended)}`);
	}

	/**
	 * Monitor mode (ATMA, or STM with the STN's filters): every line becomes a CanFrame for `sink`. CAF is
	 * turned off first so frames arrive with their raw 8 data bytes. Ends with stopMonitor(), or by itself
	 * on BUFFER FULL, which closes the sink with an Elm327StatusError.
	 */
	async startMonitor(sink: CanSink, options: { useStnFilters?: boolean } = {}): Promise<void> {
		if (this.#monitor) throw new AdapterRejectedError('monitor already running', ELM_ADAPTER);
		await this.command('ATCAF0');
		const cmd = options.useStnFilters && this.#identity?.family === 'stn' ? 'STM' : 'ATMA';
		await this.#enqueue(async () => {
			this.#assertConnected();
			this.#rx = '';
			this.#monitor = { sink, line: [], stopped: null };
			await this.#write(encodeCommand(cmd));
		});
	}

	/** Any character stops monitoring (the ELM discards it); waits for STOPPED and the prompt. */
	async stopMonitor(): Promise<void> {
		const m = this.#monitor;
		if (!m) return;
		const ended = new Promise<AdapterError | null>((resolve) => {
			m.stopped = resolve;
		});
		// A space, not CR: if the ELM already left monitor mode, a CR would repeat ATMA.
		await this.#write(new Uint8Array([0x20])).catch(() => {});
		const timeout = new Promise<'timeout'>((r) =>
			setTimeout(() => r('timeout'), this.#commandTimeoutMs)
		);
		const outcome = await Promise.race([ended, timeout]);
		if (outcome === 'timeout') {
			this.#endMonitor(null);
			this.#discardToPrompt = true;
			throw new AdapterTimeoutError('no prompt after stopping the monitor', ELM_ADAPTER);
		}
		await this.command('ATCAF1');
	}

	/**
	 * Raises the UART rate with the ELM327DSJ pp. 50-51 handshake (ATBRD on ELM ≥ 1.4, STBR on an STN): `OK`
	 * at the old rate, reopen the port at the new one, see the ID string, answer CR, get `OK`. Resolves to
	 * whether the new rate took; on failure the port is reopened at the old rate.
	 */
	async raiseBaud(baudRate: number, currentBaudRate: number): Promise<boolean> {
		if (!this.#reopen) throw new TypeError('raiseBaud needs the reopen option');
		const id = this.#identity;
		if (!id) throw new TypeError('initialize() first, to know the firmware');
		let command: string;
		let actual = baudRate;
		if (id.family === 'stn') command = `STBR${baudRate}`;
		else if (versionAtLeast(id.elmVersion, 1, 4)) {
			const divisor = baudRateDivisor(baudRate);
			actual = Math.round(4_000_000 / divisor);
			command = `ATBRD${hex(divisor, 2)}`;
		} else throw new AdapterRejectedError(`${id.elmId} has no ATBRD`, ELM_ADAPTER);
		const reopen = this.#reopen;
		return this.#enqueue(async () => {
			const first = replyLines(
				await this.#request(command, this.#commandTimeoutMs, 'ok-line'),
				command
			);
			if (first[0] !== 'OK') {
				throw new AdapterRejectedError(`${command} → ${first.join(' ') || 'nothing'}`, ELM_ADAPTER);
			}
			await this.#detach();
			this.#rx = '';
			this.#holding = true;
			this.#attach(await reopen(actual));
			const idLine = await this.#waitFor((text) => text.includes(id.elmId), 500)
				.catch(() => null)
				.finally(() => (this.#holding = false));
			if (idLine !== null) {
				this.#rx = '';
				const confirm = await this.#request('', this.#commandTimeoutMs, 'prompt').catch(() => '');
				if (replyLines(confirm, '').includes('OK')) return true;
			}
			await this.#detach();
			this.#attach(await reopen(currentBaudRate));
			// Wait out the device's handshake window so it has reverted before we talk again.
			await new Promise((r) => setTimeout(r, 200));
			this.#rx = '';
			this.#discardToPrompt = false;
			return false;
		});
	}

	/** Stops monitoring if running and releases the stream locks. */
	async close(): Promise<void> {
		if (this.#monitor) await this.stopMonitor().catch(() => {});
		if (this.#failure) return;
		await this.#detach();
		this.#fail(new AdapterDisconnectedError('adapter closed', ELM_ADAPTER));
	}

	#attach(stream: ByteStream): void {
		this.#reader = stream.readable.getReader();
		this.#writer = stream.writable.getWriter();
		this.#detaching = false;
		const reader = this.#reader;
		this.#readLoop = (async () => {
			try {
				for (;;) {
					const { value, done } = await reader.read();
					if (done) break;
					if (value) this.#feed(value);
				}
				if (!this.#detaching)
					this.#fail(new AdapterDisconnectedError('serial stream ended', ELM_ADAPTER));
			} catch (cause) {
				if (!this.#detaching) {
					this.#fail(new AdapterDisconnectedError('serial stream failed', ELM_ADAPTER, { cause }));
				}
			}
		})();
	}

	async #detach(): Promise<void> {
		this.#detaching = true;
		this.#reader.releaseLock();
		this.#writer.releaseLock();
		await this.#readLoop;
	}

	#enqueue<T>(job: () => Promise<T>): Promise<T> {
		const run = this.#queue.then(job, job);
		this.#queue = run.catch(() => {});
		return run;
	}

	#exchange(text: string, timeoutMs: number): Promise<string> {
		return this.#enqueue(() => this.#request(text, timeoutMs, 'prompt'));
	}

	#assertConnected(): void {
		if (this.#failure) throw this.#failure;
		if (this.#monitor)
			throw new AdapterRejectedError('monitor mode is running; stop it first', ELM_ADAPTER);
	}

	async #request(text: string, timeoutMs: number, until: Until): Promise<string> {
		this.#assertConnected();
		if (!this.#discardToPrompt) this.#rx = '';
		const reply = new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#pending = null;
				this.#discardToPrompt = true;
				reject(
					new AdapterTimeoutError(
						`no prompt after ${text || 'CR'} within ${timeoutMs} ms`,
						ELM_ADAPTER
					)
				);
			}, timeoutMs);
			this.#pending = { until, resolve, reject, timer };
		});
		await this.#write(encodeCommand(text));
		this.#check();
		return reply;
	}

	/** Resolves with the received text once `match` holds, or rejects after `timeoutMs`. */
	#waitFor(match: (text: string) => boolean, timeoutMs: number): Promise<string> {
		const started = Date.now();
		return new Promise((resolve, reject) => {
			const poll = () => {
				if (this.#failure) return reject(this.#failure);
				if (match(this.#rx)) return resolve(this.#rx);
				if (Date.now() - started > timeoutMs) {
					return reject(new AdapterTimeoutError('no ID string after the baud switch', ELM_ADAPTER));
				}
				setTimeout(poll, 2);
			};
			poll();
		});
	}

	async #write(bytes: Uint8Array): Promise<void> {
		try {
			await this.#writer.write(bytes);
		} catch (cause) {
			const err = new AdapterDisconnectedError('serial write failed', ELM_ADAPTER, { cause });
			this.#fail(err);
			throw err;
		}
	}

	#feed(bytes: Uint8Array): void {
		const m = this.#monitor;
		if (m) {
			const rest = this.#feedMonitor(m, bytes);
			if (rest === null) return;
			bytes = rest;
		}
		for (let i = 0; i < bytes.length; i++) this.#rx += String.fromCharCode(bytes[i]);
		this.#check();
	}

	#check(): void {
		if (this.#discardToPrompt) {
			const at = this.#rx.indexOf('>');
			if (at < 0) return;
			this.#rx = this.#rx.slice(at + 1);
			this.#discardToPrompt = false;
		}
		const p = this.#pending;
		if (!p) {
			if (this.#rx.length > 0 && !this.#monitor && !this.#holding) {
				this.#onWarning({ kind: 'unsolicited', text: this.#rx });
				this.#rx = '';
			}
			return;
		}
		const at = this.#rx.indexOf('>');
		let end = at < 0 ? -1 : at + 1;
		if (p.until === 'ok-line' && end < 0 && /(^|[\r\n])OK\r/.test(this.#rx)) end = this.#rx.length;
		if (end < 0) return;
		const text = this.#rx.slice(0, end);
		this.#rx = this.#rx.slice(end);
		this.#pending = null;
		clearTimeout(p.timer);
		p.resolve(text);
	}

	/** Splits monitor output into lines; returns what follows the prompt once monitoring ended, else null. */
	#feedMonitor(m: Monitor, bytes: Uint8Array): Uint8Array | null {
		const line = m.line;
		for (let i = 0; i < bytes.length; i++) {
			const b = bytes[i];
			if (b === 0x0d || b === 0x0a) {
				if (line.length > 0) this.#monitorLine(m, line);
				line.length = 0;
			} else if (b === PROMPT) {
				const error = this.#monitorEnd;
				this.#endMonitor(error);
				return bytes.subarray(i + 1);
			} else line.push(b);
		}
		return null;
	}

	#monitorLine(m: Monitor, line: number[]): void {
		const frame = parseMonitorLine(Uint8Array.from(line), 0, line.length, this.#clock());
		if (frame) {
			this.#counts.frames++;
			try {
				m.sink.frame(frame);
			} catch (error) {
				this.#onWarning({ kind: 'sink-error', error });
			}
			return;
		}
		const text = String.fromCharCode(...line).trim();
		const status = classifyStatusLine(text);
		if (status === 'buffer-full') {
			this.#monitorEnd = new Elm327StatusError(
				'BUFFER FULL: the adapter dropped monitor data; raise the baud rate or filter',
				ELM_ADAPTER,
				status,
				text
			);
		} else if (status !== 'stopped')
			this.#onWarning({ kind: 'malformed-monitor-line', line: text });
	}

	#endMonitor(reason: AdapterError | null): void {
		const m = this.#monitor;
		if (!m) return;
		this.#monitor = null;
		this.#monitorEnd = null;
		m.stopped?.(reason);
		m.sink.closed(reason);
	}

	#fail(err: AdapterDisconnectedError): void {
		if (this.#failure) return;
		this.#failure = err;
		const p = this.#pending;
		this.#pending = null;
		if (p) {
			clearTimeout(p.timer);
			p.reject(err);
		}
		this.#endMonitor(err);
	}
}
