import { describe, expect, it } from 'vitest';
import { LOADED, SCHEMA } from '../test-fixtures.test-helper';
import { selectAll } from './selection';
import { PasteRangeError, TsvParseError, parseTsv, pasteTsv, toTsv } from './tsv';
import { tableView } from './view';

const ve = tableView(LOADED.tune, SCHEMA, 'veTable1Tbl');

describe('spreadsheet copy and paste', () => {
	it('copies a selection as tab-separated rows with the table digits', () => {
		const text = toTsv(ve.z, { top: 0, left: 0, bottom: 1, right: 3 }, ve.bounds.digits);
		expect(text).toBe(`${ve.z[0].slice(0, 4).join('\t')}\n${ve.z[1].slice(0, 4).join('\t')}`);
		expect(toTsv([[14.7, 1]], selectAll([[14.7, 1]]), 2)).toBe('14.70\t1.00');
	});

	it('reads what spreadsheets put on the clipboard: CRLF, a trailing newline, decimal commas', () => {
		expect(parseTsv('1\t2\r\n3\t4\r\n')).toEqual([
			[1, 2],
			[3, 4]
		]);
		expect(parseTsv(' 12,5 \t-3')).toEqual([[12.5, -3]]);
		expect(parseTsv('7')).toEqual([[7]]);
	});

	it('names the cell that is not a number, and ragged rows', () => {
		expect(() => parseTsv('1\t2\n3\tx')).toThrow(TsvParseError);
		expect(() => parseTsv('1\t2\n3\tx')).toThrow('row 2, column 2: "x" is not a number');
		expect(() => parseTsv('1\t2\n3')).toThrow('row 2, column 1: 1 cells where row 1 has 2');
		expect(() => parseTsv('1\t\t2')).toThrow('row 1, column 2: empty cell');
		expect(() => parseTsv('')).toThrow('nothing to paste');
	});

	it('round-trips a copied block through paste at another place', () => {
		const source = { top: 4, left: 4, bottom: 6, right: 8 };
		const text = toTsv(ve.z, source, 0);
		const { grid, pasted } = pasteTsv(
			ve.z,
			{ top: 10, left: 0, bottom: 10, right: 0 },
			text,
			ve.bounds
		);
		expect(pasted).toEqual({ top: 10, left: 0, bottom: 12, right: 4 });
		for (let r = 0; r < 3; r++) expect(grid[10 + r].slice(0, 5)).toEqual(ve.z[4 + r].slice(4, 9));
		expect(grid[13]).toEqual(ve.z[13]);
		expect(grid[10].slice(5)).toEqual(ve.z[10].slice(5));
	});

	it('fills the selection with a single copied value, clamped and rounded', () => {
		const s = { top: 0, left: 0, bottom: 2, right: 2 };
		const { grid } = pasteTsv(ve.z, s, '300.4\n', ve.bounds);
		expect(grid.slice(0, 3).map((r) => r.slice(0, 3))).toEqual([
			[255, 255, 255],
			[255, 255, 255],
			[255, 255, 255]
		]);
		expect(
			pasteTsv([[0]], selectAll([[0]]), '12.46', { min: 0, max: 100, digits: 1 }).grid
		).toEqual([[12.5]]);
	});

	it('refuses a block that would run off the table instead of dropping part of it', () => {
		const corner = { top: 15, left: 14, bottom: 15, right: 14 };
		expect(() => pasteTsv(ve.z, corner, '1\t2\t3')).toThrow(PasteRangeError);
		expect(() => pasteTsv(ve.z, corner, '1\t2\t3')).toThrow(
			'the pasted block is 1×3 but only 1×2 cells remain from row 16, column 15'
		);
	});
});
