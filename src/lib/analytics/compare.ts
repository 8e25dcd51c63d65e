import {
	checkChannel,
	finiteOnly,
	interpolateAt,
	medianIntervalUs,
	uniformTimes,
	type Channel
} from './channel';
import { curveAt, curvePeaks, type CurvePeaks, type DynoCurve } from './dyno-curve';
import { AnalyticsInputError } from './errors';

/**
 * Before/after comparisons: two dyno runs on a common rpm grid, two logs' channel binned by rpm, or two logs
 * aligned in time by cross-correlation. Deltas are always after − before (b − a).
 */

export interface CurveComparison {
	rpm: Float64Array;
	powerA: Float64Array;
	powerB: Float64Array;
	deltaPowerKw: Float64Array;
	deltaPowerPct: Float64Array;
	torqueA: Float64Array;
	torqueB: Float64Array;
	deltaTorqueNm: Float64Array;
	deltaTorquePct: Float64Array;
	peaks: { a: CurvePeaks; b: CurvePeaks };
	/** False when the runs use different corrections or bases: the delta then mixes in that difference. */
	comparable: boolean;
}

/** Two runs resampled on multiples of `rpmStep` where both have data (never extrapolated). */
export function compareCurves(
	a: DynoCurve,
	b: DynoCurve,
	options: { rpmStep?: number } = {}
): CurveComparison {
	const step = options.rpmStep ?? 50;
	if (!(step > 0)) throw new TypeError(`rpmStep must be positive, got ${step}`);
	const lo = Math.max(a.rpm[0], b.rpm[0]);
	const hi = Math.min(a.rpm[a.rpm.length - 1], b.rpm[b.rpm.length - 1]);
	const first = Math.ceil(lo / step);
	const last = Math.floor(hi / step);
	if (!(last >= first))
		throw new AnalyticsInputError('rpm', `the runs share no rpm range (${lo}–${hi})`);
	const rpm = Float64Array.from({ length: last - first + 1 }, (_, i) => (first + i) * step);
	const ca = curveAt(a, rpm);
	const cb = curveAt(b, rpm);
	const delta = (x: Float64Array, y: Float64Array) => y.map((v, i) => v - x[i]);
	const pct = (x: Float64Array, y: Float64Array) =>
		y.map((v, i) => (x[i] !== 0 ? (100 * (v - x[i])) / x[i] : NaN));
	return {
		rpm,
		powerA: ca.powerKw,
		powerB: cb.powerKw,
		deltaPowerKw: delta(ca.powerKw, cb.powerKw),
		deltaPowerPct: pct(ca.powerKw, cb.powerKw),
		torqueA: ca.torqueNm,
		torqueB: cb.torqueNm,
		deltaTorqueNm: delta(ca.torqueNm, cb.torqueNm),
		deltaTorquePct: pct(ca.torqueNm, cb.torqueNm),
		peaks: { a: curvePeaks(a), b: curvePeaks(b) },
		comparable: a.correction.standard === b.correction.standard && a.meta.basis === b.meta.basis
	};
}

export interface RpmBinned {
	/** Bin centres, multiples of the step. */
	rpm: Float64Array;
	mean: Float64Array;
	n: Uint32Array;
}

/** Mean of a channel per rpm bin (rpm interpolated at the channel's sample times), e.g. AFR or timing vs rpm. */
export function binByRpm(rpm: Channel, value: Channel, step = 100): RpmBinned {
	if (!(step > 0)) throw new TypeError(`step must be positive, got ${step}`);
	checkChannel('rpm', rpm, 1);
	checkChannel('value', value, 0);
	const v = finiteOnly(value);
	const r = interpolateAt(finiteOnly(rpm), v.t);
	const sums = new Map<number, [number, number]>();
	for (let i = 0; i < r.length; i++) {
		if (!(r[i] > 0)) continue;
		const k = Math.round(r[i] / step);
		const s = sums.get(k) ?? [0, 0];
		s[0] += v.v[i];
		s[1]++;
		sums.set(k, s);
	}
	const keys = [...sums.keys()].sort((x, y) => x - y);
	return {
		rpm: Float64Array.from(keys, (k) => k * step),
		mean: Float64Array.from(keys, (k) => sums.get(k)![0] / sums.get(k)![1]),
		n: Uint32Array.from(keys, (k) => sums.get(k)![1])
	};
}

/** A channel from two logs on common rpm bins that both fill with at least `minSamples` samples. */
export function compareByRpm(
	a: { rpm: Channel; value: Channel },
	b: { rpm: Channel; value: Channel },
	options: { step?: number; minSamples?: number } = {}
): { rpm: Float64Array; a: Float64Array; b: Float64Array; delta: Float64Array } {
	const step = options.step ?? 100;
	const min = options.minSamples ?? 3;
	const ba = binByRpm(a.rpm, a.value, step);
	const bb = binByRpm(b.rpm, b.value, step);
	const index = new Map(Array.from(bb.rpm, (r, i) => [r, i]));
	const rows: [number, number, number][] = [];
	ba.rpm.forEach((r, i) => {
		const j = index.get(r);
		if (j !== undefined && ba.n[i] >= min && bb.n[j] >= min) rows.push([r, ba.mean[i], bb.mean[j]]);
	});
	return {
		rpm: Float64Array.from(rows, (x) => x[0]),
		a: Float64Array.from(rows, (x) => x[1]),
		b: Float64Array.from(rows, (x) => x[2]),
		delta: Float64Array.from(rows, (x) => x[2] - x[1])
	};
}

