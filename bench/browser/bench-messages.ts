// What the browser latency bench's node runner, page and worker say to each other.

export interface BrowserBenchConfig {
	/** Discarded: JIT warm-up, the first verdicts, the watchdog's start-up grace. */
	warmupMs: number;
	/** The measured window. */
	durationMs: number;
}

export interface LatencySummary {
	count: number;
	/** µs */
	p50: number;
	p99: number;
	max: number;
	min: number;
}

/** Page → worker. `handoff` holds the page's hand-off time of IN transfer n at n mod its length (absolute ms). */
export type ToWorker =
	| {
			type: 'start';
			port: MessagePort;
			handoff: SharedArrayBuffer | null;
			config: BrowserBenchConfig;
	  }
	| { type: 'snapshot' };

export interface WorkerResult {
	/** From the relay message carrying the frame landing in the worker to the verdict event. */
	arrival: LatencySummary;
	/** From the page handing the frame's transfer to the relay: adds the hop and any wait behind worker work. */
	handoff: LatencySummary | null;
	/** Frames whose hand-off slot named another frame (the figure above is then withheld). */
	handoffOutOfStep: number;
	verdicts: number;
	frames: number;
	framesPerSecond: number;
	relayMessages: number;
	largestBatch: number;
	snapshots: { count: number; p50Ms: number; maxMs: number };
	rxOverflows: number;
	crossOriginIsolated: boolean;
}

export type FromWorker =
	| { type: 'snapshot' }
	| { type: 'result'; result: WorkerResult }
	| { type: 'error'; message: string };

export interface BrowserBenchResult extends WorkerResult {
	pageIsolated: boolean;
	/** `atMs`: when each began, from the start of the run (warm-up included). */
	longTasks: { count: number; longestMs: number; atMs: number[] };
	longestFrameGapMs: number;
	animationFrames: number;
	droppedByEmulator: number;
}

/** Nearest-rank percentiles of the first `n` values (ms in, µs out). Sorts in place. */
export function summarize(values: Float64Array, n: number): LatencySummary {
	const sorted = values.subarray(0, n).sort();
	const rank = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))] * 1000;
	if (n === 0) return { count: 0, p50: NaN, p99: NaN, max: NaN, min: NaN };
	return {
		count: n,
		p50: rank(0.5),
		p99: rank(0.99),
		max: sorted[n - 1] * 1000,
		min: sorted[0] * 1000
	};
}
