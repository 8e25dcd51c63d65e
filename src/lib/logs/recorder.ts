import type { Chunk, ChunkChannel } from './chunk-format';

/**
 * Cuts a live sample stream into fixed-length chunks (ARCHITECTURE.md "Recording is loss-proof"): each chunk holds,
 * per channel, the samples whose time falls in [t0, t0 + chunkUs) as µs offsets from the chunk start and float32
 * values. Chunks are numbered from 0 with no gaps; (log id, seq) is the upload's idempotency key.
 */
export type RecordedChunk = Chunk;

export interface ChunkRecorderOptions {
	channels: readonly string[];
	/** Chunk length. @default 1_000_000 (1 s: one row per channel-second) */
	chunkUs?: number;
	onChunk(chunk: RecordedChunk): void;
}

class Growable {
	offsets = new Uint32Array(256);
	values = new Float32Array(256);
	n = 0;

	push(offset: number, value: number): void {
		if (this.n === this.values.length) {
			const offsets = new Uint32Array(this.n * 2);
			const values = new Float32Array(this.n * 2);
			offsets.set(this.offsets);
			values.set(this.values);
			this.offsets = offsets;
			this.values = values;
		}
		this.offsets[this.n] = offset;
		this.values[this.n] = value;
		this.n++;
	}

	take(): { offsets: Uint32Array; values: Float32Array } {
		const out = { offsets: this.offsets.slice(0, this.n), values: this.values.slice(0, this.n) };
		this.n = 0;
		return out;
	}
}

export class ChunkRecorder {
	readonly chunkUs: number;
	private readonly names: readonly string[];
	private readonly buffers: Growable[];
	private readonly onChunk: (chunk: RecordedChunk) => void;
	private startUs = 0;
	private chunkStartUs = 0;
	private seq = 0;
	private running = false;
	private total = 0;
	/** Samples dropped because they were timed before the chunk being filled. */
	lateSamples = 0;

	constructor(options: ChunkRecorderOptions) {
		if (options.channels.length === 0)
			throw new TypeError('ChunkRecorder needs at least one channel');
		this.chunkUs = options.chunkUs ?? 1_000_000;
		if (!(this.chunkUs > 0)) throw new TypeError(`chunkUs must be positive, got ${this.chunkUs}`);
		this.names = options.channels;
		this.buffers = options.channels.map(() => new Growable());
		this.onChunk = options.onChunk;
	}

	get recording(): boolean {
		return this.running;
	}

	/** Samples recorded so far, including those not yet cut into a chunk. */
	get samples(): number {
		return this.total;
	}

	get chunksEmitted(): number {
		return this.seq;
	}

	start(timeUs: number): void {
		this.startUs = timeUs;
		this.chunkStartUs = 0;
		this.seq = 0;
		this.total = 0;
		this.lateSamples = 0;
		this.running = true;
	}

	/** `channel` is the index into the constructor's channel list; `timeUs` is on the same clock as start(). */
	append(channel: number, timeUs: number, value: number): void {
		if (!this.running) return;
		const rel = timeUs - this.startUs;
		// A sample older than the open chunk (an adapter clock that stepped back) cannot be stored there: its offset
		// would wrap in the Uint32Array. It is counted, not silently mis-timed.
		if (rel < this.chunkStartUs) {
			this.lateSamples++;
			return;
		}
		while (rel >= this.chunkStartUs + this.chunkUs) this.cut();
		this.buffers[channel].push(Math.round(rel - this.chunkStartUs), value);
		this.total++;
	}

	/** Emits the chunk covering `timeUs` when time has moved past it (call on a timer so quiet channels still cut). */
	advance(timeUs: number): void {
		if (!this.running) return;
		const rel = timeUs - this.startUs;
		while (rel >= this.chunkStartUs + this.chunkUs) this.cut();
	}

	/** Ends the recording, emitting the partial last chunk if it holds any sample. */
	stop(): void {
		if (!this.running) return;
		if (this.buffers.some((b) => b.n > 0)) this.cut();
		this.running = false;
	}

	private cut(): void {
		const channels: ChunkChannel[] = [];
		this.buffers.forEach((buffer, i) => {
			if (buffer.n === 0) return;
			channels.push({ name: this.names[i], t0Us: this.chunkStartUs, ...buffer.take() });
		});
		const seq = this.seq++;
		this.chunkStartUs += this.chunkUs;
		this.onChunk({ seq, channels });
	}
}
