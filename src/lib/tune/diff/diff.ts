import type { Tune, TuneSchema, TuneValue } from '../model';
import { sameValue } from '../table/history';
import { describeChange } from './describe';

/**
 * One cell that differs. `x` and `y` are the bin values at its position when the array is a table's z (x by
 * column, y by row) or a curve's values (x by row).
 */
export interface CellChange {
	row: number;
	column: number;
	before: number;
	after: number;
	delta: number;
	x?: number;
	y?: number;
}

export type ConstantDiff =
	| { kind: 'scalar'; name: string; before: number; after: number; delta: number }
	| {
			kind: 'array';
			name: string;
			cells: CellChange[];
			/** The cell with the largest |delta| (the first such). */
			largest: CellChange;
	  }
	| { kind: 'bits' | 'string'; name: string; before: string | number; after: string | number }
	/** In only one tune, or shaped differently in each (definitions that are not compatible there). */
	| { kind: 'added' | 'removed' | 'reshaped'; name: string; before?: TuneValue; after?: TuneValue };

export interface TuneDiff {
	/** Differences in definition order, then names the schema does not know. */
	changes: ConstantDiff[];
	/** One plain-language line per change, e.g. `VE Table: 12 cells changed, max +4.0 at 4000 RPM / 100 kPa`. */
	summary: string[];
}

export interface DiffOptions {
	/** Numeric differences up to this count as equal (float noise). @default 0 */
	tolerance?: number;
}

/**
 * Table by table, cell by cell: what changed from tune `a` to tune `b`. `schema` describes the constants (b's
 * schema when the two definitions differ but are compatible: same names, same shapes; where a shape differs the
 * change is `reshaped`). Cell positions are located on b's axes.
 */
export function diffTunes(
	a: Tune,
	b: Tune,
	schema: TuneSchema,
	options: DiffOptions = {}
): TuneDiff {
	const tolerance = options.tolerance ?? 0;
	const axes = cellAxes(b, schema);
	const changes: ConstantDiff[] = [];
	const extra = [...Object.keys(a.values), ...Object.keys(b.values)].filter(
		(n) => !schema.constants.has(n)
	);
	for (const name of [...schema.constants.keys(), ...new Set(extra)]) {
		const before = a.values[name];
		const after = b.values[name];
		if (before === undefined && after === undefined) continue;
		if (before === undefined) changes.push({ kind: 'added', name, after });
		else if (after === undefined) changes.push({ kind: 'removed', name, before });
		else if (!sameValue(before, after)) {
			const change = diffValue(name, before, after, schema, axes.get(name), tolerance);
			if (change) changes.push(change);
		}
	}
	return { changes, summary: changes.map((c) => describeChange(c, schema)) };
}

type CellAxes = { x?: number[]; y?: number[]; xBy: 'column' | 'row' };

function diffValue(
	name: string,
	before: TuneValue,
	after: TuneValue,
	schema: TuneSchema,
	axes: CellAxes | undefined,
	tolerance: number
): ConstantDiff | null {
	const kind = schema.constants.get(name)?.kind;
	if (typeof before === 'number' && typeof after === 'number' && kind !== 'bits') {
		if (Math.abs(after - before) <= tolerance) return null;
		return { kind: 'scalar', name, before, after, delta: after - before };
	}
	if (Array.isArray(before) && Array.isArray(after)) {
		if (before.length !== after.length || before.some((r, i) => r.length !== after[i].length)) {
			return { kind: 'reshaped', name, before, after };
		}
		const cells: CellChange[] = [];
		before.forEach((row, r) =>
			row.forEach((v, c) => {
				const w = after[r][c];
				if (Math.abs(w - v) <= tolerance || Object.is(v, w)) return;
				const x = axes?.x?.[axes.xBy === 'column' ? c : r];
				const y = axes?.xBy === 'column' ? axes.y?.[r] : undefined;
				cells.push({
					row: r,
					column: c,
					before: v,
					after: w,
					delta: w - v,
					...(x === undefined ? {} : { x }),
					...(y === undefined ? {} : { y })
				});
			})
		);
		if (cells.length === 0) return null;
		const largest = cells.reduce((m, c) => (Math.abs(c.delta) > Math.abs(m.delta) ? c : m));
		return { kind: 'array', name, cells, largest };
	}
	if (!Array.isArray(before) && !Array.isArray(after)) {
		return { kind: kind === 'string' ? 'string' : 'bits', name, before, after };
	}
	return { kind: 'reshaped', name, before, after };
}

/** The bins that locate each cell of every table z and curve line. */
function cellAxes(tune: Tune, schema: TuneSchema): Map<string, CellAxes> {
	const bins = (name: string) => {
		const v = tune.values[name];
		return Array.isArray(v) ? v.flat() : undefined;
	};
	const out = new Map<string, CellAxes>();
	for (const c of schema.curves) {
		for (const y of c.y) out.set(y.constant, { x: bins(c.x.constant), xBy: 'row' });
	}
	for (const t of schema.tables) {
		out.set(t.z, { x: bins(t.x.constant), y: bins(t.y.constant), xBy: 'column' });
	}
	return out;
}
