import { CHUNK_LIMITS } from '../chunk-format';

/**
 * The one shape every log importer produces, whatever the file format, so an imported file is an ordinary log:
 * the same charts, safety report, dyno and analytics as a recording. Times follow the recorder's convention
 * (recorder.ts): microseconds since the log started.
 */
export interface ImportedChannel {
	name: string;
	unit: string;
	/** µs since the log started, non-decreasing. Channels sampled together share one array instance. */
	t: Float64Array;
	/** One value per time, as float32 like the chunk format stores them. */
	v: Float32Array;
}

export interface LogMarker {
	/** µs since the log started. */
	tUs: number;
	text: string;
}

export type LogSourceFormat = 'mlg' | 'tunerstudio-csv' | 'csv';

export interface ImportedLog {
	format: LogSourceFormat;
	/** Wall-clock start when the file records it. */
	startedAt: Date | null;
	/** Free text the file carries (ECU signature, capture notes). */
	info: string;
	channels: ImportedChannel[];
	markers: LogMarker[];
}

export interface ChannelDef {
	name: string;
	unit: string;
}

export interface LogStart {
	format: LogSourceFormat;
	startedAt: Date | null;
	info: string;
	/** Channel names as the file has them; sinks make them unique and storable. */
	channels: readonly ChannelDef[];
}

/**
 * What importers write into: the header once, then rows in time order, then end. A row holds one value per
 * channel; `present[i] === 0` means channel i has no sample in this row (an empty CSV cell). Both arrays may be
 * reused by the caller after the call returns.
 */
export interface LogSink {
	begin(start: LogStart): void;
	row(tUs: number, values: ArrayLike<number>, present?: ArrayLike<number>): void;
	marker(marker: LogMarker): void;
	end(): void;
}

const utf8 = new TextEncoder();

/**
 * Makes names storable and unique: trimmed, cut to the chunk format's byte limit on a character boundary,
 * "(2)", "(3)", … appended to repeats, "channel N" for blanks.
 */
export function uniqueChannelNames(names: readonly string[]): string[] {
	const seen = new Set<string>();
	return names.map((raw, i) => {
		const base = truncateUtf8(raw.trim() || `channel ${i + 1}`, CHUNK_LIMITS.maxNameBytes);
		let name = base;
		for (let n = 2; seen.has(name); n++) {
			const suffix = ` (${n})`;
			name = truncateUtf8(base, CHUNK_LIMITS.maxNameBytes - suffix.length) + suffix;
		}
		seen.add(name);
		return name;
	});
}

export function truncateUtf8(text: string, maxBytes: number): string {
	if (utf8.encode(text).length <= maxBytes) return text;
	let out = '';
	let bytes = 0;
	for (const ch of text) {
		const n = utf8.encode(ch).length;
		if (bytes + n > maxBytes) break;
		out += ch;
		bytes += n;
	}
	return out;
}

class GrowableF64 {
	data: Float64Array;
	n = 0;
	constructor(capacity = 1024) {
		this.data = new Float64Array(capacity);
	}
	push(x: number): void {
		if (this.n === this.data.length) {
			const grown = new Float64Array(this.n * 2);
			grown.set(this.data);
			this.data = grown;
		}
		this.data[this.n++] = x;
	}
	take(): Float64Array {
		return this.data.slice(0, this.n);
	}
}

class GrowableF32 {
	data: Float32Array;
	n = 0;
	constructor(capacity = 1024) {
		this.data = new Float32Array(capacity);
	}
	push(x: number): void {
		if (this.n === this.data.length) {
			const grown = new Float32Array(this.n * 2);
			grown.set(this.data);
			this.data = grown;
		}
		this.data[this.n++] = x;
	}
	take(): Float32Array {
		return this.data.slice(0, this.n);
	}
}

/**
 * A {@link LogSink} that keeps everything in memory as an {@link ImportedLog}. A channel present in every row
 * shares the row time array with the others; one with gaps gets its own from its first gap on.
 */
export class ImportedLogBuilder implements LogSink {
	private start: LogStart | null = null;
	private names: string[] = [];
	private times = new GrowableF64();
	private values: GrowableF32[] = [];
	/** Per channel: its own times once it has missed a row, else null (it uses `times`). */
	private ownTimes: (GrowableF64 | null)[] = [];
	private markers: LogMarker[] = [];
	private done: ImportedLog | null = null;

	begin(start: LogStart): void {
		if (this.start) throw new Error('ImportedLogBuilder.begin() called twice');
		this.start = start;
		this.names = uniqueChannelNames(start.channels.map((c) => c.name));
		this.values = start.channels.map(() => new GrowableF32());
		this.ownTimes = start.channels.map(() => null);
	}

	row(tUs: number, values: ArrayLike<number>, present?: ArrayLike<number>): void {
		const rowIndex = this.times.n;
		this.times.push(tUs);
		for (let i = 0; i < this.values.length; i++) {
			const has = present === undefined || present[i] !== 0;
			let own = this.ownTimes[i];
			if (!has && own === null) {
				// First gap: from here on this channel keeps its own times, starting with the rows it had.
				own = new GrowableF64(Math.max(1024, rowIndex * 2));
				own.data.set(this.times.data.subarray(0, rowIndex));
				own.n = rowIndex;
				this.ownTimes[i] = own;
			}
			if (!has) continue;
			own?.push(tUs);
			this.values[i].push(values[i]);
		}
	}

	marker(marker: LogMarker): void {
		this.markers.push(marker);
	}

	end(): void {
		if (!this.start) throw new Error('ImportedLogBuilder.end() before begin()');
		if (this.done) return;
		const shared = this.times.take();
		this.done = {
			format: this.start.format,
			startedAt: this.start.startedAt,
			info: this.start.info,
			channels: this.names.map((name, i) => ({
				name,
				unit: this.start!.channels[i].unit,
				t: this.ownTimes[i]?.take() ?? shared,
				v: this.values[i].take()
			})),
			markers: this.markers
		};
	}

	/** Whether end() has been called. */
	get finished(): boolean {
		return this.done !== null;
	}

	/** The finished log; call after end(). */
	build(): ImportedLog {
		if (!this.done) throw new Error('ImportedLogBuilder.build() before end()');
		return this.done;
	}
}
