/**
 * Count, mean and sum of squared deviations, updated one value at a time (Welford, Technometrics 4 (1962) 419)
 * and merged pairwise (Chan, Golub & LeVeque, "Updating formulae…", 1979): stats of two logs merge into the stats
 * of both exactly, so a per-vehicle baseline is the merge of its logs' stats and never needs the raw samples.
 * Plain objects so they store as JSON.
 */
export interface RunningStats {
	n: number;
	mean: number;
	/** Σ (x − mean)² */
	m2: number;
}

export function emptyStats(): RunningStats {
	return { n: 0, mean: 0, m2: 0 };
}

/** Adds one value in place. */
export function pushValue(s: RunningStats, x: number): void {
	s.n++;
	const d = x - s.mean;
	s.mean += d / s.n;
	s.m2 += d * (x - s.mean);
}

export function mergeStats(a: RunningStats, b: RunningStats): RunningStats {
	if (a.n === 0) return { ...b };
	if (b.n === 0) return { ...a };
	const n = a.n + b.n;
	const d = b.mean - a.mean;
	return { n, mean: a.mean + (d * b.n) / n, m2: a.m2 + b.m2 + (d * d * a.n * b.n) / n };
}

/** Sample variance (n − 1); 0 below two values. */
export function variance(s: RunningStats): number {
	return s.n > 1 ? s.m2 / (s.n - 1) : 0;
}
