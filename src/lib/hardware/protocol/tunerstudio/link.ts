import {
	AdapterDisconnectedError,
	AdapterTimeoutError,
	MalformedTransferError,
	type AdapterError
} from '../../errors';
import type { ByteStream } from '../../transport/serial';
import { ENVELOPE_OVERHEAD, EnvelopeDecoder, encodeEnvelope, type EnvelopeEvent } from './envelope';
import { EnvelopeCrcError, TS_ADAPTER } from './errors';
import { RC_BUSY, isErrorReturnCode, returnCodeError } from './return-codes';

export interface TsLinkOptions {
	stream: ByteStream;
	/** Per request, until the whole reply. */
	timeoutMs: number;
	/** How often a 0x85 BUSY reply is retried before EcuBusyError. */
	busyRetries: number;
	busyRetryDelayMs: number;
	/** After a timeout or a garbled reply, the line must be quiet this long before the next request. */
	resyncQuietMs: number;
	/** Host clock in µs. */
	clock: () => number;
	/** Bytes that belong to no request (late replies, line noise); they are dropped. */
	onUnsolicited: (bytes: number) => void;
}

interface Pending {
	/** 'frame': one msEnvelope reply; a number: that many bare bytes (the `F` answer). */
	mode: 'frame' | number;
	raw: number[];
	resolve(payload: Uint8Array): void;
	reject(err: AdapterError): void;
	timer: ReturnType<typeof setTimeout>;
}

/**
 * The request/reply layer of the TunerStudio protocol over a ByteStream (protocols.md §6.1): one msEnvelope_1.0
 * request and one reply at a time, in call order. 0x85 BUSY is retried; every other error return code is thrown as
 * its typed EcuReturnCodeError (so 0x84 is never retried). No whole reply within `timeoutMs` throws
 * AdapterTimeoutError; the stream ending or erroring rejects the pending request at once with
 * AdapterDisconnectedError, and every later one too.
 */
export class TsLink {
	readonly #o: TsLinkOptions;
	readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
	readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
	readonly #readLoop: Promise<void>;
	readonly #decoder = new EnvelopeDecoder();
	#queue: Promise<unknown> = Promise.resolve();
	#pending: Pending | null = null;
	#needsResync = false;
	#lastRxUs = 0;
	#failure: AdapterDisconnectedError | null = null;
	#closing = false;

	constructor(options: TsLinkOptions) {
		this.#o = options;
		this.#reader = options.stream.readable.getReader();
		this.#writer = options.stream.writable.getWriter();
		this.#readLoop = this.#read();
	}

	get failure(): AdapterDisconnectedError | null {
		return this.#failure;
	}

	/** Treat whatever the line carries now as stale: the next request first waits for quiet. */
	markStale(): void {
		this.#needsResync = true;
	}

