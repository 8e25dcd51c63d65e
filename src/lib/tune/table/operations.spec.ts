import { describe, expect, it } from 'vitest';
import { SCHEMA, LOADED } from '../test-fixtures.test-helper';
import {
	addToCells,
	fitCells,
	interpolate2D,
	interpolateColumns,
	interpolateRows,
	scaleCells,
	setCells,
	smoothCells
} from './operations';
import { checkSelection, selectAll, selectionBetween, type Selection } from './selection';
import { tableView } from './view';

const ve = tableView(LOADED.tune, SCHEMA, 'veTable1Tbl');
const block: Selection = { top: 2, left: 3, bottom: 5, right: 7 };
const inside = (r: number, c: number, s: Selection) =>
	r >= s.top && r <= s.bottom && c >= s.left && c <= s.right;

/** Cells outside `s` are untouched. */
function expectOnlyInside(before: number[][], after: number[][], s: Selection) {
	after.forEach((row, r) =>
		row.forEach((v, c) => {
			if (!inside(r, c, s)) expect(v, `[${r}][${c}]`).toBe(before[r][c]);
		})
	);
}

describe('table operations on the shipped VE table', () => {
	it('reads the VE table with its rpm and load axes and bounds from the definition', () => {
		expect(ve.x).toEqual([
			500, 700, 900, 1400, 2000, 2800, 3600, 4500, 5200, 5500, 5800, 6200, 6500, 6800, 6900, 7000
		]);
		expect(ve.y).toEqual([16, 26, 30, 36, 40, 46, 50, 56, 60, 66, 70, 76, 86, 90, 96, 100]);
		expect(ve.z).toHaveLength(16);
		expect(ve.bounds).toEqual({ min: 0, max: 255, digits: 0 });
		expect(ve.spec.x).toMatchObject({ constant: 'rpmBins', channel: 'rpm' });
		expect(ve.spec.y).toMatchObject({ constant: 'fuelLoadBins', channel: 'fuelLoad' });
	});

	it('sets, adds and scales only the selection, clamped to lo/hi and rounded to digits', () => {
		const set = setCells(ve.z, block, 300, ve.bounds);
		expectOnlyInside(ve.z, set, block);
		expect(set[2][3]).toBe(255);
		const added = addToCells(ve.z, block, 2.4, ve.bounds);
		expect(added[4][5]).toBe(ve.z[4][5] + 2);
		expectOnlyInside(ve.z, added, block);
		const scaled = scaleCells(ve.z, block, 5, ve.bounds);
		expect(scaled[5][7]).toBe(Math.round(ve.z[5][7] * 1.05));
		expect(scaleCells([[40]], selectAll([[40]]), -10)).toEqual([[36]]);
		const lowered = addToCells(ve.z, selectAll(ve.z), -1000, ve.bounds);
		expect(lowered.flat().every((v) => v === 0)).toBe(true);
	});

	it('interpolates across rows by the rpm bins, not by column index', () => {
		const grid = [[10, 0, 0, 40]];
		// Bins 0, 100, 200, 300 are even; 0, 10, 20, 300 put the middle cells near the left end.
		expect(interpolateRows(grid, selectAll(grid), [0, 100, 200, 300])).toEqual([[10, 20, 30, 40]]);
		expect(interpolateRows(grid, selectAll(grid), [0, 10, 20, 300])).toEqual([[10, 11, 12, 40]]);
		expect(interpolateRows(grid, selectAll(grid))).toEqual([[10, 20, 30, 40]]);
		const veRows = interpolateRows(ve.z, block, ve.x, ve.bounds);
		expectOnlyInside(ve.z, veRows, block);
		for (let r = block.top; r <= block.bottom; r++) {
			expect(veRows[r][block.left]).toBe(ve.z[r][block.left]);
			expect(veRows[r][block.right]).toBe(ve.z[r][block.right]);
		}
	});

	it('interpolates down columns by the load bins', () => {
		const grid = [[0], [5], [7], [30]];
		expect(interpolateColumns(grid, selectAll(grid), [20, 40, 60, 80])).toEqual([
			[0],
			[10],
			[20],
			[30]
		]);
	});

	it('fills a selection from its edges: exact on a bilinear surface, edges kept', () => {
		const plane = Array.from({ length: 6 }, (_, r) =>
			Array.from({ length: 7 }, (_, c) => 20 + 3 * c + 5 * r + 0.5 * r * c)
		);
		const holed = setCells(plane, { top: 1, left: 1, bottom: 4, right: 5 }, 0);
		interpolate2D(holed, selectAll(holed)).forEach((row, r) =>
			row.forEach((v, c) => expect(v).toBeCloseTo(plane[r][c], 10))
		);
		// Non-linear edges are kept and the inside blends them (a Coons patch).
		const bumpy = [
			[0, 10, 0],
			[0, 99, 10],
			[0, 10, 0]
		];
		const filled = interpolate2D(bumpy, selectAll(bumpy));
		expect(filled[0]).toEqual([0, 10, 0]);
		expect(filled[1][0]).toBe(0);
		expect(filled[1][2]).toBe(10);
		// Row-wise fill 10 (from 10 above and below) + column-wise 5 (from 0 and 10) − corners 0.
		expect(filled[1][1]).toBe(15);
	});

	it('smooths with a 3×3 weighted kernel, reading neighbours outside the selection but never writing them', () => {
		const spike = Array.from({ length: 5 }, () => Array(5).fill(50));
		spike[2][2] = 66;
		const smoothed = smoothCells(spike, selectAll(spike));
		expect(smoothed[2][2]).toBe(54);
		expect(smoothed[1][1]).toBe(51);
		expect(smoothed[1][2]).toBe(52);
		expect(smoothed[0][0]).toBe(50);
		const only = { top: 2, left: 2, bottom: 2, right: 2 };
		const one = smoothCells(spike, only);
		expectOnlyInside(spike, one, only);
		expect(one[2][2]).toBe(54);
		// A flat table stays flat, edges and corners included (weights renormalised at the border).
		const flat = Array.from({ length: 3 }, () => Array(4).fill(7));
		expect(smoothCells(flat, selectAll(flat), { passes: 3 })).toEqual(flat);
		const veSmooth = smoothCells(ve.z, block, { bounds: ve.bounds });
		expectOnlyInside(ve.z, veSmooth, block);
		expect(veSmooth.flat().every(Number.isInteger)).toBe(true);
	});

	it('rejects selections outside the table and bad kernels with precise errors', () => {
		expect(() => setCells(ve.z, { top: 0, left: 0, bottom: 16, right: 0 }, 1)).toThrow(
			/rows 0–16, columns 0–0 is not inside a 16×16 table/
		);
		expect(() => checkSelection(ve.z, { top: 3, left: 0, bottom: 2, right: 0 })).toThrow(
			RangeError
		);
		expect(() => smoothCells(ve.z, block, { kernel: [[1]] })).toThrow(/3×3/);
		expect(() => smoothCells(ve.z, block, { passes: 0 })).toThrow(/passes/);
		expect(() => interpolateRows(ve.z, block, [1, 2])).toThrow(/axis has no bin 3/);
		expect(selectionBetween({ row: 5, column: 1 }, { row: 2, column: 4 })).toEqual({
			top: 2,
			left: 1,
			bottom: 5,
			right: 4
		});
	});

	it('clamps and rounds a whole grid to the definition', () => {
		expect(fitCells([[-3, 12.345, 999]], { min: 0, max: 100, digits: 1 })).toEqual([
			[0, 12.3, 100]
		]);
		expect(fitCells([[0.05]], { min: 0, max: 0.07, digits: 1 })).toEqual([[0.07]]);
	});
});
