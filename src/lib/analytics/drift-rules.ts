import type { CellKey } from './operating-cells';
import { mergeStats, variance, type RunningStats } from './running-stats';
import type { DriftCell, DriftOptions } from './drift';

// The statistical rules of drift.ts (its module comment states them), on one cell's per-log statistics.

/** One log's statistics in a cell; `log` is its index in time order. */
export interface Entry {
	log: number;
	stats: RunningStats;
}

export interface Flag {
	kind: 'drift' | 'anomaly';
	/** Index (in time order) of the first shifted log. */
	from: number;
	sign: 1 | -1;
	cell: DriftCell;
}

export type Rules = Required<Omit<DriftOptions, 'label' | 'unit' | 'loadUnit'>>;

export function bestSplit(key: CellKey, entries: Entry[], o: Rules): Flag | undefined {
	let best: Flag | undefined;
	for (let s = o.minBaselineLogs; s <= entries.length - o.minRecentLogs; s++) {
		const cell = judge(key, entries.slice(0, s), entries.slice(s), o, false);
		if (cell && (!best || Math.abs(cell.t) > Math.abs(best.cell.t)))
			best = { kind: 'drift', from: entries[s].log, sign: cell.delta > 0 ? 1 : -1, cell };
	}
	return best;
}

/** The cell's shift from `base` to `recent` if it passes the rules (see the module comment), else undefined. */
export function judge(
	key: CellKey,
	base: Entry[],
	recent: Entry[],
	o: Rules,
	single: boolean
): DriftCell | undefined {
	if (base.length < o.minBaselineLogs || recent.length < (single ? 1 : o.minRecentLogs))
		return undefined;
	const B = base.reduce((s, e) => mergeStats(s, e.stats), { n: 0, mean: 0, m2: 0 });
	const R = recent.reduce((s, e) => mergeStats(s, e.stats), { n: 0, mean: 0, m2: 0 });
	if (B.n < o.minSamples || R.n < o.minSamples) return undefined;
	const delta = R.mean - B.mean;
	const sd = Math.sqrt(variance(B));
	const effectSize = sd > 0 ? Math.abs(delta) / sd : delta !== 0 ? Infinity : 0;
	if (Math.abs(delta) < o.minDelta || effectSize < o.minEffectSize || delta === 0) return undefined;
	const mb = base.map((e) => e.stats.mean);
	const mr = recent.map((e) => e.stats.mean);
	if (delta > 0 ? Math.min(...mr) <= Math.max(...mb) : Math.max(...mr) >= Math.min(...mb))
		return undefined;
	const avg = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
	const ss = (x: number[], m: number) => x.reduce((s, v) => s + (v - m) ** 2, 0);
	const floor = variance(B) / (B.n / base.length);
	let t: number;
	if (single) {
		const s2 = Math.max(ss(mb, avg(mb)) / (mb.length - 1), floor);
		t = (mr[0] - avg(mb)) / Math.sqrt(s2 * (1 + 1 / mb.length));
	} else {
		const s2 = Math.max((ss(mb, avg(mb)) + ss(mr, avg(mr))) / (mb.length + mr.length - 2), floor);
		t = (avg(mr) - avg(mb)) / Math.sqrt(s2 * (1 / mb.length + 1 / mr.length));
	}
	if (!(Math.abs(t) >= o.minT)) return undefined;
	return {
		key,
		baselineMean: B.mean,
		recentMean: R.mean,
		delta,
		effectSize,
		t,
		recentSamples: R.n
	};
}
