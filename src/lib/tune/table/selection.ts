/** A rectangle of cells, inclusive: rows top…bottom, columns left…right. */
export interface Selection {
	top: number;
	left: number;
	bottom: number;
	right: number;
}

/** What a value may be: the definition's lo/hi and digits. */
export interface CellBounds {
	min: number;
	max: number;
	/** Decimal places kept. */
	digits: number;
}

/** A selection from two corners in any order (an anchor and the cursor, as keyboard range-select gives them). */
export function selectionBetween(
	a: { row: number; column: number },
	b: { row: number; column: number }
): Selection {
	return {
		top: Math.min(a.row, b.row),
		bottom: Math.max(a.row, b.row),
		left: Math.min(a.column, b.column),
		right: Math.max(a.column, b.column)
	};
}

/** The whole grid. */
export function selectAll(grid: readonly (readonly number[])[]): Selection {
	return { top: 0, left: 0, bottom: grid.length - 1, right: (grid[0]?.length ?? 0) - 1 };
}

/** Throws a RangeError unless `selection` is a non-empty rectangle inside `grid`. */
export function checkSelection(grid: readonly (readonly number[])[], selection: Selection): void {
	const { top, left, bottom, right } = selection;
	const rows = grid.length;
	const columns = grid[0]?.length ?? 0;
	const ok =
		[top, left, bottom, right].every(Number.isInteger) &&
		top >= 0 &&
		left >= 0 &&
		top <= bottom &&
		left <= right &&
		bottom < rows &&
		right < columns;
	if (!ok) {
		throw new RangeError(
			`selection rows ${top}–${bottom}, columns ${left}–${right} is not inside a ${rows}×${columns} table`
		);
	}
}

/** Clamps to [min, max] and rounds to `digits` decimals: what the definition lets the ECU hold. */
export function fitValue(value: number, bounds: CellBounds | undefined): number {
	if (!bounds) return value;
	const clamped = Math.min(bounds.max, Math.max(bounds.min, value));
	const factor = 10 ** bounds.digits;
	const rounded = Math.round(clamped * factor) / factor;
	// Rounding may step over a bound that is not on the digits grid; stay inside.
	return rounded > bounds.max ? bounds.max : rounded < bounds.min ? bounds.min : rounded || 0;
}
