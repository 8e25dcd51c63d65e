import { checkSelection, fitValue, type CellBounds, type Selection } from './selection';

export type Grid = readonly (readonly number[])[];

/**
 * Pure cell operations on a table or curve (rows × columns of numbers). Each returns a new grid in which only the
 * selected cells changed; with `bounds`, every changed cell is clamped to the definition's lo/hi and rounded to its
 * digits, as the ECU would hold it. None mutates its input.
 */

/** Every selected cell set to `value`. */
export function setCells(
	grid: Grid,
	selection: Selection,
	value: number,
	bounds?: CellBounds
): number[][] {
	return mapSelection(grid, selection, () => value, bounds);
}

/** `delta` added to every selected cell. */
export function addToCells(
	grid: Grid,
	selection: Selection,
	delta: number,
	bounds?: CellBounds
): number[][] {
	return mapSelection(grid, selection, (v) => v + delta, bounds);
}

/** Every selected cell changed by `percent` % of itself: +5 multiplies by 1.05, −10 by 0.9. */
export function scaleCells(
	grid: Grid,
	selection: Selection,
	percent: number,
	bounds?: CellBounds
): number[][] {
	return mapSelection(grid, selection, (v) => v * (1 + percent / 100), bounds);
}

/** `f(value, row, column)` applied to every selected cell. */
export function mapSelection(
	grid: Grid,
	selection: Selection,
	f: (value: number, row: number, column: number) => number,
	bounds?: CellBounds
): number[][] {
	checkSelection(grid, selection);
	return grid.map((row, r) =>
		r < selection.top || r > selection.bottom
			? [...row]
			: row.map((v, c) =>
					c < selection.left || c > selection.right ? v : fitValue(f(v, r, c), bounds)
				)
	);
}

/**
 * Each selected row filled linearly between its first and last selected cell, by the x bins' values when given
 * (so unevenly spaced rpm bins get an even slope per rpm), else by column index.
 */
export function interpolateRows(
	grid: Grid,
	selection: Selection,
	xBins?: readonly number[],
	bounds?: CellBounds
): number[][] {
	const { left, right } = selection;
	return mapSelection(
		grid,
		selection,
		(v, r, c) =>
			lerpAt(
				position(xBins, c),
				position(xBins, left),
				position(xBins, right),
				grid[r][left],
				grid[r][right]
			),
		bounds
	);
}

/** Each selected column filled linearly between its first and last selected cell, by the y bins when given. */
export function interpolateColumns(
	grid: Grid,
	selection: Selection,
	yBins?: readonly number[],
	bounds?: CellBounds
): number[][] {
	const { top, bottom } = selection;
	return mapSelection(
		grid,
		selection,
		(v, r, c) =>
			lerpAt(
				position(yBins, r),
				position(yBins, top),
				position(yBins, bottom),
				grid[top][c],
				grid[bottom][c]
			),
		bounds
	);
}

/**
 * The inside of the selection filled from its four edges (a Coons patch: the sum of the row-wise and column-wise
 * linear fills less the bilinear fill of the corners). It keeps every edge cell, and where the edges are linear it
 * is exactly bilinear interpolation from the corners. Positions follow the bins when given.
 */
export function interpolate2D(
	grid: Grid,
	selection: Selection,
	xBins?: readonly number[],
	yBins?: readonly number[],
	bounds?: CellBounds
): number[][] {
	checkSelection(grid, selection);
	const { top, left, bottom, right } = selection;
	const u = (c: number) =>
		fraction(position(xBins, c), position(xBins, left), position(xBins, right));
	const w = (r: number) =>
		fraction(position(yBins, r), position(yBins, top), position(yBins, bottom));
	const g = grid;
	return mapSelection(
		grid,
		selection,
		(v, r, c) => {
			const s = u(c);
			const t = w(r);
			const rows = (1 - t) * g[top][c] + t * g[bottom][c];
			const columns = (1 - s) * g[r][left] + s * g[r][right];
			const corners =
				(1 - s) * (1 - t) * g[top][left] +
				s * (1 - t) * g[top][right] +
				(1 - s) * t * g[bottom][left] +
				s * t * g[bottom][right];
			return rows + columns - corners;
		},
		bounds
	);
}

/** The default smoothing kernel: a 3×3 binomial (Gaussian-like) filter, centre weighted 4, edges 2, corners 1. */
export const SMOOTH_KERNEL: readonly (readonly number[])[] = [
	[1, 2, 1],
	[2, 4, 2],
	[1, 2, 1]
];

/**
 * Each selected cell replaced by the weighted mean of its 3×3 neighbourhood (`kernel`, centre at [1][1]), read
 * from the grid before the pass; neighbours outside the table are left out and the weights renormalised. Cells
 * outside the selection are read, never written, so a smoothed patch blends into what surrounds it. `passes`
 * repeats the filter.
 */
export function smoothCells(
	grid: Grid,
	selection: Selection,
	options: { kernel?: readonly (readonly number[])[]; passes?: number; bounds?: CellBounds } = {}
): number[][] {
	const kernel = options.kernel ?? SMOOTH_KERNEL;
	if (kernel.length !== 3 || kernel.some((row) => row.length !== 3 || row.some((k) => !(k >= 0)))) {
		throw new TypeError('the smoothing kernel must be 3×3 non-negative weights');
	}
	const passes = options.passes ?? 1;
	if (!Number.isInteger(passes) || passes < 1)
		throw new TypeError('passes must be a positive integer');
	let current = grid.map((r) => [...r]);
	for (let p = 0; p < passes; p++) {
		const source = current;
		current = mapSelection(source, selection, (v, r, c) => {
			let sum = 0;
			let weight = 0;
			for (let dr = -1; dr <= 1; dr++) {
				const row = source[r + dr];
				if (!row) continue;
				for (let dc = -1; dc <= 1; dc++) {
					const value = row[c + dc];
					if (value === undefined) continue;
					const k = kernel[dr + 1][dc + 1];
					sum += k * value;
					weight += k;
				}
			}
			return weight > 0 ? sum / weight : v;
		});
	}
	return options.bounds ? mapSelection(current, selection, (v) => v, options.bounds) : current;
}

/** Every cell clamped to the bounds and rounded to the digits. */
export function fitCells(grid: Grid, bounds: CellBounds): number[][] {
	return grid.map((row) => row.map((v) => fitValue(v, bounds)));
}

function position(bins: readonly number[] | undefined, index: number): number {
	if (!bins) return index;
	const v = bins[index];
	if (v === undefined || !Number.isFinite(v)) {
		throw new RangeError(`axis has no bin ${index} (it has ${bins.length})`);
	}
	return v;
}

function fraction(at: number, from: number, to: number): number {
	return to === from ? 0 : (at - from) / (to - from);
}

function lerpAt(at: number, from: number, to: number, a: number, b: number): number {
	const t = fraction(at, from, to);
	return a + (b - a) * t;
}
