import { describe, expect, it } from 'vitest';
import { LOADED, SCHEMA } from '../test-fixtures.test-helper';
import { axisPosition, lookupCurve, lookupTable } from './lookup';
import { curveView, tableView } from './view';

const ve = tableView(LOADED.tune, SCHEMA, 'veTable1Tbl');

describe('operating-point lookup', () => {
	it('places a value between bins with a fraction, clamping outside the axis', () => {
		const rpm = [500, 1000, 2000, 4000];
		expect(axisPosition(rpm, 1500)).toEqual({ index: 1, fraction: 0.5, clamped: false });
		expect(axisPosition(rpm, 1000)).toEqual({ index: 1, fraction: 0, clamped: false });
		expect(axisPosition(rpm, 300)).toEqual({ index: 0, fraction: 0, clamped: true });
		expect(axisPosition(rpm, 9000)).toEqual({ index: 3, fraction: 0, clamped: true });
		expect(axisPosition([0, 10, 10, 20], 10).fraction).toBe(0);
		expect(() => axisPosition([0, 20, 10], 5)).toThrow(/must ascend: bin 2 \(10\) < bin 1 \(20\)/);
		expect(() => axisPosition([], 5)).toThrow(RangeError);
		expect(() => axisPosition(rpm, NaN)).toThrow(/NaN/);
	});

	it('interpolates bilinearly and names the cells and weights behind the value', () => {
		const z = [
			[10, 20],
			[30, 40]
		];
		const p = lookupTable(z, [1000, 2000], [50, 100], 1250, 75);
		expect(p.value).toBeCloseTo(
			0.75 * 0.5 * 10 + 0.25 * 0.5 * 20 + 0.75 * 0.5 * 30 + 0.25 * 0.5 * 40,
			12
		);
		expect(p.weights.reduce((s, w) => s + w.weight, 0)).toBeCloseTo(1, 12);
		expect(p.nearest).toEqual({ row: 0, column: 0 });
		expect(lookupTable(z, [1000, 2000], [50, 100], 2000, 100).weights).toEqual([
			{ row: 1, column: 1, weight: 1 }
		]);
	});

	it('reads the shipped VE table at a live point the way the ECU does', () => {
		// Exactly on bins: the cell itself.
		expect(lookupTable(ve.z, ve.x, ve.y, ve.x[6], ve.y[9]).value).toBe(ve.z[9][6]);
		const p = lookupTable(ve.z, ve.x, ve.y, (ve.x[6] + ve.x[7]) / 2, ve.y[9]);
		expect(p.value).toBeCloseTo((ve.z[9][6] + ve.z[9][7]) / 2, 12);
		expect(p.column).toEqual({ index: 6, fraction: 0.5, clamped: false });
		expect(() => lookupTable(ve.z, ve.x.slice(1), ve.y, 1000, 50)).toThrow(/does not match/);
	});

	it('interpolates curves linearly', () => {
		const wue = curveView(LOADED.tune, SCHEMA, 'warmup_curve');
		const [line] = wue.lines;
		expect(lookupCurve(wue.x, line.values, wue.x[2])).toBe(line.values[2]);
		expect(lookupCurve(wue.x, line.values, (wue.x[2] + wue.x[3]) / 2)).toBeCloseTo(
			(line.values[2] + line.values[3]) / 2,
			12
		);
		expect(lookupCurve(wue.x, line.values, -1000)).toBe(line.values[0]);
	});
});
