/** One channel of a recorded log: sample times (µs since the log started, ascending) and values. */
export interface ChannelSamples {
	t: ArrayLike<number>;
	v: ArrayLike<number>;
}

export interface PullOptions {
	/** Throttle at or above this starts wide-open throttle, %. @default 90 */
	wotPct?: number;
	/** Throttle below this ends it (hysteresis, so a wobbling pedal is one pull). @default 80 */
	releasePct?: number;
	/** A shorter stab is not a pull. @default 1 s */
	minDurationUs?: number;
	/** Rpm must rise at least this much from start to end. @default 500 */
	minRiseRpm?: number;
}

export interface PullSpan {
	startUs: number;
	endUs: number;
	rpmStart: number;
	rpmEnd: number;
}

/**
 * Pulls: spans of wide-open throttle during which the engine speed rose (a dyno or road pull through a gear),
 * as distinct from holding full throttle up a hill or bouncing on the limiter in neutral. Rpm at a time is its
 * latest sample at or before it.
 */
export function detectPulls(
	throttle: ChannelSamples,
	rpm: ChannelSamples,
	options: PullOptions = {}
): PullSpan[] {
	const wot = options.wotPct ?? 90;
	const release = options.releasePct ?? 80;
	const minDuration = options.minDurationUs ?? 1_000_000;
	const minRise = options.minRiseRpm ?? 500;
	const spans: PullSpan[] = [];
	const rpmAt = heldLookup(rpm);
	let start = Number.NaN;
	let last = Number.NaN;
	const close = (end: number) => {
		const rpmStart = rpmAt(start);
		const rpmEnd = rpmAt(end);
		if (end - start >= minDuration && rpmEnd - rpmStart >= minRise)
			spans.push({ startUs: start, endUs: end, rpmStart, rpmEnd });
		start = Number.NaN;
	};
	for (let i = 0; i < throttle.t.length; i++) {
		const t = throttle.t[i];
		const pct = throttle.v[i];
		if (!Number.isFinite(t) || !Number.isFinite(pct)) continue;
		if (start !== start) {
			if (pct >= wot) start = t;
		} else if (pct < release) close(t);
		last = t;
	}
	if (start === start) close(last);
	return spans;
}

/** Sample-and-hold: the latest finite value at or before a time (the first one before it starts). */
function heldLookup(series: ChannelSamples): (t: number) => number {
	let i = 0;
	let held = Number.NaN;
	// Queries come in increasing time, so one forward cursor serves them all.
	return (t: number) => {
		while (i < series.t.length && series.t[i] <= t) {
			if (Number.isFinite(series.v[i])) held = series.v[i];
			i++;
		}
		if (held === held) return held;
		for (let k = i; k < series.t.length; k++) if (Number.isFinite(series.v[k])) return series.v[k];
		return Number.NaN;
	};
}
