import { bestSplit, judge, type Entry, type Flag, type Rules } from './drift-rules';
import { logOffset, wholeMap, withoutOffset } from './map-offset';
import { mergeCells, parseCellKey, type CellKey, type LogCells } from './operating-cells';
import { mergeStats, type RunningStats } from './running-stats';

/**
 * Drift and anomalies in one channel across a vehicle's logs, per operating cell, worded for people:
 * "cylinder 3 knock retard up 2.0° at 4000–5000 rpm, 100–200 kPa since 2026-10-24".
 *
 * False-positive rule. Samples within a log are strongly autocorrelated (a 20 Hz knock-retard trace moves over
 * seconds), so a per-sample z-test would flag almost anything. The unit of evidence is the log instead, and a cell
 * is flagged only when ALL of these hold:
 *  1. enough data: ≥ minSamples samples on each side, from ≥ minBaselineLogs earlier and ≥ minRecentLogs later logs,
 *     a log counting for a cell only with ≥ minLogSamples samples there;
 *  2. a practical size: |Δ| ≥ minDelta (in the channel's unit) and |Δ| ≥ minEffectSize × the baseline's standard
 *     deviation (within- and between-log spread together), whatever the sample count;
 *  3. significance across logs: a pooled two-sample t on the per-log means ≥ minT (each log mean's variance
 *     floored at the baseline variance over its sample count, so identical-looking logs do not divide by zero);
 *  4. persistence: every later log's mean lies beyond every earlier log's mean on the side of the shift, so one
 *     odd log, or a baseline that already wandered as far, is not drift;
 *  5. extent: the finding covers ≥ minCells cells. A real fault shows in neighbouring cells; one cell clearing the
 *     bar alone is what ~100 cells × several candidate change points produce by chance (cluster-size inference).
 * Before any of this, each log's offset common to the whole map (median over its cells of its difference from all
 * logs) is removed and judged separately as a whole-map drift: fuel or weather move every cell of a log together,
 * and left in they would make every cell look shifted at once. Cell deltas are therefore relative to the map.
 * Measured on simulated weekly logs (12 logs, 99 cells, 0.3° log-to-log and 0.8° autocorrelated noise; drift.spec.ts):
 * in 100 clean vehicles no cell finding and one whole-map finding (its last three logs happened to sit 0.5–0.8°
 * below the others, 2–3σ of the log-to-log spread); a 2° shift over 10 cells found in 100 of 100, with the right
 * region and date.
 * The change point is the split of the logs (in time order) that passes and has the largest t; its first later
 * log dates the finding. An "anomaly" is the newest log alone beyond the baseline by the same rules (with a
 * prediction-interval z for 3), when it is not part of a drift.
 */
export interface DriftOptions {
	/** What the channel is: "cylinder 3 knock retard". */
	label: string;
	/** Appended to numbers: "°", " kPa", " °C". @default '' */
	unit?: string;
	/** @default 'kPa' */
	loadUnit?: string;
	/** Decimals in the sentence. @default 1 */
	decimals?: number;
	/** @default 100 */
	minSamples?: number;
	/** @default 20 */
	minLogSamples?: number;
	/** @default 3 */
	minBaselineLogs?: number;
	/** @default 2 */
	minRecentLogs?: number;
	/** @default 1 */
	minEffectSize?: number;
	/** @default 5 */
	minT?: number;
	/** @default 0 */
	minDelta?: number;
	/** @default 2 */
	minCells?: number;
}

export interface DriftCell {
	key: CellKey;
	baselineMean: number;
	recentMean: number;
	delta: number;
	effectSize: number;
	t: number;
	recentSamples: number;
}

export interface DriftFinding {
	kind: 'drift' | 'anomaly';
	sentence: string;
	/** Later − earlier, sample-weighted over the finding's cells. */
	delta: number;
	rpmRange: [number, number];
	loadRange: [number, number];
	/** startedAt of the first shifted log (drift) or of the anomalous log. */
	since: string;
	/** The shifted logs. */
	logIds: string[];
	cells: DriftCell[];
}

export function detectDrift(logs: readonly LogCells[], options: DriftOptions): DriftFinding[] {
	const o = {
		unit: options.unit ?? '',
		loadUnit: options.loadUnit ?? 'kPa',
		decimals: options.decimals ?? 1,
		minSamples: options.minSamples ?? 100,
		minLogSamples: options.minLogSamples ?? 20,
		minBaselineLogs: options.minBaselineLogs ?? 3,
		minRecentLogs: options.minRecentLogs ?? 2,
		minEffectSize: options.minEffectSize ?? 1,
		minT: options.minT ?? 5,
		minDelta: options.minDelta ?? 0,
		minCells: options.minCells ?? 2
	};
	if (typeof options.label !== 'string' || !options.label)
		throw new TypeError('detectDrift needs a label');
	for (const k of [
		'minSamples',
		'minLogSamples',
		'minBaselineLogs',
		'minRecentLogs',
		'minEffectSize',
		'minT',
		'minDelta',
		'minCells',
		'decimals'
	] as const)
		if (!(o[k] >= 0 && Number.isFinite(o[k])))
			throw new TypeError(`${k} must be a non-negative number, got ${o[k]}`);
	if (o.minBaselineLogs < 2 || o.minRecentLogs < 1)
		throw new TypeError('drift needs at least 2 baseline logs and 1 recent log to compare');
	if (logs.length === 0) return [];
	const all = mergeCells(logs);
	const byDate = [...logs].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
	const offsets = byDate.map((l) => logOffset(l, all, o.minLogSamples));
	const sorted = byDate.map((l, i) => withoutOffset(l, offsets[i]));
	const keys = new Set<CellKey>();
	for (const l of sorted) for (const k of Object.keys(l.cells) as CellKey[]) keys.add(k);
	const whole = wholeMap(sorted, offsets, o);

	const flags: Flag[] = [];
	for (const key of keys) {
		const entries: Entry[] = [];
		sorted.forEach((l, i) => {
			const s = l.cells[key];
			if (s && s.n >= o.minLogSamples) entries.push({ log: i, stats: s });
		});
		const drift = bestSplit(key, entries, o);
		if (drift) {
			flags.push(drift);
			continue;
		}
		const last = entries[entries.length - 1];
		if (last && last.log === sorted.length - 1) {
			const anomaly = judge(key, entries.slice(0, -1), [last], o, true);
			if (anomaly)
				flags.push({
					kind: 'anomaly',
					from: last.log,
					sign: anomaly.delta > 0 ? 1 : -1,
					cell: anomaly
				});
		}
	}
	return [...(whole ? [whole] : []), ...group(flags, sorted, logs[0].grid, o)].map((f) => ({
		...f,
		sentence: describe(f, options.label, o)
	}));
}

