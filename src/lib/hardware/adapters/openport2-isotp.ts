import type { AdapterError } from '../errors';
import { IsoTpError, IsoTpTimeoutError } from '../protocol/isotp';
import { ConnectFlag, J2534Filter, J2534Protocol, TxFlag } from '../protocol/openport';
import type { OpenPort2 } from './openport2';

const ISO15765 = J2534Protocol.ISO15765;

export interface OpenPort2IsoTpLinkOptions {
	openport: OpenPort2;
	/** CAN id we send on (e.g. 0x7E0). */
	txId: number;
	/** CAN id the ECU answers on (e.g. 0x7E8): the FLOW_CONTROL filter's pattern. */
	rxId: number;
	/** Where the adapter sends its flow control when the ECU sends a first frame. @default txId */
	flowControlId?: number;
	/** 29-bit ids. @default any id > 0x7FF */
	extended?: boolean;
	/** Bus bit rate for PassThruConnect. @default 500000 */
	bitrate?: number;
	/** ISO15765_FRAME_PAD: pad every frame to 8 bytes, as ISO 15765-4 (OBD) requires. @default true */
	padding?: boolean;
	/** After a first-frame indication, how long the adapter may take to deliver the whole message. @default 5000 */
	messageTimeoutMs?: number;
	/** Messages kept while nobody is receiving; the oldest goes first. @default 16 */
	maxQueued?: number;
}

export interface OpenPort2IsoTpReceiveOptions {
	/** How long to wait for the message to start (P2 for UDS/OBD). @default 1000 */
	timeoutMs?: number;
}

interface Waiter {
	resolve(message: Uint8Array): void;
	reject(error: unknown): void;
	timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * One ISO-TP connection on the OpenPort's ISO 15765 channel (J2534 protocol 6), segmented and reassembled by the
 * adapter firmware: a FLOW_CONTROL filter (mask FFFFFFFF, pattern = rxId, flow control = flowControlId) tells it
 * which responses to reassemble and where to send flow control. It has the shape of IsoTpLink (`send`, `receive`,
 * `request`, `close`), so `createIsoTpUdsLink(link)` puts UdsClient on it and OBD requests go through `request`.
 * A silent ECU rejects with IsoTpTimeoutError('response'); after a first frame the adapter's own N_Cr governs, with
 * `messageTimeoutMs` as the backstop ('N_Cr').
 */
export class OpenPort2IsoTpLink {
	readonly #openport: OpenPort2;
	readonly #txId: number;
	readonly #rxId: number;
	readonly #txFlags: number;
	readonly #messageTimeoutMs: number;
	readonly #maxQueued: number;
	readonly #queue: Uint8Array[] = [];
	readonly #waiters: Waiter[] = [];
	readonly #periodic = new Set<number>();
	#unlisten: () => void = () => {};
	#filterId = NaN;
	#requestTail: Promise<unknown> = Promise.resolve();
	#receiving: ReturnType<typeof setTimeout> | undefined;
	#closed: IsoTpError | AdapterError | null = null;
	#closing: Promise<void> | null = null;

	private constructor(options: OpenPort2IsoTpLinkOptions, extended: boolean) {
		this.#openport = options.openport;
		this.#txId = options.txId;
		this.#rxId = options.rxId;
		const pad = options.padding ?? true;
		this.#txFlags = (pad ? TxFlag.ISO15765_FRAME_PAD : 0) | (extended ? TxFlag.CAN_29BIT_ID : 0);
		this.#messageTimeoutMs = options.messageTimeoutMs ?? 5000;
		this.#maxQueued = options.maxQueued ?? 16;
	}

