import { and, eq } from 'drizzle-orm';
import type { RecordedChunk } from '../../logs/recorder';
import { ChunkingSink, type LogSink, type LogStart } from '../../logs/formats';
import type { Db } from '../db';
import { log, type LogChannelMeta } from '../db/schema';
import { ensureLog, ingestChunk } from '../timeseries';

export interface LogChunkWriterOptions {
	db: Db;
	shopId: string;
	createdBy: string | null;
	name: string;
	/** Chunks being stored at once. */
	inFlight: number;
}

/** LogCreateSchema's cap on a unit (schemas/log.ts), so an import declares what a recording could. */
const MAX_UNIT_CHARS = 32;

/**
 * Turns an importer's rows into a stored log through the recorder's path: a {@link ChunkingSink} cuts 1 s
 * chunks, and each goes through `ingestChunk` exactly as an uploaded recording chunk does, so the imported log
 * is an ordinary one. The sink is synchronous and the database is not, so chunks queue until {@link flush},
 * which the import calls between pieces of the upload: the queue never holds more than one piece's worth.
 */
export class LogChunkWriter {
	readonly sink: LogSink;
	logId: string | null = null;
	/** Rows the importer has written, stored or queued. */
	rows = 0;
	samples = 0;
	channelCount = 0;
	private readonly options: LogChunkWriterOptions;
	private readonly chunking: ChunkingSink;
	private start: LogStart | null = null;
	private queue: RecordedChunk[] = [];
	private readonly inFlight = new Set<Promise<void>>();
	private failure: { error: unknown } | null = null;
	private min: Float64Array = new Float64Array(0);
	private max: Float64Array = new Float64Array(0);
	private index = new Map<string, number>();

	constructor(options: LogChunkWriterOptions) {
		this.options = options;
		this.chunking = new ChunkingSink({ onChunk: (chunk) => this.queue.push(chunk) });
		this.sink = {
			begin: (start) => {
				this.chunking.begin(start);
				this.start = start;
				this.index = new Map(this.chunking.channelNames.map((name, i) => [name, i]));
				this.channelCount = start.channels.length;
				this.min = new Float64Array(start.channels.length).fill(Infinity);
				this.max = new Float64Array(start.channels.length).fill(-Infinity);
			},
			row: (tUs, values, present) => {
				this.chunking.row(tUs, values, present);
				this.rows++;
			},
			marker: (marker) => this.chunking.marker(marker),
			end: () => this.chunking.end()
		};
	}

	get markers(): number {
		return this.chunking.markers.length;
	}

	/** Whether the importer got as far as the channel list. */
	get started(): boolean {
		return this.start !== null;
	}

	/** Creates the log once the channels are known, then stores the queued chunks (bounded concurrency). */
	async flush(): Promise<void> {
		this.throwIfFailed();
		if (!this.start) return;
		if (!this.logId) await this.createLog(this.start);
		const chunks = this.queue;
		this.queue = [];
		for (const chunk of chunks) {
			// A slice with no sample stores nothing; its receipt row would only cost space.
			if (chunk.channels.length === 0) continue;
			this.track(chunk);
			const stored = ingestChunk(this.options.db, {
				shopId: this.options.shopId,
				logId: this.logId!,
				seq: chunk.seq,
				channels: chunk.channels
			}).then(
				() => {},
				(error: unknown) => {
					this.failure ??= { error };
				}
			);
			const tracked = stored.finally(() => this.inFlight.delete(tracked));
			this.inFlight.add(tracked);
			if (this.inFlight.size >= this.options.inFlight) await Promise.race(this.inFlight);
			this.throwIfFailed();
		}
	}

	/** Stores what is left, waits for every chunk's commit and records the measured ranges. */
	async finish(): Promise<void> {
		await this.flush();
		await Promise.all(this.inFlight);
		this.throwIfFailed();
		if (!this.logId) return;
		const names = this.chunking.channelNames;
		const channels: LogChannelMeta[] = names.map((name, i) => ({
			name,
			unit: this.unit(i),
			min: Number.isFinite(this.min[i]) ? this.min[i] : 0,
			max: Number.isFinite(this.max[i]) ? this.max[i] : 0
		}));
		await this.options.db
			.update(log)
			.set({ channels })
			.where(and(eq(log.id, this.logId), eq(log.shopId, this.options.shopId)));
	}

	/** Removes the log and everything stored of it (the import failed or was refused). */
	async discard(): Promise<void> {
		this.queue = [];
		await Promise.allSettled(this.inFlight);
		if (!this.logId) return;
		await this.options.db
			.delete(log)
			.where(and(eq(log.id, this.logId), eq(log.shopId, this.options.shopId)));
		this.logId = null;
	}

	private async createLog(start: LogStart): Promise<void> {
		if (start.channels.length === 0) throw new TypeError('the file declares no channels');
		const { log: row } = await ensureLog(this.options.db, {
			id: crypto.randomUUID(),
			shopId: this.options.shopId,
			createdBy: this.options.createdBy,
			name: this.options.name,
			startedAt: start.startedAt ?? new Date(),
			// Display ranges are not in the file; finish() replaces these with the ranges measured on import.
			channels: this.chunking.channelNames.map((name, i) => ({
				name,
				unit: this.unit(i),
				min: 0,
				max: 0
			}))
		});
		this.logId = row.id;
	}

	private unit(i: number): string {
		return (this.start?.channels[i]?.unit ?? '').trim().slice(0, MAX_UNIT_CHARS);
	}

	private track(chunk: RecordedChunk): void {
		for (const c of chunk.channels) {
			const i = this.index.get(c.name)!;
			this.samples += c.values.length;
			for (const x of c.values) {
				if (x < this.min[i]) this.min[i] = x;
				if (x > this.max[i]) this.max[i] = x;
			}
		}
	}

	private throwIfFailed(): void {
		if (this.failure) throw this.failure.error;
	}
}
