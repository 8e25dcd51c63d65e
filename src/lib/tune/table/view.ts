import { TuneValueError } from '../errors';
import type { ConstantSpec, CurveSpec, TableSpec, Tune, TuneSchema, TuneValue } from '../model';
import type { CellBounds } from './selection';

/** A table's axes and cells as plain numbers, with the bounds each may take. */
export interface TableView {
	spec: TableSpec;
	x: number[];
	y: number[];
	/** z[row][column]: row i is y bin i, column j is x bin j. */
	z: number[][];
	bounds: CellBounds;
	xBounds: CellBounds;
	yBounds: CellBounds;
}

export interface CurveView {
	spec: CurveSpec;
	x: number[];
	xBounds: CellBounds;
	lines: { constant: string; values: number[]; bounds: CellBounds }[];
}

/** The table named `name` (a TableSpec name or its z constant) from `tune`. */
export function tableView(tune: Tune, schema: TuneSchema, name: string): TableView {
	const spec = schema.tables.find((t) => t.name === name || t.z === name);
	if (!spec) throw new TuneValueError(name, 'not a table of this definition');
	const x = axisValues(tune, schema, spec.x.constant);
	const y = axisValues(tune, schema, spec.y.constant);
	const z = gridValue(tune, spec.z);
	if (z.length !== y.length || z.some((row) => row.length !== x.length)) {
		throw new TuneValueError(
			spec.z,
			`is ${z.length}×${z[0]?.length ?? 0} but its axes have ${y.length} y and ${x.length} x bins`
		);
	}
	return {
		spec,
		x,
		y,
		z,
		bounds: boundsOf(schema, spec.z),
		xBounds: boundsOf(schema, spec.x.constant),
		yBounds: boundsOf(schema, spec.y.constant)
	};
}

/** The curve named `name` from `tune`. */
export function curveView(tune: Tune, schema: TuneSchema, name: string): CurveView {
	const spec = schema.curves.find((c) => c.name === name);
	if (!spec) throw new TuneValueError(name, 'not a curve of this definition');
	const x = axisValues(tune, schema, spec.x.constant);
	return {
		spec,
		x,
		xBounds: boundsOf(schema, spec.x.constant),
		lines: spec.y.map((axis) => {
			const values = axisValues(tune, schema, axis.constant);
			if (values.length !== x.length) {
				throw new TuneValueError(
					axis.constant,
					`has ${values.length} values for ${x.length} x bins`
				);
			}
			return { constant: axis.constant, values, bounds: boundsOf(schema, axis.constant) };
		})
	};
}

/** A 1-D array's values in order (an N×1 or 1×N grid flattened). */
export function axisValues(tune: Tune, schema: TuneSchema, name: string): number[] {
	const spec = schema.constants.get(name);
	if (spec?.kind !== 'array') throw new TuneValueError(name, 'not an array constant');
	return gridValue(tune, name).flat();
}

/** An array constant's grid. */
export function gridValue(tune: Tune, name: string): number[][] {
	const value = tune.values[name];
	if (value === undefined) throw new TuneValueError(name, 'the tune has no value');
	if (!Array.isArray(value)) throw new TuneValueError(name, 'not an array value');
	return value;
}

/** The lo/hi and digits of a numeric constant; a name that is not one throws TuneValueError. */
export function boundsOf(schema: TuneSchema, name: string): CellBounds {
	const spec = schema.constants.get(name);
	if (!spec || (spec.kind !== 'array' && spec.kind !== 'scalar')) {
		throw new TuneValueError(name, 'not a numeric constant');
	}
	return { min: spec.min, max: spec.max, digits: spec.digits };
}

/** A new Tune with one value replaced. */
export function withValue(tune: Tune, name: string, value: TuneValue): Tune {
	return { ...tune, values: { ...tune.values, [name]: value } };
}

/** Whether `value` has the kind and shape `spec` describes. */
export function fitsSpec(spec: ConstantSpec, value: TuneValue): boolean {
	switch (spec.kind) {
		case 'scalar':
			return typeof value === 'number';
		case 'array':
			return (
				Array.isArray(value) &&
				value.length === spec.rows &&
				value.every((r) => r.length === spec.columns)
			);
		case 'bits':
			return typeof value === 'string' ? spec.options.includes(value) : Number.isInteger(value);
		case 'string':
			return typeof value === 'string' && value.length <= spec.length;
	}
}
