import type { CanFrame, CompiledDbc } from '../hardware';
import {
	SafetyEngine,
	signalPeriodsUs,
	signalRanges,
	type SafetyProfile,
	type SafetyVerdict
} from '../safety';
import { ChunkRecorder, type RecordedChunk } from '../logs/recorder';
import { ChannelRing } from './channel-ring';

/**
 * The hot path inside the adapter's worker (ARCHITECTURE.md "Data flow"): frame → DBC decode (or a polled
 * source's named samples) → ring buffers, safety verdicts and the recorder, all synchronously in one call so the
 * verdict never waits on another thread.
 */
export interface ChannelInfo {
	name: string;
	unit: string;
	min?: number;
	max?: number;
}

export interface LiveSnapshot {
	/** Newest sample time, µs on the adapter clock. */
	nowUs: number;
	windowUs: number;
	channels: { name: string; t: Float64Array; v: Float32Array }[];
	latest: Record<string, number>;
	/** Rules not at `ok` right now (or latched), worst first. */
	alarms: SafetyVerdict[];
	/** Frames (CAN sources) or sample rounds (polled sources) per second, measured on the adapter clock. */
	framesPerSecond: number;
	frames: number;
	unknownFrames: number;
}

export interface LivePipelineOptions {
	/** Decodes CAN frames; channels are its signals. Omit for polled sources and pass `channels`. */
	dbc?: CompiledDbc;
	/** The channels a polled source (OBD PIDs, TunerStudio output channels) delivers by index. */
	channels?: readonly ChannelInfo[];
	/** Expected period per channel, µs, for the safety engine's stale-data watchdog. */
	periodsUs?: Readonly<Record<string, number>>;
	/** The safety profile judged on every sample. Without one, no rules run. */
	profile?: SafetyProfile;
	/** Samples kept per channel. @default 65536 (a minute at 1 kHz) */
	ringCapacity?: number;
	onVerdict?(verdict: SafetyVerdict): void;
}

export class LivePipeline {
	readonly channels: ChannelInfo[];
	readonly safety: SafetyEngine | undefined;
	private readonly dbc: CompiledDbc | undefined;
	private readonly rings: ChannelRing[];
	private readonly scratch: Float64Array;
	private recorder: ChunkRecorder | undefined;
	private frameCount = 0;
	private unknown = 0;
	private lastUs = 0;
	private rateWindowStartUs = -1;
	private rateWindowFrames = 0;
	private rate = 0;

	constructor(options: LivePipelineOptions) {
		if (!options.dbc && !options.channels)
			throw new TypeError(
				'LivePipeline needs a DBC (CAN sources) or a channel list (polled sources)'
			);
		this.dbc = options.dbc;
		this.channels = options.dbc ? channelInfos(options.dbc) : [...options.channels!];
		const capacity = options.ringCapacity ?? 65_536;
		this.rings = this.channels.map(() => new ChannelRing(capacity));
		this.scratch = new Float64Array(this.channels.length);
		this.safety = options.profile
			? new SafetyEngine({
					profile: options.profile,
					channels: this.channels.map((c) => c.name),
					periodsUs:
						options.periodsUs ??
						(options.dbc ? signalPeriodsUs(this.channels, options.dbc.messages) : undefined),
					// Readings outside the DBC's [min|max] are sensor faults (an open circuit reads 0x8000), not values.
					ranges: signalRanges(this.channels),
					onVerdict: options.onVerdict
				})
			: undefined;
	}

	get lastFrameUs(): number {
		return this.lastUs;
	}

	/** One CAN frame from the adapter; decoded with the DBC. Frames on a polled pipeline are ignored. */
	ingest(frame: CanFrame): void {
		const message = this.dbc?.message(frame.id, frame.extended);
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
			this.accept(i, frame.timestampUs, value);
		}
	}

	/**
	 * One round of a polled source: `values[k]` is channel `indexes[k]`'s reading at `tUs`. NaN means the ECU did
	 * not answer that channel this round; it is skipped, so the watchdog, not a stale value, speaks for it.
	 */
	ingestRound(tUs: number, indexes: ArrayLike<number>, values: ArrayLike<number>): void {
		this.frameCount++;
		this.lastUs = tUs;
		this.countRate(tUs);
		for (let k = 0; k < indexes.length; k++) {
			const i = indexes[k];
			const value = values[k];
			if (i < 0 || i >= this.rings.length || Number.isNaN(value)) continue;
			this.accept(i, tUs, value);
		}
	}

	/** Lets the watchdog run between samples (a channel that stopped is only noticed when time moves on). */
	tick(tUs: number): void {
		this.safety?.tick(tUs);
	}

	private accept(i: number, tUs: number, value: number): void {
		this.rings[i].push(tUs, value);
		this.recorder?.append(i, tUs, value);
		this.safety?.sample(i, value, tUs);
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
			alarms: this.safety?.active() ?? [],
			framesPerSecond: this.rate,
			frames: this.frameCount,
			unknownFrames: this.unknown
		};
	}

	/** Data is no longer trusted (adapter gone): every rule moves to its defined disconnected state. */
	invalidate(): void {
		this.safety?.disconnect(this.lastUs);
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
