import { checkChannel, finiteOnly, type Channel } from './channel';
import { emptyStats, mergeStats, pushValue, type RunningStats } from './running-stats';

/**
 * A channel's statistics per operating cell (rpm × load bin), per log: the unit of the historical baseline. A log
 * is reduced once, when it is stored, to at most a few hundred cells of {n, mean, m2}; a vehicle's baseline is the
 * merge of its logs' cells, and drift detection compares logs through them without reading samples again.
 */
export interface CellGrid {
	/** @default 500 */
	rpmStep: number;
	/** Load bin width in the load channel's unit (kPa of MAP, or %). @default 20 */
	loadStep: number;
}

export const DEFAULT_GRID: CellGrid = { rpmStep: 500, loadStep: 20 };

/** Cell key "rpmIndex:loadIndex"; cell (8, 5) on the default grid is 4000–4500 rpm × 100–120 kPa. */
export type CellKey = `${number}:${number}`;

export interface LogCells {
	logId: string;
	/** ISO 8601 start of the log; orders logs and dates findings. */
	startedAt: string;
	grid: CellGrid;
	cells: Record<CellKey, RunningStats>;
}

export function cellKey(rpmIndex: number, loadIndex: number): CellKey {
	return `${rpmIndex}:${loadIndex}`;
}

export function parseCellKey(key: CellKey): [number, number] {
	const [r, l] = key.split(':');
	return [Number(r), Number(l)];
}

export function checkGrid(grid: CellGrid): void {
	if (!(grid.rpmStep > 0) || !(grid.loadStep > 0))
		throw new TypeError(
			`cell grid steps must be positive, got ${grid.rpmStep} rpm × ${grid.loadStep}`
		);
}

/**
 * Adds a log's samples of `value` to `cells`, each in the cell of rpm and load at the sample's time (linearly
 * interpolated; one pass with two cursors, so cost is linear in samples). Samples outside the rpm/load channels'
 * span, or with a missing rpm/load/value, are skipped. Returns `cells` for chaining.
 */
export function accumulateCells(
	cells: Record<CellKey, RunningStats>,
	log: { rpm: Channel; load: Channel; value: Channel },
	grid: CellGrid = DEFAULT_GRID
): Record<CellKey, RunningStats> {
	checkGrid(grid);
	checkChannel('rpm', log.rpm, 0);
	checkChannel('load', log.load, 0);
	checkChannel('value', log.value, 0);
	const rpm = finiteOnly(log.rpm);
	const load = finiteOnly(log.load);
	const { t, v } = log.value;
	if (rpm.t.length === 0 || load.t.length === 0) return cells;
	const rEnd = rpm.t[rpm.t.length - 1];
	const lEnd = load.t[load.t.length - 1];
	let jr = 0;
	let jl = 0;
	let lastKey = '';
	let last: RunningStats | undefined;
	for (let i = 0; i < t.length; i++) {
		const x = t[i];
		const y = v[i];
		if (!Number.isFinite(y) || x < rpm.t[0] || x > rEnd || x < load.t[0] || x > lEnd) continue;
		while (jr + 1 < rpm.t.length && rpm.t[jr + 1] <= x) jr++;
		while (jl + 1 < load.t.length && load.t[jl + 1] <= x) jl++;
		const r = at(rpm, jr, x);
		const l = at(load, jl, x);
		const key = cellKey(Math.floor(r / grid.rpmStep), Math.floor(l / grid.loadStep));
		if (key !== lastKey) {
			last = cells[key] ??= emptyStats();
			lastKey = key;
		}
		pushValue(last!, y);
	}
	return cells;
}

function at(ch: Channel, j: number, x: number): number {
	if (j + 1 >= ch.t.length || ch.t[j + 1] === ch.t[j]) return ch.v[j];
	return ch.v[j] + ((ch.v[j + 1] - ch.v[j]) * (x - ch.t[j])) / (ch.t[j + 1] - ch.t[j]);
}

/** The reduced form of one log, ready to store. */
export function logCells(
	logId: string,
	startedAt: string,
	log: { rpm: Channel; load: Channel; value: Channel },
	grid: CellGrid = DEFAULT_GRID
): LogCells {
	if (Number.isNaN(Date.parse(startedAt)))
		throw new TypeError(`startedAt must be an ISO date, got ${startedAt}`);
	return { logId, startedAt, grid, cells: accumulateCells({}, log, grid) };
}

/** Cell-wise merge, e.g. every log of a vehicle into its baseline. Grids must match. */
export function mergeCells(logs: readonly LogCells[]): Record<CellKey, RunningStats> {
	const out: Record<CellKey, RunningStats> = {};
	const grid = logs[0]?.grid;
	for (const log of logs) {
		if (log.grid.rpmStep !== grid.rpmStep || log.grid.loadStep !== grid.loadStep)
			throw new TypeError(`log ${log.logId} uses a different cell grid`);
		for (const [key, s] of Object.entries(log.cells) as [CellKey, RunningStats][])
			out[key] = out[key] ? mergeStats(out[key], s) : { ...s };
	}
	return out;
}
