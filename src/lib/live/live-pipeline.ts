import { type CanFrame, type CompiledDbc } from '../hardware';
import { BoundsChecker, type BoundsRule, type ChannelVerdict } from '../safety/bounds';
import { ChunkRecorder, type RecordedChunk } from '../logs/recorder';
import { ChannelRing } from './channel-ring';

/**
 * The hot path inside the adapter's worker (ARCHITECTURE.md "Data flow"): frame → DBC decode → ring buffers,
 * bounds verdicts and the recorder, all synchronously in one call so the verdict never waits on another thread.
 */
export interface ChannelInfo {
	name: string;
	unit: string;
	min?: number;
	max?: number;
}

export interface LiveSnapshot {
	/** Newest frame time, µs on the adapter clock. */
	nowUs: number;
	windowUs: number;
	channels: { name: string; t: Float64Array; v: Float32Array }[];
	latest: Record<string, number>;
	alarms: ChannelVerdict[];
	framesPerSecond: number;
	frames: number;
	unknownFrames: number;
}

export interface LivePipelineOptions {
	dbc: CompiledDbc;
	rules?: readonly BoundsRule[];
	/** Samples kept per channel. @default 65536 (a minute at 1 kHz) */
	ringCapacity?: number;
	onVerdict?(verdict: ChannelVerdict): void;
}

export class LivePipeline {
	readonly channels: ChannelInfo[];
	private readonly dbc: CompiledDbc;
	private readonly rings: ChannelRing[];
	private readonly scratch: Float64Array;
	private readonly bounds: BoundsChecker;
	private readonly onVerdict?: (verdict: ChannelVerdict) => void;
	private recorder: ChunkRecorder | undefined;
	private frameCount = 0;
	private unknown = 0;
	private lastUs = 0;
	private rateWindowStartUs = -1;
	private rateWindowFrames = 0;
	private rate = 0;

	constructor(options: LivePipelineOptions) {
		this.dbc = options.dbc;
		this.channels = channelInfos(options.dbc);
		const capacity = options.ringCapacity ?? 65_536;
		this.rings = this.channels.map(() => new ChannelRing(capacity));
		this.scratch = new Float64Array(this.channels.length);
		this.bounds = new BoundsChecker(options.rules ?? []);
		this.onVerdict = options.onVerdict;
	}

	get lastFrameUs(): number {
		return this.lastUs;
	}

	ingest(frame: CanFrame): void {
		const message = this.dbc.message(frame.id, frame.extended);
		this.frameCount++;
		this.lastUs = frame.timestampUs;
		this.countRate(frame.timestampUs);
		if (!message || !message.decodeInto(frame.data, this.scratch)) {
			this.unknown++;
			return;
		}
		const indexes = message.signalIndexes;
		for (let k = 0; k < indexes.length; k++) {
			const i = indexes[k];
			const value = this.scratch[i];
			if (Number.isNaN(value)) continue;
			this.rings[i].push(frame.timestampUs, value);
			this.recorder?.append(i, frame.timestampUs, value);
			const verdict = this.bounds.check(this.channels[i].name, value, frame.timestampUs);
			if (verdict) this.onVerdict?.(verdict);
		}
	}

	/** Starts cutting chunks from the next sample on; replaces any recording in progress. */
	startRecording(onChunk: (chunk: RecordedChunk) => void, chunkUs?: number): void {
		this.recorder = new ChunkRecorder({
			channels: this.channels.map((c) => c.name),
			chunkUs,
			onChunk
		});
		this.recorder.start(this.lastUs);
	}

	stopRecording(): { samples: number; chunks: number } {
		const recorder = this.recorder;
		if (!recorder) return { samples: 0, chunks: 0 };
		recorder.stop();
		this.recorder = undefined;
		return { samples: recorder.samples, chunks: recorder.chunksEmitted };
	}

	get recordingSamples(): number {
		return this.recorder?.samples ?? 0;
	}

	snapshot(windowUs: number, buckets: number, only?: readonly string[]): LiveSnapshot {
		const from = this.lastUs - windowUs;
		const latest: Record<string, number> = {};
		const channels: LiveSnapshot['channels'] = [];
		this.channels.forEach((info, i) => {
			const last = this.rings[i].last();
			if (last) latest[info.name] = last.v;
			if (only && !only.includes(info.name)) return;
			const d = this.rings[i].decimated(from, this.lastUs, buckets);
			channels.push({ name: info.name, t: Float64Array.from(d.t), v: Float32Array.from(d.v) });
		});
		return {
			nowUs: this.lastUs,
			windowUs,
			channels,
			latest,
			alarms: this.bounds.active(),
			framesPerSecond: this.rate,
			frames: this.frameCount,
			unknownFrames: this.unknown
		};
	}

	/** Data is no longer trusted (adapter gone): drop verdicts so no stale alarm or value is shown as current. */
	invalidate(): void {
		this.bounds.reset();
	}

	private countRate(tUs: number): void {
		if (this.rateWindowStartUs < 0 || tUs < this.rateWindowStartUs) {
			this.rateWindowStartUs = tUs;
			this.rateWindowFrames = 0;
		}
		this.rateWindowFrames++;
		const elapsed = tUs - this.rateWindowStartUs;
		if (elapsed >= 500_000) {
			this.rate = (this.rateWindowFrames * 1e6) / elapsed;
			this.rateWindowStartUs = tUs;
			this.rateWindowFrames = 0;
		}
	}
}

function channelInfos(dbc: CompiledDbc): ChannelInfo[] {
	const counts = new Map<string, number>();
	for (const s of dbc.signals) counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
	return dbc.signals.map((s) => ({
		name: (counts.get(s.name) ?? 0) > 1 ? `${s.messageName}.${s.name}` : s.name,
		unit: s.unit ?? '',
		min: s.min,
		max: s.max
	}));
}