export interface TimeOffset {
	/** b(t + offsetUs) ≈ a(t): b's events happen offsetUs later on b's clock. */
	offsetUs: number;
	/** Pearson correlation at that offset, −1…1. */
	correlation: number;
}

/** Longest series the cross-correlation builds (it costs series length × lags). */
const MAX_POINTS = 4000;

/**
 * The time offset between two recordings of the same manoeuvre (two pulls, two laps), by normalised
 * cross-correlation of one channel (rpm is the usual choice) over all lags that leave at least `minOverlap`
 * of the shorter recording overlapping, refined to a fraction of a grid step by a parabola through the peak.
 * Each lag's correlation uses only the overlapping part, so the ends of logs do not bias it.
 */
export function estimateOffset(
	a: Channel,
	b: Channel,
	options: { dtUs?: number; maxLagUs?: number; minOverlap?: number } = {}
): TimeOffset {
	checkChannel('a', a, 2);
	checkChannel('b', b, 2);
	const ca = finiteOnly(a);
	const cb = finiteOnly(b);
	const spanA = ca.t[ca.t.length - 1] - ca.t[0];
	const spanB = cb.t[cb.t.length - 1] - cb.t[0];
	const dt =
		options.dtUs ??
		Math.max(
			medianIntervalUs(ca.t),
			medianIntervalUs(cb.t),
			Math.max(spanA, spanB) / MAX_POINTS,
			1
		);
	const minOverlap = options.minOverlap ?? 0.5;
	if (!(dt > 0)) throw new TypeError(`dtUs must be positive, got ${dt}`);
	if (!(minOverlap > 0 && minOverlap <= 1))
		throw new TypeError(`minOverlap must be in (0, 1], got ${minOverlap}`);
	const A = interpolateAt(ca, uniformTimes(ca.t[0], ca.t[ca.t.length - 1], dt));
	const B = interpolateAt(cb, uniformTimes(cb.t[0], cb.t[cb.t.length - 1], dt));
	const base = cb.t[0] - ca.t[0];
	const maxLag = options.maxLagUs ?? Infinity;
	const need = Math.max(3, Math.ceil(minOverlap * Math.min(A.length, B.length)));
	const lagLo = Math.max(-(A.length - need), Math.ceil((-maxLag - base) / dt));
	const lagHi = Math.min(B.length - need, Math.floor((maxLag - base) / dt));
	if (lagLo > lagHi)
		throw new AnalyticsInputError('b', 'the recordings cannot overlap within maxLagUs');
	const corr = new Float64Array(lagHi - lagLo + 1);
	let best = 0;
	for (let L = lagLo; L <= lagHi; L++) {
		// B[i + L] pairs with A[i]
		const i0 = Math.max(0, -L);
		const i1 = Math.min(A.length, B.length - L);
		corr[L - lagLo] = pearson(A, B, i0, i1, L);
		if (corr[L - lagLo] > corr[best] || Number.isNaN(corr[best])) best = L - lagLo;
	}
	let frac = 0;
	if (best > 0 && best < corr.length - 1) {
		const [y0, y1, y2] = [corr[best - 1], corr[best], corr[best + 1]];
		const den = y0 - 2 * y1 + y2;
		if (den < 0) frac = (0.5 * (y0 - y2)) / den;
	}
	return { offsetUs: base + (best + lagLo + frac) * dt, correlation: corr[best] };
}

function pearson(A: Float64Array, B: Float64Array, i0: number, i1: number, L: number): number {
	const n = i1 - i0;
	let sa = 0;
	let sb = 0;
	for (let i = i0; i < i1; i++) {
		sa += A[i];
		sb += B[i + L];
	}
	const ma = sa / n;
	const mb = sb / n;
	let sab = 0;
	let saa = 0;
	let sbb = 0;
	for (let i = i0; i < i1; i++) {
		const x = A[i] - ma;
		const y = B[i + L] - mb;
		sab += x * y;
		saa += x * x;
		sbb += y * y;
	}
	return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/**
 * b − a on a uniform grid over the span both cover, on a's clock, with b shifted back by `offsetUs`
 * (from estimateOffset). For a delta plot of e.g. boost before and after a tune change.
 */
export function deltaByTime(
	a: Channel,
	b: Channel,
	options: { offsetUs?: number; dtUs?: number } = {}
): { t: Float64Array; a: Float64Array; b: Float64Array; delta: Float64Array } {
	checkChannel('a', a, 1);
	checkChannel('b', b, 1);
	const ca = finiteOnly(a);
	const cb = finiteOnly(b);
	const off = options.offsetUs ?? 0;
	const dt = options.dtUs ?? Math.max(medianIntervalUs(ca.t), medianIntervalUs(cb.t), 1000);
	if (!(dt > 0)) throw new TypeError(`dtUs must be positive, got ${dt}`);
	const t0 = Math.max(ca.t[0], cb.t[0] - off);
	const t1 = Math.min(ca.t[ca.t.length - 1], cb.t[cb.t.length - 1] - off);
	if (!(t1 >= t0)) throw new AnalyticsInputError('b', 'the two logs do not overlap at this offset');
	const t = uniformTimes(t0, t1, dt);
	const va = interpolateAt(ca, t);
	const vb = interpolateAt(
		cb,
		t.map((x) => x + off)
	);
	return { t, a: va, b: vb, delta: vb.map((x, i) => x - va[i]) };
}
