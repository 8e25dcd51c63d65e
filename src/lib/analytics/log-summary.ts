import { checkChannel, finiteOnly, timeWeights, type Channel } from './channel';

/**
 * Per-channel figures for a log report: extremes with when they happened, and time-weighted mean and
 * percentiles. Weighted by time because loggers sample unevenly (a fast poll during a pull, slow at cruise, an
 * adapter that drops frames): by sample count a 2 s pull logged at 100 Hz would outvote 2 min of cruise logged at 1 Hz.
 * "p95 boost 1.4 bar" then means boost was under 1.4 bar for 95 % of the time.
 */
export interface ChannelSummary {
	samples: number;
	durationS: number;
	min: number;
	minAtUs: number;
	max: number;
	maxAtUs: number;
	mean: number;
	/** Keyed 'p50', 'p95', 'p99', … */
	percentiles: Record<string, number>;
}

export interface SummaryOptions {
	/** @default [50, 95, 99] */
	percentiles?: number[];
	/** A gap longer than this counts as this long (a paused logger does not stretch the last value). @default 5 */
	maxGapS?: number;
}

/** null when the channel has no finite sample. */
export function summarizeChannel(ch: Channel, options: SummaryOptions = {}): ChannelSummary | null {
	const ps = options.percentiles ?? [50, 95, 99];
	const maxGapS = options.maxGapS ?? 5;
	if (!(maxGapS > 0)) throw new TypeError(`maxGapS must be positive, got ${maxGapS}`);
	for (const p of ps)
		if (!(p >= 0 && p <= 100)) throw new TypeError(`percentiles must be within [0, 100], got ${p}`);
	checkChannel('channel', ch, 0);
	const c = finiteOnly(ch);
	const n = c.t.length;
	if (n === 0) return null;
	const w = timeWeights(c.t, maxGapS * 1e6);
	let min = 0;
	let max = 0;
	let sw = 0;
	let swx = 0;
	for (let i = 0; i < n; i++) {
		if (c.v[i] < c.v[min]) min = i;
		if (c.v[i] > c.v[max]) max = i;
		sw += w[i];
		swx += w[i] * c.v[i];
	}
	const values = weightedPercentiles(c.v, w, ps);
	return {
		samples: n,
		durationS: n > 1 ? sw / 1e6 : 0,
		min: c.v[min],
		minAtUs: c.t[min],
		max: c.v[max],
		maxAtUs: c.t[max],
		mean: swx / sw,
		percentiles: Object.fromEntries(ps.map((p, i) => [`p${p}`, values[i]]))
	};
}

/** Summaries of the named channels (all of them by default), e.g. boost, EGT, temperatures, knock, lambda. */
export function summarizeLog(
	log: Record<string, Channel>,
	options: SummaryOptions & { channels?: string[] } = {}
): Record<string, ChannelSummary | null> {
	const names = options.channels ?? Object.keys(log);
	const out: Record<string, ChannelSummary | null> = {};
	for (const name of names) out[name] = log[name] ? summarizeChannel(log[name], options) : null;
	return out;
}

/**
 * The smallest value v with at least p % of the total weight at or below it (the inverted weighted CDF, so a
 * percentile is always a value that occurred).
 */
export function weightedPercentiles(
	values: ArrayLike<number>,
	weights: ArrayLike<number>,
	ps: readonly number[]
): number[] {
	const idx = Array.from({ length: values.length }, (_, i) => i).sort(
		(a, b) => values[a] - values[b]
	);
	let total = 0;
	for (let i = 0; i < weights.length; i++) total += weights[i];
	return ps.map((p) => {
		const target = (p / 100) * total * (1 - 1e-12);
		let cum = 0;
		for (const i of idx) {
			cum += weights[i];
			if (cum >= target && weights[i] > 0) return values[i];
		}
		return values[idx[idx.length - 1]];
	});
}
