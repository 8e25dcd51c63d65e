/**
 * The durable outbox between the recorder and the server (ARCHITECTURE.md "Recording is loss-proof"). Every item is
 * written to the store before anything is sent, is deleted only after the server acknowledged its commit, and is
 * retried with capped exponential backoff on network failures, 5xx, 408, 409 and 429. Other 4xx answers mean the item
 * itself is wrong: it is kept and reported as rejected, never silently dropped.
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
}

export interface UploadQueueOptions {
	store: OutboxStore;
	fetch: typeof fetch;
	/** First retry delay. @default 250 */
	baseDelayMs?: number;
	/** @default 30_000 */
	maxDelayMs?: number;
	onStatus?(status: UploadStatus): void;
	sleep?(ms: number): Promise<void>;
}

const RETRYABLE = new Set([408, 409, 425, 429]);

export class UploadQueue {
	private readonly options: Required<Omit<UploadQueueOptions, 'onStatus'>> &
		Pick<UploadQueueOptions, 'onStatus'>;
	private pumping: Promise<void> | undefined;
	private stopped = false;
	private status: UploadStatus = {
		pending: 0,
		pendingSamples: 0,
		rejected: 0,
		uploading: false,
		uploadedChunks: 0
	};

	constructor(options: UploadQueueOptions) {
		this.options = {
			baseDelayMs: 250,
			maxDelayMs: 30_000,
			sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
			...options
		};
	}

	async enqueue(item: Omit<OutboxItem, 'key' | 'attempts'>): Promise<void> {
		await this.options.store.put({ ...item, attempts: 0 });
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

	stop(): void {
		this.stopped = true;
	}

	current(): UploadStatus {
		return { ...this.status };
	}

	async refresh(): Promise<UploadStatus> {
		const items = await this.options.store.all();
		const live = items.filter((i) => !i.rejected);
		this.status.pending = live.length;
		this.status.pendingSamples = live.reduce((n, i) => n + i.samples, 0);
		this.status.rejected = items.length - live.length;
		this.options.onStatus?.(this.current());
		return this.current();
	}

	private async pump(): Promise<void> {
		this.stopped = false;
		this.status.uploading = true;
		try {
			let delay = this.options.baseDelayMs;
			while (!this.stopped) {
				const next = (await this.options.store.all()).find((i) => !i.rejected);
				if (!next) break;
				const outcome = await this.send(next);
				if (outcome === 'done') {
					await this.options.store.delete(next.key!);
					if (next.id.startsWith('chunk:')) this.status.uploadedChunks++;
					this.status.lastError = undefined;
					delay = this.options.baseDelayMs;
				} else if (outcome === 'rejected') {
					await this.options.store.update(next);
				} else {
					next.attempts++;
					await this.options.store.update(next);
					this.options.onStatus?.(this.current());
					await this.options.sleep(delay * (0.5 + Math.random()));
					delay = Math.min(delay * 2, this.options.maxDelayMs);
				}
				await this.refresh();
			}
		} finally {
			this.status.uploading = false;
			await this.refresh();
		}
	}

	private async send(item: OutboxItem): Promise<'done' | 'retry' | 'rejected'> {
		let response: Response;
		try {
			response = await this.options.fetch(item.url, {
				method: item.method,
				headers: { 'content-type': item.contentType, 'idempotency-key': item.id },
				body: item.body
			});
		} catch (err) {
			this.status.lastError = `network: ${(err as Error).message}`;
			return 'retry';
		}
		if (response.ok) return 'done';
		const message = await response.text().catch(() => '');
		if (response.status >= 500 || RETRYABLE.has(response.status)) {
			this.status.lastError = `HTTP ${response.status}`;
			return 'retry';
		}
		item.rejected = { status: response.status, message: message.slice(0, 500) };
		this.status.lastError = `rejected: HTTP ${response.status}`;
		return 'rejected';
	}
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
