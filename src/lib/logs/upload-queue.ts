/**
 * The durable outbox between the recorder and the server (ARCHITECTURE.md "Recording is loss-proof"). Every item is
 * written to the store before anything is sent, is deleted only after the server acknowledged its commit, and is
 * retried on network failures, timeouts, 5xx, 401, 408, 425 and 429 with capped exponential backoff and jitter. An
 * `online` event (or retryNow()) cuts the wait short. Answers that retrying cannot change (other 4xx, including a 409
 * or 422 conflict) mean the item itself is wrong: it is kept and reported as rejected, never silently dropped, and the
 * queue moves on so one bad item cannot stall the rest.
 * The store is injected (IndexedDB in the browser, memory in tests), so the policy is testable without a browser.
 */
export interface OutboxItem {
	/** Store key, assigned on put; items are sent in key order, so a log's metadata precedes its chunks. */
	key?: number;
	/** Idempotency key: `log:<id>` or `chunk:<logId>:<seq>`. */
	id: string;
	method: 'PUT' | 'POST';
	url: string;
	contentType: string;
	body: ArrayBuffer | string;
	/** Samples carried, for the pending counter. */
	samples: number;
	attempts: number;
	rejected?: { status: number; message: string };
	/**
	 * Who recorded it (user and shop). Uploads go with the signed-in session's cookie, so an item is sent only while
	 * its owner is signed in: another account on the same device must never receive it.
	 */
	owner?: string;
}

export interface OutboxStore {
	put(item: OutboxItem): Promise<number>;
	update(item: OutboxItem): Promise<void>;
	delete(key: number): Promise<void>;
	/** Items in key order. */
	all(): Promise<OutboxItem[]>;
}

export interface UploadStatus {
	pending: number;
	pendingSamples: number;
	rejected: number;
	uploading: boolean;
	lastError?: string;
	uploadedChunks: number;
	/** Items recorded under another account on this device, waiting for it to sign in. */
	otherAccounts?: number;
}

/** Anything that fires `online` events: a window's or a worker's global scope (HTML §8.10.1 "navigator.onLine"). */
export interface OnlineEvents {
	addEventListener(type: 'online', listener: () => void): void;
}

export interface UploadQueueOptions {
	store: OutboxStore;
	fetch: typeof fetch;
	/** First retry delay; each further failure doubles it. @default 1_000 */
	baseDelayMs?: number;
	/** Longest wait between two tries. @default 60_000 */
	maxDelayMs?: number;
	/**
	 * A request with no answer after this long is abandoned and retried (a half-open connection after the Wi-Fi
	 * dropped never errors by itself). The body's transfer time at 16 KiB/s (a poor mobile link) is added on top, so a
	 * large chunk on a slow link is not cut off on every try. @default 30_000
	 */
	timeoutMs?: number;
	/** Each `online` event retries at once. @default globalThis when it fires events (browser, worker), else none */
	online?: OnlineEvents | null;
	onStatus?(status: UploadStatus): void;
	sleep?(ms: number): Promise<void>;
	/** Uniform in [0, 1), for the jitter. @default Math.random */
	random?(): number;
}

/** Answers that may succeed later: the item is fine, the server or the session is not (RFC 9110 §15.5.2, §15.5.9). */
const RETRYABLE = new Set([401, 408, 425, 429]);
/** A floor for upload throughput, used to stretch the timeout for large bodies. */
const MIN_BYTES_PER_SECOND = 16 * 1024;

type Outcome = { kind: 'done' } | { kind: 'rejected' } | { kind: 'retry'; afterMs?: number };

export class UploadQueue {
	private readonly options: Required<Omit<UploadQueueOptions, 'onStatus' | 'online'>> &
		Pick<UploadQueueOptions, 'onStatus'>;
	private pumping: Promise<void> | undefined;
	private stopped = false;
	private failures = 0;
	/** undefined: never told (a single-account host such as a test or the CLI): every item is sendable. */
	private owner: string | null | undefined;
	/** Ends the current backoff wait early; set only while the pump waits. */
	private wake: (() => void) | undefined;
	private status: UploadStatus = {
		pending: 0,
		pendingSamples: 0,
		rejected: 0,
		uploading: false,
		uploadedChunks: 0
	};

