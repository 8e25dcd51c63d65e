import { bestSplit, type Entry, type Rules } from './drift-rules';
import type { DriftFinding } from './drift';
import { parseCellKey, type CellKey, type LogCells } from './operating-cells';
import type { RunningStats } from './running-stats';

/**
 * A log's shift common to the whole map: the median over its cells of (its cell mean − all logs' cell mean).
 * Fuel, weather or a sensor offset move every cell together; a fault in one region moves only that region,
 * and the median ignores it while it covers under half the cells.
 */
export function logOffset(
	log: LogCells,
	all: Record<CellKey, RunningStats>,
	minLogSamples: number
): number {
	const d: number[] = [];
	for (const [k, s] of Object.entries(log.cells) as [CellKey, RunningStats][])
		if (s.n >= minLogSamples) d.push(s.mean - all[k].mean);
	if (d.length === 0) return 0;
	d.sort((a, b) => a - b);
	const m = d.length >> 1;
	return d.length % 2 ? d[m] : (d[m - 1] + d[m]) / 2;
}

export function withoutOffset(log: LogCells, offset: number): LogCells {
	const cells: Record<CellKey, RunningStats> = {};
	for (const [k, s] of Object.entries(log.cells) as [CellKey, RunningStats][])
		cells[k] = { n: s.n, mean: s.mean - offset, m2: s.m2 };
	return { ...log, cells };
}

/**
 * Drift of the whole map: the per-log common offsets judged by the same rules, each log standing as one entry
 * whose spread is its cells' within-cell spread.
 */
export function wholeMap(
	logs: readonly LogCells[],
	offsets: number[],
	o: Rules
): Omit<DriftFinding, 'sentence'> | undefined {
	const entries: Entry[] = logs.map((l, i) => {
		let n = 0;
		let m2 = 0;
		for (const s of Object.values(l.cells) as RunningStats[]) {
			n += s.n;
			m2 += s.m2;
		}
		return { log: i, stats: { n, mean: offsets[i], m2 } };
	});
	const f = bestSplit(
		'0:0',
		entries.filter((e) => e.stats.n > 0),
		o
	);
	if (!f) return undefined;
	const { rpm, load } = covered(logs);
	return {
		kind: 'drift',
		delta: f.cell.delta,
		rpmRange: rpm,
		loadRange: load,
		since: logs[f.from].startedAt,
		logIds: logs.slice(f.from).map((l) => l.logId),
		cells: []
	};
}

function covered(logs: readonly LogCells[]): { rpm: [number, number]; load: [number, number] } {
	const idx = logs.flatMap((l) => (Object.keys(l.cells) as CellKey[]).map(parseCellKey));
	const g = logs[0].grid;
	const rs = idx.map((x) => x[0]);
	const ls = idx.map((x) => x[1]);
	return {
		rpm: [Math.min(...rs) * g.rpmStep, (Math.max(...rs) + 1) * g.rpmStep],
		load: [Math.min(...ls) * g.loadStep, (Math.max(...ls) + 1) * g.loadStep]
	};
}
