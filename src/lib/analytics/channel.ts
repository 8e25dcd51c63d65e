import { AnalyticsInputError } from './errors';

/**
 * One logged signal, as the recorder stores it (src/lib/logs/recorder.ts): sample times in µs on the log's clock,
 * non-decreasing, and float32 values. Samples may be irregular and NaN marks a missing value. Analytics take
 * channels, never a storage format, so imported and recorded logs are treated alike.
 */
export interface Channel {
	t: Float64Array;
	v: Float32Array;
}

/** Throws an AnalyticsInputError naming `field` unless `ch` is a well-formed channel with `minSamples` samples. */
export function checkChannel(field: string, ch: Channel, minSamples = 1): void {
	if (!ch || !(ch.t instanceof Float64Array) || !(ch.v instanceof Float32Array))
		throw new AnalyticsInputError(field, 'expected { t: Float64Array, v: Float32Array }');
	if (ch.t.length !== ch.v.length)
		throw new AnalyticsInputError(field, `${ch.t.length} times but ${ch.v.length} values`);
	for (let i = 0; i < ch.t.length; i++) {
		if (!Number.isFinite(ch.t[i]))
			throw new AnalyticsInputError(field, `sample ${i} has a non-finite time`);
		if (i > 0 && ch.t[i] < ch.t[i - 1])
			throw new AnalyticsInputError(field, `time runs backwards at sample ${i}`);
	}
	const finite = countFinite(ch.v);
	if (finite < minSamples)
		throw new AnalyticsInputError(field, `needs at least ${minSamples} samples, has ${finite}`);
}

function countFinite(v: Float32Array): number {
	let n = 0;
	for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i])) n++;
	return n;
}

/** The channel without its NaN/±∞ samples (the same object when there are none), so interpolation never spans them. */
export function finiteOnly(ch: Channel): Channel {
	const n = countFinite(ch.v);
	if (n === ch.v.length) return ch;
	const t = new Float64Array(n);
	const v = new Float32Array(n);
	let j = 0;
	for (let i = 0; i < ch.v.length; i++) {
		if (!Number.isFinite(ch.v[i])) continue;
		t[j] = ch.t[i];
		v[j++] = ch.v[i];
	}
	return { t, v };
}

/** Samples with t0 ≤ t ≤ t1. */
export function sliceChannel(ch: Channel, t0: number, t1: number): Channel {
	const i0 = lowerBound(ch.t, t0);
	const i1 = lowerBound(ch.t, t1, true);
	return { t: ch.t.subarray(i0, i1), v: ch.v.subarray(i0, i1) };
}

/** First index with t[i] ≥ x (or > x when `after`). */
export function lowerBound(t: ArrayLike<number>, x: number, after = false): number {
	let lo = 0;
	let hi = t.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (t[mid] < x || (after && t[mid] === x)) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * Linear interpolation of `ch` at ascending times `at`, holding the end values outside the channel's span. The
 * segment used for a time is the one starting at the last sample at or before it; DynoAccumulator's streaming
 * resampler follows the same rule so batch and live dyno runs agree to the bit.
 */
export function interpolateAt(ch: Channel, at: ArrayLike<number>): Float64Array {
	const out = new Float64Array(at.length);
	const { t, v } = ch;
	const n = t.length;
	let j = 0;
	for (let k = 0; k < at.length; k++) {
		const x = at[k];
		while (j + 1 < n && t[j + 1] <= x) j++;
		out[k] = interpolateSegment(t, v, j, x);
	}
	return out;
}

function interpolateSegment(
	t: ArrayLike<number>,
	v: ArrayLike<number>,
	j: number,
	x: number
): number {
	if (x < t[0]) return v[0];
	if (j + 1 >= t.length) return v[j];
	return lerp(t[j], v[j], t[j + 1], v[j + 1], x);
}

export function lerp(t0: number, v0: number, t1: number, v1: number, x: number): number {
	return t1 === t0 ? v1 : v0 + ((v1 - v0) * (x - t0)) / (t1 - t0);
}

/** Times t0 + k·dt for every k with t0 + k·dt ≤ t1. */
export function uniformTimes(t0: number, t1: number, dt: number): Float64Array {
	let n = Math.floor((t1 - t0) / dt) + 1;
	while (n > 0 && t0 + (n - 1) * dt > t1) n--;
	while (t0 + n * dt <= t1) n++;
	const out = new Float64Array(Math.max(0, n));
	for (let k = 0; k < out.length; k++) out[k] = t0 + k * dt;
	return out;
}

/** Median spacing of the samples, µs (0 with fewer than two). */
export function medianIntervalUs(t: Float64Array): number {
	if (t.length < 2) return 0;
	const d = new Float64Array(t.length - 1);
	for (let i = 1; i < t.length; i++) d[i - 1] = t[i] - t[i - 1];
	d.sort();
	return d[d.length >> 1];
}

/**
 * How long each sample stands for, µs: half the gap to each neighbour, with gaps longer than `maxGapUs` counted as
 * `maxGapUs` (a logger that paused must not let one stale value own the pause). Weights sum to the log's duration
 * when there are no long gaps, so weighted statistics are time statistics however irregular the sampling.
 */
export function timeWeights(t: Float64Array, maxGapUs = Infinity): Float64Array {
	const n = t.length;
	const w = new Float64Array(n);
	if (n === 1) w[0] = 1;
	for (let i = 0; i + 1 < n; i++) {
		const half = Math.min(t[i + 1] - t[i], maxGapUs) / 2;
		w[i] += half;
		w[i + 1] += half;
	}
	return w;
}

/** Time-weighted mean of a channel over [t0, t1] (interpolated at the ends); NaN when it has no samples. */
export function meanOver(ch: Channel, t0: number, t1: number): number {
	const c = finiteOnly(ch);
	if (c.t.length === 0) return NaN;
	if (c.t.length === 1 || t1 <= t0) return interpolateAt(c, [t0])[0];
	const inner = sliceChannel(c, t0, t1);
	const times = [t0, ...inner.t.filter((x) => x > t0 && x < t1), t1];
	const vals = interpolateAt(c, times);
	let area = 0;
	for (let i = 1; i < times.length; i++)
		area += ((vals[i] + vals[i - 1]) / 2) * (times[i] - times[i - 1]);
	return area / (t1 - t0);
}
