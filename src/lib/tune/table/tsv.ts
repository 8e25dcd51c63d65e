import type { Grid } from './operations';
import { checkSelection, fitValue, type CellBounds, type Selection } from './selection';

/** Clipboard text that is not a block of numbers; `row` and `column` are 0-based within the pasted block. */
export class TsvParseError extends Error {
	override name = 'TsvParseError';
	readonly row: number;
	readonly column: number;

	constructor(message: string, row: number, column: number) {
		super(`row ${row + 1}, column ${column + 1}: ${message}`);
		this.row = row;
		this.column = column;
	}
}

/** A paste that does not fit where it was asked to go. */
export class PasteRangeError extends RangeError {
	override name = 'PasteRangeError';
}

/**
 * The selection as spreadsheet text: cells separated by tabs, rows by newlines, each number with the table's
 * digits (what Excel, LibreOffice and Google Sheets paste as a block).
 */
export function toTsv(grid: Grid, selection: Selection, digits?: number): string {
	checkSelection(grid, selection);
	const rows: string[] = [];
	for (let r = selection.top; r <= selection.bottom; r++) {
		const cells = grid[r].slice(selection.left, selection.right + 1);
		rows.push(cells.map((v) => (digits === undefined ? String(v) : v.toFixed(digits))).join('\t'));
	}
	return rows.join('\n');
}

/**
 * Spreadsheet text as rows of numbers. Accepts tabs (or, for single-column text, nothing else), `\r\n` line ends,
 * one trailing newline, spaces around cells and a decimal comma (`12,5`, as European locales copy it). Ragged rows
 * and anything that is not a number throw TsvParseError naming the cell.
 */
export function parseTsv(text: string): number[][] {
	const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
	if (lines.length === 1 && lines[0].trim() === '')
		throw new TsvParseError('nothing to paste', 0, 0);
	const rows = lines.map((line, r) =>
		line.split('\t').map((cell, c) => {
			const t = cell.trim().replace(/^(-?\d+),(\d+)$/, '$1.$2');
			const v = Number(t);
			if (t === '' || !Number.isFinite(v)) {
				throw new TsvParseError(t === '' ? 'empty cell' : `"${cell.trim()}" is not a number`, r, c);
			}
			return v;
		})
	);
	const width = rows[0].length;
	const ragged = rows.findIndex((row) => row.length !== width);
	if (ragged >= 0) {
		throw new TsvParseError(`${rows[ragged].length} cells where row 1 has ${width}`, ragged, 0);
	}
	return rows;
}

/**
 * Pastes spreadsheet text with its top-left cell at the selection's top-left, as spreadsheets do. A single copied
 * value fills the whole selection; a block that does not fit in the table throws PasteRangeError rather than
 * dropping the overflow. With `bounds`, pasted values are clamped and rounded like any edit.
 */
export function pasteTsv(
	grid: Grid,
	selection: Selection,
	text: string,
	bounds?: CellBounds
): { grid: number[][]; pasted: Selection } {
	checkSelection(grid, selection);
	const block = parseTsv(text);
	const single = block.length === 1 && block[0].length === 1;
	const pasted: Selection = single
		? selection
		: {
				top: selection.top,
				left: selection.left,
				bottom: selection.top + block.length - 1,
				right: selection.left + block[0].length - 1
			};
	const rows = grid.length;
	const columns = grid[0].length;
	if (pasted.bottom >= rows || pasted.right >= columns) {
		throw new PasteRangeError(
			`the pasted block is ${block.length}×${block[0].length} but only ${rows - selection.top}×` +
				`${columns - selection.left} cells remain from row ${selection.top + 1}, column ${selection.left + 1}`
		);
	}
	const out = grid.map((row, r) =>
		row.map((v, c) => {
			if (r < pasted.top || r > pasted.bottom || c < pasted.left || c > pasted.right) return v;
			const value = single ? block[0][0] : block[r - pasted.top][c - pasted.left];
			return fitValue(value, bounds);
		})
	);
	return { grid: out, pasted };
}