	/** Connects the ISO 15765 channel if needed and starts this link's flow control filter. */
	static async open(options: OpenPort2IsoTpLinkOptions): Promise<OpenPort2IsoTpLink> {
		if (!options?.openport) throw new TypeError('OpenPort2IsoTpLink needs an openport (OpenPort2)');
		const fcId = options.flowControlId ?? options.txId;
		for (const [what, id] of [
			['txId', options.txId],
			['rxId', options.rxId],
			['flowControlId', fcId]
		] as const) {
			if (!Number.isInteger(id) || id < 0 || id > 0x1fff_ffff) {
				throw new TypeError(`${what} must be a CAN id (0–0x1FFFFFFF), got ${id}`);
			}
		}
		const extended = options.extended ?? Math.max(options.txId, options.rxId, fcId) > 0x7ff;
		if (!extended && Math.max(options.txId, options.rxId, fcId) > 0x7ff) {
			throw new TypeError('11-bit ids must be at most 0x7FF; set extended: true for 29-bit ids');
		}
		for (const [what, value] of [
			['messageTimeoutMs', options.messageTimeoutMs ?? 5000],
			['maxQueued', options.maxQueued ?? 16]
		] as const) {
			if (!Number.isInteger(value) || value < 1) {
				throw new TypeError(`${what} must be a positive integer, got ${value}`);
			}
		}
		const link = new OpenPort2IsoTpLink(options, extended);
		const op = options.openport;
		await op.acquireChannel(ISO15765, ConnectFlag.CAN_ID_BOTH, options.bitrate ?? 500_000);
		link.#unlisten = op.listen(ISO15765, {
			message: (m) => {
				if (!m.loopback && readId(m.data) === link.#rxId) link.#push(m.data.slice(4));
			},
			start: (m) => {
				if (!m.loopback && readId(m.data) === link.#rxId) link.#started();
			},
			closed: (reason) => link.#shutdown(reason ?? new IsoTpError('OpenPort 2.0 closed'))
		});
		try {
			link.#filterId = await op.startFilter(ISO15765, {
				type: J2534Filter.FLOW_CONTROL,
				txFlags: link.#txFlags,
				mask: Uint8Array.of(0xff, 0xff, 0xff, 0xff),
				pattern: be32(options.rxId),
				flowControl: be32(fcId)
			});
		} catch (err) {
			link.#unlisten();
			await op.releaseChannel(ISO15765).catch(() => {});
			throw err;
		}
		return link;
	}

	/** Sends one message (1–4095 bytes); resolves when the adapter reports it transmitted (TX done). */
	async send(payload: Uint8Array): Promise<void> {
		if (this.#closed) throw this.#closed;
		await this.#openport.write(ISO15765, this.#message(payload), this.#txFlags);
	}

	/** The next message from rxId (queued ones first). */
	receive(options: OpenPort2IsoTpReceiveOptions = {}): Promise<Uint8Array> {
		if (this.#closed) return Promise.reject(this.#closed);
		const queued = this.#queue.shift();
		if (queued) return Promise.resolve(queued);
		const timeoutMs = options.timeoutMs ?? 1000;
		return new Promise((resolve, reject) => {
			const waiter: Waiter = { resolve, reject, timer: undefined };
			if (this.#receiving === undefined || this.#waiters.length > 0) {
				waiter.timer = setTimeout(() => {
					this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
					reject(new IsoTpTimeoutError('response', timeoutMs * 1000));
				}, timeoutMs);
			}
			this.#waiters.push(waiter);
		});
	}

	/** Sends `payload` and resolves with the next message; stale queued messages are dropped first. */
	request(payload: Uint8Array, options: OpenPort2IsoTpReceiveOptions = {}): Promise<Uint8Array> {
		const run = this.#requestTail.then(async () => {
			this.#queue.length = 0;
			await this.send(payload);
			return this.receive(options);
		});
		this.#requestTail = run.catch(() => {});
		return run;
	}

	/** Re-sends `payload` every `intervalMs` (e.g. testerPresent `3E 80`) until stopPeriodic or close. */
	startPeriodic(payload: Uint8Array, intervalMs: number): number {
		if (this.#closed) throw this.#closed;
		const id = this.#openport.startPeriodicMessage(
			ISO15765,
			this.#message(payload),
			this.#txFlags,
			intervalMs
		);
		this.#periodic.add(id);
		return id;
	}

	stopPeriodic(id: number): void {
		this.#openport.stopPeriodicMessage(id);
		this.#periodic.delete(id);
	}

	/** Stops the filter and releases the channel; pending and later calls reject with IsoTpError. */
	close(): Promise<void> {
		if (this.#closing) return this.#closing;
		this.#closing = (async () => {
			if (this.#closed) return;
			this.#shutdown(new IsoTpError('ISO-TP link is closed'));
			for (const id of this.#periodic) {
				try {
					this.#openport.stopPeriodicMessage(id);
				} catch {
					// Already stopped with its channel.
				}
			}
			await this.#openport.stopFilter(ISO15765, this.#filterId).catch(() => {});
			await this.#openport.releaseChannel(ISO15765).catch(() => {});
		})();
		return this.#closing;
	}

	/** J2534 ISO 15765 message: 4-byte id + payload; J2534-1 caps the payload at 4095 (12-bit FF_DL). */
	#message(payload: Uint8Array): Uint8Array {
		if (!(payload instanceof Uint8Array) || payload.length < 1 || payload.length > 4095) {
			throw new RangeError(`ISO-TP message must be 1–4095 bytes, got ${payload?.length}`);
		}
		const data = new Uint8Array(4 + payload.length);
		data.set(be32(this.#txId));
		data.set(payload, 4);
		return data;
	}

	/** A first frame arrived: the response has begun, so P2 no longer applies; the backstop does. */
	#started(): void {
		clearTimeout(this.#receiving);
		const head = this.#waiters[0];
		if (head?.timer !== undefined) {
			clearTimeout(head.timer);
			head.timer = undefined;
		}
		this.#receiving = setTimeout(() => {
			this.#receiving = undefined;
			const waiter = this.#waiters.shift();
			clearTimeout(waiter?.timer);
			waiter?.reject(new IsoTpTimeoutError('N_Cr', this.#messageTimeoutMs * 1000));
		}, this.#messageTimeoutMs);
	}

	#push(message: Uint8Array): void {
		clearTimeout(this.#receiving);
		this.#receiving = undefined;
		const waiter = this.#waiters.shift();
		if (waiter) {
			clearTimeout(waiter.timer);
			waiter.resolve(message);
			return;
		}
		this.#queue.push(message);
		if (this.#queue.length > this.#maxQueued) this.#queue.shift();
	}

	#shutdown(reason: IsoTpError | AdapterError): void {
		if (this.#closed) return;
		this.#closed = reason;
		this.#unlisten();
		clearTimeout(this.#receiving);
		for (const waiter of this.#waiters.splice(0)) {
			clearTimeout(waiter.timer);
			waiter.reject(reason);
		}
		this.#queue.length = 0;
		this.#periodic.clear();
	}
}

function be32(id: number): Uint8Array {
	const out = new Uint8Array(4);
	new DataView(out.buffer).setUint32(0, id);
	return out;
}

function readId(data: Uint8Array): number {
	return data.length < 4
		? -1
		: ((data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3]) >>> 0;
}
