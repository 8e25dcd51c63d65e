/**
 * Min/max decimation: each of `buckets` equal time slices of [t0, t1) keeps its minimum and maximum sample,
 * in time order, so a chart of ≈2 points per pixel column shows every spike a raw plot would
 * (ARCHITECTURE.md: "decimation is the design"). Buckets with no sample produce nothing, so gaps stay gaps.
 */
export interface Series {
	/** Sample times, ascending. */
	t: ArrayLike<number>;
	v: ArrayLike<number>;
}

export function minMaxDecimate(series: Series, t0: number, t1: number, buckets: number): Series {
	const { t, v } = series;
	const n = t.length;
	if (n <= buckets * 2 || t1 <= t0 || buckets < 1) return sliceRange(series, t0, t1);
	const outT: number[] = [];
	const outV: number[] = [];
	const width = (t1 - t0) / buckets;
	let i = lowerBound(t, t0);
	for (let b = 0; b < buckets && i < n; b++) {
		const end = b === buckets - 1 ? t1 : t0 + (b + 1) * width;
		let minI = -1;
		let maxI = -1;
		for (; i < n && t[i] < end; i++) {
			const x = v[i];
			if (Number.isNaN(x)) continue;
			if (minI < 0 || x < v[minI]) minI = i;
			if (maxI < 0 || x > v[maxI]) maxI = i;
		}
		if (minI < 0) continue;
		const first = Math.min(minI, maxI);
		const second = Math.max(minI, maxI);
		outT.push(t[first]);
		outV.push(v[first]);
		if (second !== first) {
			outT.push(t[second]);
			outV.push(v[second]);
		}
	}
	return { t: outT, v: outV };
}

function sliceRange(series: Series, t0: number, t1: number): Series {
	const start = lowerBound(series.t, t0);
	const end = lowerBound(series.t, t1);
	return {
		t: Array.prototype.slice.call(series.t, start, end) as number[],
		v: Array.prototype.slice.call(series.v, start, end) as number[]
	};
}

/** Index of the first element ≥ x. */
export function lowerBound(sorted: ArrayLike<number>, x: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid] < x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
