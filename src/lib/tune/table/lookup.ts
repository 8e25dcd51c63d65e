import type { Grid } from './operations';

/** Where a value falls on an axis: between bins `index` and `index + 1`, `fraction` of the way (0…1). */
export interface AxisPosition {
	index: number;
	fraction: number;
	/** The value was outside the bins and was held at the first or last one (as the ECU does). */
	clamped: boolean;
}

/**
 * A value's position on ascending bins. Below the first bin it is at bin 0, above the last at the last bin, as
 * Speeduino's table lookup clamps; equal neighbouring bins are crossed without a step. A bin list that is empty,
 * not finite or descending throws a RangeError (validateTune reports such axes before they reach an ECU).
 */
export function axisPosition(bins: readonly number[], value: number): AxisPosition {
	const n = bins.length;
	if (n === 0) throw new RangeError('an axis needs at least one bin');
	for (let i = 1; i < n; i++) {
		if (!(bins[i] >= bins[i - 1])) {
			throw new RangeError(
				`axis bins must ascend: bin ${i} (${bins[i]}) < bin ${i - 1} (${bins[i - 1]})`
			);
		}
	}
	if (Number.isNaN(value)) throw new RangeError('the operating point is NaN');
	if (n === 1 || value <= bins[0]) return { index: 0, fraction: 0, clamped: value < bins[0] };
	if (value >= bins[n - 1]) return { index: n - 1, fraction: 0, clamped: value > bins[n - 1] };
	let lo = 0;
	let hi = n - 1;
	while (hi - lo > 1) {
		const mid = (lo + hi) >> 1;
		if (bins[mid] <= value) lo = mid;
		else hi = mid;
	}
	const span = bins[hi] - bins[lo];
	return { index: lo, fraction: span > 0 ? (value - bins[lo]) / span : 0, clamped: false };
}

/** One cell's share of an interpolated value. */
export interface CellWeight {
	row: number;
	column: number;
	weight: number;
}

/** A live operating point on a table: the interpolated value, and the cells (with weights) it was made from. */
export interface OperatingPoint {
	value: number;
	/** Row (y) and column (x) positions: the cell is [row.index][column.index] plus the fractions. */
	row: AxisPosition;
	column: AxisPosition;
	/** The up to four cells around the point, weights summing to 1 (zero weights left out). */
	weights: CellWeight[];
	/** The cell with the largest weight: the one to highlight. */
	nearest: { row: number; column: number };
}

/**
 * Bilinear interpolation of `z` (rows over yBins, columns over xBins) at (x, y): what the ECU looks up for an
 * operating point, and the cells and weights behind it for the live cell trace and for autotune's per-cell
 * attribution.
 */
export function lookupTable(
	z: Grid,
	xBins: readonly number[],
	yBins: readonly number[],
	x: number,
	y: number
): OperatingPoint {
	if (z.length !== yBins.length || z.some((r) => r.length !== xBins.length)) {
		throw new RangeError(
			`a ${z.length}×${z[0]?.length ?? 0} table does not match ${yBins.length} y and ${xBins.length} x bins`
		);
	}
	const column = axisPosition(xBins, x);
	const row = axisPosition(yBins, y);
	const weights: CellWeight[] = [];
	const add = (r: number, c: number, w: number) => {
		if (w > 0) weights.push({ row: r, column: c, weight: w });
	};
	const fx = column.fraction;
	const fy = row.fraction;
	add(row.index, column.index, (1 - fx) * (1 - fy));
	add(row.index, column.index + 1, fx * (1 - fy));
	add(row.index + 1, column.index, (1 - fx) * fy);
	add(row.index + 1, column.index + 1, fx * fy);
	let value = 0;
	let best = weights[0];
	for (const w of weights) {
		value += w.weight * z[w.row][w.column];
		if (w.weight > best.weight) best = w;
	}
	return { value, row, column, weights, nearest: { row: best.row, column: best.column } };
}

/** Linear interpolation of a curve's values over its x bins at `x`, clamped at the ends. */
export function lookupCurve(
	xBins: readonly number[],
	values: readonly number[],
	x: number
): number {
	if (values.length !== xBins.length) {
		throw new RangeError(`${values.length} values for ${xBins.length} bins`);
	}
	const p = axisPosition(xBins, x);
	if (p.fraction === 0) return values[p.index];
	return values[p.index] + (values[p.index + 1] - values[p.index]) * p.fraction;
}