/** "cylinder 3 knock retard up 2.0° at 4000–5000 rpm, 100–200 kPa since 2026-10-24" */
function describe(
	f: Omit<DriftFinding, 'sentence'>,
	label: string,
	o: { unit: string; loadUnit: string; decimals: number }
): string {
	const amount = `${Math.abs(f.delta).toFixed(o.decimals)}${o.unit}`;
	const where =
		f.cells.length === 0
			? 'across the whole map'
			: `at ${f.rpmRange[0]}–${f.rpmRange[1]} rpm, ${f.loadRange[0]}–${f.loadRange[1]} ${o.loadUnit}`;
	const date = f.since.slice(0, 10);
	return f.kind === 'drift'
		? `${label} ${f.delta > 0 ? 'up' : 'down'} ${amount} ${where} since ${date}`
		: `${label} ${amount} ${f.delta > 0 ? 'above' : 'below'} baseline ${where} in the log of ${date}`;
}

/**
 * Flags of one kind and direction, joined where cells lie within two cells of each other (so one unflagged cell
 * in a drifted region, which noise will produce, does not split it), one finding each. Neighbouring cells
 * may pick neighbouring change points (a cell on the edge of the drifted region sees part of it); a drift
 * region's date and size come from its cells' samples pooled per log and judged once more as one cell.
 */
function group(
	flags: Flag[],
	logs: readonly LogCells[],
	grid: LogCells['grid'],
	o: Rules
): Omit<DriftFinding, 'sentence'>[] {
	const out: Omit<DriftFinding, 'sentence'>[] = [];
	const seen = new Set<Flag>();
	const at = new Map(flags.map((f) => [`${f.kind}|${f.sign}|${f.cell.key}`, f]));
	for (const f of flags) {
		if (seen.has(f)) continue;
		const members: Flag[] = [];
		const stack = [f];
		seen.add(f);
		while (stack.length) {
			const g = stack.pop()!;
			members.push(g);
			const [r, l] = parseCellKey(g.cell.key);
			for (let dr = -2; dr <= 2; dr++)
				for (let dl = -2; dl <= 2; dl++) {
					const n = at.get(`${g.kind}|${g.sign}|${r + dr}:${l + dl}`);
					if (n && !seen.has(n)) {
						seen.add(n);
						stack.push(n);
					}
				}
		}
		if (members.length < o.minCells) continue;
		let from = Math.min(...members.map((m) => m.from));
		let delta =
			members.reduce((s, m) => s + m.cell.delta * m.cell.recentSamples, 0) /
			members.reduce((s, m) => s + m.cell.recentSamples, 0);
		if (f.kind === 'drift' && members.length > 1) {
			const pooled = bestSplit(f.cell.key, pooledEntries(members, logs, o), o);
			if (pooled && pooled.sign === f.sign) {
				from = pooled.from;
				delta = pooled.cell.delta;
			}
		}
		const idx = members.map((m) => parseCellKey(m.cell.key));
		const rs = idx.map((x) => x[0]);
		const ls = idx.map((x) => x[1]);
		out.push({
			kind: f.kind,
			delta,
			rpmRange: [Math.min(...rs) * grid.rpmStep, (Math.max(...rs) + 1) * grid.rpmStep],
			loadRange: [Math.min(...ls) * grid.loadStep, (Math.max(...ls) + 1) * grid.loadStep],
			since: logs[from].startedAt,
			logIds: (f.kind === 'drift' ? logs.slice(from) : [logs[from]]).map((l) => l.logId),
			cells: members.map((m) => m.cell).sort((a, b) => a.key.localeCompare(b.key))
		});
	}
	return out.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
}

/** Per log, the member cells' stats merged, for logs with enough samples in the region. */
function pooledEntries(members: Flag[], logs: readonly LogCells[], o: Rules): Entry[] {
	const entries: Entry[] = [];
	logs.forEach((l, i) => {
		let s: RunningStats = { n: 0, mean: 0, m2: 0 };
		for (const m of members) if (l.cells[m.cell.key]) s = mergeStats(s, l.cells[m.cell.key]);
		if (s.n >= o.minLogSamples) entries.push({ log: i, stats: s });
	});
	return entries;
}