	constructor(options: UploadQueueOptions) {
		if (!options?.store) throw new TypeError('UploadQueue needs a store');
		if (typeof options.fetch !== 'function')
			throw new TypeError('UploadQueue needs a fetch function');
		for (const name of ['baseDelayMs', 'maxDelayMs', 'timeoutMs'] as const) {
			const value = options[name];
			if (value !== undefined && !(Number.isFinite(value) && value > 0))
				throw new TypeError(`${name} must be a positive number of milliseconds, got ${value}`);
		}
		this.options = {
			baseDelayMs: 1_000,
			maxDelayMs: 60_000,
			timeoutMs: 30_000,
			sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
			random: Math.random,
			...options
		};
		if (this.options.baseDelayMs > this.options.maxDelayMs)
			throw new TypeError(
				`baseDelayMs (${this.options.baseDelayMs}) exceeds maxDelayMs (${this.options.maxDelayMs})`
			);
		const online = options.online === undefined ? defaultOnlineEvents() : options.online;
		online?.addEventListener('online', () => void this.retryNow());
	}

	/**
	 * The account (user and shop) now signed in on this device, or null when nobody is. Items recorded under another
	 * account stay queued, untouched, until that account signs in again.
	 */
	setOwner(owner: string | null): Promise<void> {
		this.owner = owner;
		void this.refresh();
		return this.kick();
	}

	async enqueue(item: Omit<OutboxItem, 'key' | 'attempts' | 'owner'>): Promise<void> {
		await this.options.store.put({ ...item, attempts: 0, owner: this.owner ?? undefined });
		await this.refresh();
		this.kick();
	}

	/** Starts sending if not already; resolves when the outbox is empty of sendable items or stop() was called. */
	kick(): Promise<void> {
		this.pumping ??= this.pump().finally(() => {
			this.pumping = undefined;
		});
		return this.pumping;
	}

	/**
	 * Tries the next item now instead of waiting out the backoff, which starts again from its first step: the network
	 * just came back, so the last failure says little about the next try.
	 */
	retryNow(): Promise<void> {
		this.failures = 0;
		this.wake?.();
		return this.kick();
	}

	stop(): void {
		this.stopped = true;
		this.wake?.();
	}

	current(): UploadStatus {
		return { ...this.status };
	}

	async refresh(): Promise<UploadStatus> {
		const all = await this.options.store.all();
		const items = all.filter((i) => this.owns(i));
		this.status.otherAccounts = all.length - items.length;
		const live = items.filter((i) => !i.rejected);
		this.status.pending = live.length;
		this.status.pendingSamples = live.reduce((n, i) => n + i.samples, 0);
		this.status.rejected = items.length - live.length;
		this.options.onStatus?.(this.current());
		return this.current();
	}

