import { AdapterRejectedError, AdapterTimeoutError, type AdapterError } from '../errors';
import {
	KLineError,
	decodeIso9141ObdResponse,
	decodeKwpFrame,
	decodeStartCommunicationResponse,
	encodeIso9141ObdRequest,
	encodeKwpFrame,
	encodeStartCommunication,
	kwpHeader,
	type KLineKeyBytes,
	type KwpAddressing
} from '../protocol/kline';
import { ConnectFlag, J2534Filter, J2534Protocol } from '../protocol/openport';
import type { OpenPort2 } from './openport2';

export interface OpenPort2KLineOptions {
	openport: OpenPort2;
	/** ISO 14230-4 (KWP2000, fast init) or ISO 9141-2 headers. @default 'iso14230' */
	protocol?: 'iso14230' | 'iso9141';
	/** K-line bit rate. @default 10400 (ISO 9141-2 / ISO 14230-4 OBD) */
	baud?: number;
	/** ISO 14230 header addressing. @default functional, target 0x33, source 0xF1 */
	addressing?: KwpAddressing;
	/** Messages kept while nobody is receiving; the oldest goes first. @default 16 */
	maxQueued?: number;
}

/** One decoded K-line message. */
export interface KLineMessage {
	/** Sender address (the ECU), when the header carries one. */
	source: number | undefined;
	target: number | undefined;
	/** Service id and parameters, without header or checksum. */
	data: Uint8Array;
	/** µs on the adapter clock, from the message's end indication. */
	timestampUs: number | undefined;
}

export interface KLineReceiveOptions {
	/** How long to wait for the next message (ISO 14230-4 P2max is 50 ms; adapters add USB latency). @default 1000 */
	timeoutMs?: number;
}

interface Waiter {
	resolve(message: KLineMessage): void;
	reject(error: unknown): void;
	timer: ReturnType<typeof setTimeout>;
}

/**
 * A K-line channel (J2534 ISO 14230 or ISO 9141) on an OpenPort 2.0. It connects with ISO9141_NO_CHECKSUM so the
 * driver builds and checks every header and checksum itself with the pure K-line codec: a corrupt answer is reported
 * as KLineChecksumError instead of vanishing inside the adapter. `fastInit()` runs the ISO 14230-2 wake-up and
 * StartCommunication (`aty`), `request()` sends one message and resolves with the first answer, `receive()` takes
 * the further answers a request can produce (OBD mode 09 on K-line answers in several messages).
 */
export class OpenPort2KLine {
	readonly #openport: OpenPort2;
	readonly #protocol: number;
	readonly #kwp: boolean;
	readonly #addressing: KwpAddressing;
	readonly #maxQueued: number;
	readonly #queue: (KLineMessage | KLineError)[] = [];
	readonly #waiters: Waiter[] = [];
	readonly #periodic = new Set<number>();
	#unlisten: () => void = () => {};
	#filterId = NaN;
	#requestTail: Promise<unknown> = Promise.resolve();
	#closed: AdapterError | KLineError | null = null;

	private constructor(options: OpenPort2KLineOptions) {
		this.#openport = options.openport;
		this.#kwp = (options.protocol ?? 'iso14230') === 'iso14230';
		this.#protocol = this.#kwp ? J2534Protocol.ISO14230 : J2534Protocol.ISO9141;
		this.#addressing = options.addressing ?? {};
		this.#maxQueued = options.maxQueued ?? 16;
	}

