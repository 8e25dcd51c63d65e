import { describe, expect, it } from 'vitest';
import type { Tune } from '../model';
import { LOADED, SCHEMA } from '../test-fixtures.test-helper';
import { addToCells } from '../table/operations';
import { tableView, withValue } from '../table/view';
import { diffTunes } from './diff';
import { restoreFrom } from './restore';

const a = LOADED.tune;
const ve = tableView(a, SCHEMA, 'veTable1Tbl');

/** Version B: VE +4 in a 3×4 block around 4500 rpm / 100 kPa, +1 elsewhere, and a few settings changed. */
function versionB(): Tune {
	let z = addToCells(ve.z, { top: 13, left: 5, bottom: 15, right: 8 }, 3);
	z = addToCells(z, { top: 15, left: 7, bottom: 15, right: 7 }, 1);
	let b = withValue(a, 'veTable', z);
	b = withValue(b, 'reqFuel', 11.5);
	b = withValue(b, 'injType', 'Throttle Body');
	b = withValue(b, 'AUXin00Alias', 'Oil');
	const wue = (a.values.wueRates as number[][]).map((r) => [...r]);
	wue[0][0] -= 10;
	return withValue(b, 'wueRates', wue);
}

describe('tune diff', () => {
	const b = versionB();
	const diff = diffTunes(a, b, SCHEMA);

	it('finds every changed constant in definition order, cell by cell for tables', () => {
		// wueRates sits before reqFuel on page 1 of speeduino.ini.
		expect(diff.changes.map((c) => c.name)).toEqual([
			'wueRates',
			'reqFuel',
			'injType',
			'veTable',
			'AUXin00Alias'
		]);
		const veChange = diff.changes.find((c) => c.name === 'veTable')!;
		expect(veChange.kind).toBe('array');
		if (veChange.kind !== 'array') return;
		expect(veChange.cells).toHaveLength(12);
		expect(veChange.largest).toMatchObject({ row: 15, column: 7, delta: 4, x: 4500, y: 100 });
		expect(veChange.cells.every((c) => c.after - c.before === c.delta)).toBe(true);
	});

	it('summarises each change in plain language with where the biggest change is', () => {
		expect(diff.summary).toEqual([
			'Warmup Enrichment (WUE) Curve: 1 cell changed, max −10.0 % at -40 C',
			'reqFuel: 12.2 → 11.5 ms',
			'injType: Port → Throttle Body',
			'VE Table: 12 cells changed, max +4.0 % at 4500 RPM / 100 kPa',
			'AUXin00Alias: "Aux0" → "Oil"'
		]);
	});

	it('reports nothing between a tune and itself, and ignores differences within the tolerance', () => {
		expect(diffTunes(a, a, SCHEMA).changes).toEqual([]);
		const noisy = withValue(a, 'reqFuel', (a.values.reqFuel as number) + 1e-9);
		expect(diffTunes(a, noisy, SCHEMA, { tolerance: 1e-6 }).changes).toEqual([]);
		expect(diffTunes(a, noisy, SCHEMA).changes).toHaveLength(1);
	});

	it('flags values only one side has, and shapes that differ', () => {
		const { reqFuel: _r, ...rest } = a.values;
		const without: Tune = { ...a, values: rest };
		expect(diffTunes(a, without, SCHEMA).changes).toEqual([
			{ kind: 'removed', name: 'reqFuel', before: 12.2 }
		]);
		expect(diffTunes(without, a, SCHEMA).summary).toEqual(['reqFuel: added (12.2)']);
		const reshaped = withValue(a, 'veTable', [[1]]);
		expect(diffTunes(a, reshaped, SCHEMA).summary).toEqual([
			'veTable: shape changed (16×16 → 1×1)'
		]);
	});
});

describe('partial restore', () => {
	const b = versionB();

	it('brings back only the chosen table (with its axes) from an earlier version', () => {
		const r = restoreFrom(a, b, ['veTable1Tbl'], SCHEMA);
		expect(r.restored.sort()).toEqual(['fuelLoadBins', 'rpmBins', 'veTable']);
		expect(r.tune.values.veTable).toEqual(a.values.veTable);
		expect(r.tune.values.reqFuel).toBe(11.5);
		expect(r.edit.changes.map((c) => c.name)).toEqual(['veTable']);
		expect(r.skipped).toEqual([]);
		expect(r.alsoAffects).toEqual([]);
		expect(diffTunes(a, r.tune, SCHEMA).changes.map((c) => c.name)).toEqual([
			'wueRates',
			'reqFuel',
			'injType',
			'AUXin00Alias'
		]);
	});

	it('restores scalars and curves by name and says what it could not restore', () => {
		const r = restoreFrom(a, b, ['reqFuel', 'warmup_curve', 'nonsense'], SCHEMA);
		expect(r.tune.values.reqFuel).toBe(12.2);
		expect(r.tune.values.wueRates).toEqual(a.values.wueRates);
		expect(r.skipped).toEqual([
			{ name: 'nonsense', reason: 'not a table, curve or constant of this definition' }
		]);
		const broken = withValue(a, 'veTable', [[1, 2]]);
		expect(restoreFrom(broken, b, ['veTable'], SCHEMA).skipped).toEqual([
			{
				name: 'veTable',
				reason: "the source value does not fit this definition's shape or options"
			}
		]);
	});

	it('names the other tables that share a restored axis', () => {
		const bins = (a.values.rpmBins as number[][]).map((r) => [r[0] + 50]);
		const moved = withValue(b, 'rpmBins', bins);
		const shared = SCHEMA.tables.filter(
			(t) => t.x.constant === 'rpmBins' && t.name !== 'veTable1Tbl'
		);
		const r = restoreFrom(a, moved, ['veTable1Tbl'], SCHEMA);
		expect(r.alsoAffects).toEqual(shared.map((t) => t.name));
	});
});