	/**
	 * One framed request and its reply payload (return code first). `replyLength` is the exact payload length a
	 * success must have, or null for any (text answers).
	 */
	request(payload: Uint8Array, replyLength: number | null): Promise<Uint8Array> {
		const command = String.fromCharCode(payload[0]);
		return this.#enqueue(async () => {
			for (let busy = 0; ; busy++) {
				const reply = await this.#exchange(payload, 'frame', command, replyLength ?? undefined);
				const rc = reply[0];
				if (rc === RC_BUSY && busy < this.#o.busyRetries) {
					await sleep(this.#o.busyRetryDelayMs);
					continue;
				}
				if (isErrorReturnCode(rc)) {
					const detail = rc === RC_BUSY ? `still busy after ${busy} retries` : undefined;
					throw returnCodeError(rc, payload[0], { detail });
				}
				if (replyLength !== null && reply.length !== replyLength) {
					this.#needsResync = true;
					throw new MalformedTransferError(
						`'${command}' reply carries ${reply.length - 1} data bytes, expected ${replyLength - 1}`,
						TS_ADAPTER
					);
				}
				return reply;
			}
		});
	}

	/** A bare (unframed) request answered by exactly `length` bare bytes, such as Speeduino's `F` → "002". */
	bare(payload: Uint8Array, length: number): Promise<Uint8Array> {
		return this.#enqueue(() => this.#exchange(payload, length, String.fromCharCode(payload[0])));
	}

	/** Releases the stream locks; later requests throw AdapterDisconnectedError. */
	async close(): Promise<void> {
		if (this.#failure) return;
		this.#closing = true;
		this.#fail(new AdapterDisconnectedError('adapter closed', TS_ADAPTER));
		this.#reader.releaseLock();
		this.#writer.releaseLock();
		await this.#readLoop;
	}

	async #exchange(
		payload: Uint8Array,
		mode: 'frame' | number,
		command: string,
		maxPayload?: number
	): Promise<Uint8Array> {
		if (this.#failure) throw this.#failure;
		await this.#resync();
		this.#decoder.reset();
		// A reply can be an error code alone, so allow at least 1 byte; a text answer any length.
		this.#decoder.maxPayload = Math.max(1, maxPayload ?? 0xffff);
		const reply = new Promise<Uint8Array>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#pending = null;
				this.#needsResync = true;
				// Give a late reply the quiet window too, counted from now.
				this.#lastRxUs = this.#o.clock();
				reject(
					new AdapterTimeoutError(
						`no reply to '${command}' within ${this.#o.timeoutMs} ms`,
						TS_ADAPTER
					)
				);
			}, this.#o.timeoutMs);
			this.#pending = { mode, raw: [], resolve, reject, timer };
		});
		try {
			await this.#writer.write(mode === 'frame' ? encodeEnvelope(payload) : payload);
		} catch (cause) {
			this.#fail(new AdapterDisconnectedError('serial write failed', TS_ADAPTER, { cause }));
		}
		return reply;
	}

	/** After a timeout or a garbled reply, wait until the line is quiet so late bytes are not taken as the next reply. */
	async #resync(): Promise<void> {
		if (!this.#needsResync) return;
		const deadline = this.#o.clock() + this.#o.timeoutMs * 1000;
		while (
			this.#o.clock() - this.#lastRxUs < this.#o.resyncQuietMs * 1000 &&
			this.#o.clock() < deadline
		) {
			if (this.#failure) throw this.#failure;
			await sleep(Math.max(1, this.#o.resyncQuietMs / 4));
		}
		this.#needsResync = false;
	}

	#enqueue<T>(job: () => Promise<T>): Promise<T> {
		const run = this.#queue.then(job, job);
		this.#queue = run.catch(() => {});
		return run;
	}

	async #read(): Promise<void> {
		try {
			for (;;) {
				const { value, done } = await this.#reader.read();
				if (done) break;
				if (value) this.#feed(value);
			}
			if (!this.#closing)
				this.#fail(new AdapterDisconnectedError('serial stream ended', TS_ADAPTER));
		} catch (cause) {
			if (!this.#closing) {
				this.#fail(new AdapterDisconnectedError('serial stream failed', TS_ADAPTER, { cause }));
			}
		}
	}

	#feed(bytes: Uint8Array): void {
		this.#lastRxUs = this.#o.clock();
		const p = this.#pending;
		if (!p) {
			this.#o.onUnsolicited(bytes.length);
			return;
		}
		if (p.mode !== 'frame') {
			for (const b of bytes) p.raw.push(b);
			if (p.raw.length < p.mode) return;
			if (p.raw.length > p.mode) this.#unexpected(p.raw.length - p.mode);
			return this.#settle(p, Uint8Array.from(p.raw.slice(0, p.mode)));
		}
		const [first, ...rest] = this.#decoder.push(bytes);
		if (!first) return;
		if (rest.length > 0 || this.#decoder.buffered > 0) {
			this.#unexpected(rest.reduce((n, e) => n + eventBytes(e), this.#decoder.buffered));
		}
		if (first.kind === 'frame') return this.#settle(p, first.payload);
		this.#needsResync = true;
		this.#settle(p, first.error);
	}

	#unexpected(bytes: number): void {
		this.#needsResync = true;
		this.#o.onUnsolicited(bytes);
	}

	#settle(p: Pending, outcome: Uint8Array | AdapterError): void {
		this.#pending = null;
		clearTimeout(p.timer);
		if (outcome instanceof Uint8Array) p.resolve(outcome);
		else p.reject(outcome);
	}

	#fail(err: AdapterDisconnectedError): void {
		if (this.#failure) return;
		this.#failure = err;
		const p = this.#pending;
		if (p) this.#settle(p, err);
	}
}

/** Wire bytes behind a decoder event (a length error's frame has no trustworthy size). */
function eventBytes(e: EnvelopeEvent): number {
	if (e.kind === 'frame') return e.payload.length + ENVELOPE_OVERHEAD;
	return e.error instanceof EnvelopeCrcError ? e.error.payload.length + ENVELOPE_OVERHEAD : 0;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