	static async open(options: OpenPort2KLineOptions): Promise<OpenPort2KLine> {
		if (!options?.openport) throw new TypeError('OpenPort2KLine needs an openport (OpenPort2)');
		const protocol = options.protocol ?? 'iso14230';
		if (protocol !== 'iso14230' && protocol !== 'iso9141') {
			throw new TypeError(`protocol must be 'iso14230' or 'iso9141', got ${protocol}`);
		}
		const baud = options.baud ?? 10400;
		if (!Number.isInteger(baud) || baud <= 0)
			throw new TypeError(`baud must be a positive integer, got ${baud}`);
		const maxQueued = options.maxQueued ?? 16;
		if (!Number.isInteger(maxQueued) || maxQueued < 1) {
			throw new TypeError(`maxQueued must be a positive integer, got ${maxQueued}`);
		}
		kwpHeader(options.addressing);
		const link = new OpenPort2KLine(options);
		await options.openport.acquireChannel(link.#protocol, ConnectFlag.ISO9141_NO_CHECKSUM, baud);
		link.#unlisten = options.openport.listen(link.#protocol, {
			message: (m) => {
				if (!m.loopback) link.#push(link.#decode(m.data, m.timestampUs));
			},
			closed: (reason) => link.#shutdown(reason ?? new KLineError('OpenPort 2.0 closed'))
		});
		try {
			// J2534 channels receive nothing until a filter passes it; one zero mask byte passes every message.
			link.#filterId = await options.openport.startFilter(link.#protocol, {
				type: J2534Filter.PASS,
				txFlags: 0,
				mask: Uint8Array.of(0),
				pattern: Uint8Array.of(0)
			});
		} catch (err) {
			link.#unlisten();
			await options.openport.releaseChannel(link.#protocol).catch(() => {});
			throw err;
		}
		return link;
	}

	/**
	 * ISO 14230-2 fast init: the adapter pulls K low for 25 ms, releases it for 25 ms and sends StartCommunication;
	 * resolves with the key bytes from the ECU's `C1 KB1 KB2`.
	 */
	async fastInit(): Promise<KLineKeyBytes> {
		this.#assertOpen();
		if (!this.#kwp) {
			throw new AdapterRejectedError(
				'fast init is an ISO 14230 wake-up; ISO 9141-2 ECUs wake with 5-baud init',
				'openport2'
			);
		}
		const raw = await this.#openport.fastInit(
			this.#protocol,
			encodeStartCommunication(this.#addressing)
		);
		return decodeStartCommunicationResponse(decodeKwpFrame(raw));
	}

	/** Wraps `payload` in the channel's header and checksum and sends it; resolves on TX done. */
	async send(payload: Uint8Array): Promise<void> {
		this.#assertOpen();
		await this.#openport.write(this.#protocol, this.#encode(payload), 0);
	}

	/** The next message (queued ones first); a corrupt one rejects with its KLineError. */
	receiveMessage(options: KLineReceiveOptions = {}): Promise<KLineMessage> {
		if (this.#closed) return Promise.reject(this.#closed);
		const queued = this.#queue.shift();
		if (queued)
			return queued instanceof KLineError ? Promise.reject(queued) : Promise.resolve(queued);
		const timeoutMs = options.timeoutMs ?? 1000;
		return new Promise((resolve, reject) => {
			const waiter: Waiter = {
				resolve,
				reject,
				timer: setTimeout(() => {
					this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
					reject(new AdapterTimeoutError(`no K-line message within ${timeoutMs} ms`, 'openport2'));
				}, timeoutMs)
			};
			this.#waiters.push(waiter);
		});
	}

	async receive(options: KLineReceiveOptions = {}): Promise<Uint8Array> {
		return (await this.receiveMessage(options)).data;
	}

	/** Sends `payload` and resolves with the data of the first answer; stale queued messages are dropped first. */
	request(payload: Uint8Array, options: KLineReceiveOptions = {}): Promise<Uint8Array> {
		const run = this.#requestTail.then(async () => {
			this.#queue.length = 0;
			await this.send(payload);
			return this.receive(options);
		});
		this.#requestTail = run.catch(() => {});
		return run;
	}

	/** Re-sends `payload` every `intervalMs`, e.g. testerPresent `3E` to keep the session inside P3max (5 s). */
	startPeriodic(payload: Uint8Array, intervalMs: number): number {
		this.#assertOpen();
		const id = this.#openport.startPeriodicMessage(
			this.#protocol,
			this.#encode(payload),
			0,
			intervalMs
		);
		this.#periodic.add(id);
		return id;
	}

	stopPeriodic(id: number): void {
		this.#openport.stopPeriodicMessage(id);
		this.#periodic.delete(id);
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#shutdown(new KLineError('K-line channel is closed'));
		for (const id of this.#periodic) {
			try {
				this.#openport.stopPeriodicMessage(id);
			} catch {
				// Already stopped with its channel.
			}
		}
		this.#periodic.clear();
		await this.#openport.stopFilter(this.#protocol, this.#filterId).catch(() => {});
		await this.#openport.releaseChannel(this.#protocol).catch(() => {});
	}

	#encode(payload: Uint8Array): Uint8Array {
		return this.#kwp
			? encodeKwpFrame({ ...kwpHeader(this.#addressing), data: payload })
			: encodeIso9141ObdRequest(payload);
	}

	#decode(raw: Uint8Array, timestampUs: number | undefined): KLineMessage | KLineError {
		try {
			if (this.#kwp) {
				const frame = decodeKwpFrame(raw);
				return { source: frame.source, target: frame.target, data: frame.data, timestampUs };
			}
			const { source, data } = decodeIso9141ObdResponse(raw);
			return { source, target: undefined, data, timestampUs };
		} catch (err) {
			if (err instanceof KLineError) return err;
			throw err;
		}
	}

	#push(item: KLineMessage | KLineError): void {
		const waiter = this.#waiters.shift();
		if (waiter) {
			clearTimeout(waiter.timer);
			if (item instanceof KLineError) waiter.reject(item);
			else waiter.resolve(item);
			return;
		}
		this.#queue.push(item);
		if (this.#queue.length > this.#maxQueued) this.#queue.shift();
	}

	#shutdown(reason: AdapterError | KLineError): void {
		if (this.#closed) return;
		this.#closed = reason;
		this.#unlisten();
		for (const waiter of this.#waiters.splice(0)) {
			clearTimeout(waiter.timer);
			waiter.reject(reason);
		}
		this.#queue.length = 0;
	}

	#assertOpen(): void {
		if (this.#closed) throw this.#closed;
	}
}
