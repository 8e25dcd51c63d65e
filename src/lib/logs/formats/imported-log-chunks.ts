import type { ChunkChannel } from '../chunk-format';
import { ChunkRecorder, type RecordedChunk } from '../recorder';
import {
	uniqueChannelNames,
	type ImportedLog,
	type LogMarker,
	type LogSink,
	type LogStart
} from './imported-log';

export interface ImportChunkOptions {
	/** Chunk length. @default 1_000_000 (1 s, as the recorder cuts) */
	chunkUs?: number;
}

function chunkLength(options: ImportChunkOptions): number {
	const chunkUs = options.chunkUs ?? 1_000_000;
	if (!Number.isInteger(chunkUs) || chunkUs <= 0)
		throw new TypeError(`chunkUs must be a positive integer, got ${chunkUs}`);
	return chunkUs;
}

/**
 * Cuts an imported log into the recorder's chunks (1 s slices, µs offsets from the slice start, float32 values,
 * numbered from 0 with no gaps, a slice with no sample still emitted), so the upload path stores an import
 * exactly like a recording.
 */
export function* chunksFromImportedLog(
	log: ImportedLog,
	options: ImportChunkOptions = {}
): Generator<RecordedChunk> {
	const chunkUs = chunkLength(options);
	let lastUs = -1;
	for (const c of log.channels) {
		if (c.t.length > 0) lastUs = Math.max(lastUs, Math.round(c.t[c.t.length - 1]));
	}
	if (lastUs < 0) return;
	const cursor = new Uint32Array(log.channels.length);
	for (let seq = 0, start = 0; start <= lastUs; seq++, start += chunkUs) {
		const end = start + chunkUs;
		const channels: ChunkChannel[] = [];
		log.channels.forEach((c, i) => {
			const from = cursor[i];
			let to = from;
			while (to < c.t.length && Math.round(c.t[to]) < end) to++;
			if (to === from) return;
			const offsets = new Uint32Array(to - from);
			for (let k = from; k < to; k++) offsets[k - from] = Math.round(c.t[k]) - start;
			channels.push({ name: c.name, t0Us: start, offsets, values: c.v.slice(from, to) });
			cursor[i] = to;
		});
		yield { seq, channels };
	}
}

/**
 * A {@link LogSink} that cuts rows into recorder chunks as they stream in (through {@link ChunkRecorder}), for
 * files too large to hold as an {@link ImportedLog}. Markers are kept in {@link markers}: chunks carry samples only.
 */
export class ChunkingSink implements LogSink {
	readonly markers: LogMarker[] = [];
	channelNames: string[] = [];
	private recorder: ChunkRecorder | null = null;
	private readonly chunkUs: number;
	private readonly onChunk: (chunk: RecordedChunk) => void;

	constructor(options: ImportChunkOptions & { onChunk(chunk: RecordedChunk): void }) {
		if (typeof options.onChunk !== 'function')
			throw new TypeError('ChunkingSink needs an onChunk() callback');
		this.chunkUs = chunkLength(options);
		this.onChunk = options.onChunk;
	}

	begin(start: LogStart): void {
		if (this.recorder) throw new Error('ChunkingSink.begin() called twice');
		this.channelNames = uniqueChannelNames(start.channels.map((c) => c.name));
		this.recorder = new ChunkRecorder({
			channels: this.channelNames.length > 0 ? this.channelNames : ['(none)'],
			chunkUs: this.chunkUs,
			onChunk: this.onChunk
		});
		this.recorder.start(0);
	}

	row(tUs: number, values: ArrayLike<number>, present?: ArrayLike<number>): void {
		const recorder = this.recorder;
		if (!recorder) throw new Error('ChunkingSink.row() before begin()');
		const t = Math.round(tUs);
		for (let i = 0; i < this.channelNames.length; i++) {
			if (present === undefined || present[i] !== 0) recorder.append(i, t, values[i]);
		}
	}

	marker(marker: LogMarker): void {
		this.markers.push(marker);
	}

	end(): void {
		this.recorder?.stop();
	}
}