	/**
	 * The wait before try number `failures + 1`: "equal jitter" (AWS Architecture Blog, "Exponential Backoff and
	 * Jitter", 2015). Half of the capped exponential step is fixed and half is random, so many devices coming back
	 * online at once spread out, yet no wait collapses to zero and none exceeds the cap.
	 */
	backoffMs(failures: number): number {
		const { baseDelayMs, maxDelayMs, random } = this.options;
		const step = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failures, 30));
		return step / 2 + (random() * step) / 2;
	}

	/** Items from before owners were recorded belong to whoever is signed in; nothing is sent while nobody is. */
	private owns(item: OutboxItem): boolean {
		if (this.owner === undefined) return true;
		if (this.owner === null) return false;
		return item.owner === undefined || item.owner === this.owner;
	}

	private async pump(): Promise<void> {
		this.stopped = false;
		this.status.uploading = true;
		try {
			while (!this.stopped) {
				const next = (await this.options.store.all()).find((i) => !i.rejected && this.owns(i));
				if (!next) break;
				const outcome = await this.send(next);
				if (outcome.kind === 'done') {
					await this.options.store.delete(next.key!);
					if (next.id.startsWith('chunk:')) this.status.uploadedChunks++;
					this.status.lastError = undefined;
					this.failures = 0;
				} else if (outcome.kind === 'rejected') {
					await this.options.store.update(next);
				} else {
					next.attempts++;
					await this.options.store.update(next);
					this.options.onStatus?.(this.current());
					const backoff = this.backoffMs(this.failures++);
					// Retry-After (RFC 9110 §10.2.3) is honoured as a floor, within the same cap.
					const wait = Math.min(this.options.maxDelayMs, Math.max(backoff, outcome.afterMs ?? 0));
					await this.pause(wait);
				}
				await this.refresh();
			}
		} finally {
			this.status.uploading = false;
			await this.refresh();
		}
	}

	private pause(ms: number): Promise<void> {
		return new Promise<void>((resolve) => {
			this.wake = resolve;
			void this.options.sleep(ms).then(resolve);
		}).finally(() => {
			this.wake = undefined;
		});
	}

	private async send(item: OutboxItem): Promise<Outcome> {
		const bytes = typeof item.body === 'string' ? item.body.length : item.body.byteLength;
		const limitMs = this.options.timeoutMs + (bytes / MIN_BYTES_PER_SECOND) * 1000;
		const abort = new AbortController();
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			abort.abort();
		}, limitMs);
		try {
			let response: Response;
			try {
				response = await this.options.fetch(item.url, {
					method: item.method,
					headers: { 'content-type': item.contentType, 'idempotency-key': item.id },
					body: item.body,
					signal: abort.signal
				});
			} catch (err) {
				this.status.lastError = timedOut
					? `timeout: no answer in ${Math.round(limitMs / 1000)} s`
					: `network: ${(err as Error).message}`;
				return { kind: 'retry' };
			}
			if (response.ok) return { kind: 'done' };
			const message = await response.text().catch(() => '');
			if (response.status >= 500 || RETRYABLE.has(response.status)) {
				this.status.lastError =
					response.status === 401 ? 'HTTP 401: sign in again to upload' : `HTTP ${response.status}`;
				return { kind: 'retry', afterMs: retryAfterMs(response.headers.get('retry-after')) };
			}
			item.rejected = { status: response.status, message: message.slice(0, 500) };
			this.status.lastError = `rejected: HTTP ${response.status}`;
			return { kind: 'rejected' };
		} finally {
			clearTimeout(timer);
		}
	}
}

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
	if (!header) return undefined;
	const trimmed = header.trim();
	if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
	const at = Date.parse(trimmed);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Pages post `'online'` on this BroadcastChannel when their window sees the network come back. A dedicated worker is
 * not always told itself (Chromium's DevTools network emulation, which Playwright's setOffline uses, only reaches
 * the page), and this way every tab's queue hears it.
 */
export const NETWORK_CHANNEL = 'cartech-network';

/**
 * In a browser or worker: the global scope's own `online` events plus the pages' NETWORK_CHANNEL messages. Node's
 * globalThis fires no events, and there a channel would only keep the process alive: none.
 */
function defaultOnlineEvents(): OnlineEvents | null {
	const scope = globalThis as { addEventListener?: unknown };
	if (typeof scope.addEventListener !== 'function') return null;
	return {
		addEventListener(type, listener) {
			(globalThis as unknown as OnlineEvents).addEventListener(type, listener);
			if (typeof BroadcastChannel !== 'function') return;
			// Kept alive by its listener (HTML §9.5 "Broadcasting to other browsing contexts": not collected while
			// it has message listeners), for the life of the queue.
			new BroadcastChannel(NETWORK_CHANNEL).onmessage = (event: MessageEvent) => {
				if (event.data === type) listener();
			};
		}
	};
}

/** An in-memory OutboxStore: for tests and for a browser without IndexedDB (then nothing survives a reload). */
export class MemoryOutboxStore implements OutboxStore {
	private items = new Map<number, OutboxItem>();
	private nextKey = 1;

	async put(item: OutboxItem): Promise<number> {
		const key = this.nextKey++;
		this.items.set(key, { ...item, key });
		return key;
	}

	async update(item: OutboxItem): Promise<void> {
		if (item.key !== undefined && this.items.has(item.key)) this.items.set(item.key, { ...item });
	}

	async delete(key: number): Promise<void> {
		this.items.delete(key);
	}

	async all(): Promise<OutboxItem[]> {
		return [...this.items.values()].sort((a, b) => a.key! - b.key!);
	}
}
