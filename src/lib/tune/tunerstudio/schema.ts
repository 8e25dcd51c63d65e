import {
	DATA_TYPES,
	compileExpression,
	definitionScope,
	type Constant,
	type EcuDefinition,
	type EnvValue,
	type NumericValue,
	type PcVariable,
	type TextValue
} from '../ini';
import type {
	AxisSpec,
	ConstantSpec,
	CurveSpec,
	TableSpec,
	Tune,
	TuneSchema,
	ValueLocation
} from '../model';
import { envValue } from '../tune-values';

/**
 * The neutral schema of a TunerStudio definition. Units, bounds and digits given as `{ expressions }` (speeduino.ini
 * `bitStringValue(algorithmUnits, algorithm)` for a load axis's units, `fuelLoadMax` for its maximum) are
 * evaluated against `tune` (or the definition's defaults without one); one that cannot be evaluated falls back to
 * no units, the storage type's range and 0 digits. Arrays take the .msq's orientation: `[N]` is N rows of 1
 * column, `[CxR]` is R rows of C columns.
 */
export function tunerStudioSchema(definition: EcuDefinition, tune?: Tune): TuneSchema {
	const placed = definition.pages.flatMap((p) => p.constants);
	const env: Record<string, EnvValue> = {};
	if (tune) {
		const kinds = new Map<string, ConstantSpec>();
		for (const c of [...placed, ...(definition.pcVariables ?? [])]) {
			if (c.kind === 'bits')
				kinds.set(c.name, { kind: 'bits', name: c.name, options: c.options, location: 'ecu' });
		}
		for (const [name, value] of Object.entries(tune.values)) {
			const v = envValue(kinds.get(name), value);
			if (v !== undefined) env[name] = v;
		}
	}
	const scope = definitionScope(definition, { constants: env });
	const evaluate = (value: NumericValue | TextValue): number | string | undefined => {
		if (typeof value !== 'object') return value;
		try {
			return compileExpression(value.source, scope).evaluate();
		} catch {
			return undefined;
		}
	};
	const constants = new Map<string, ConstantSpec>();
	const add = (c: Constant | PcVariable, location: ValueLocation) =>
		constants.set(c.name, specOf(c, location, evaluate));
	for (const c of placed) add(c, 'ecu');
	for (const v of definition.pcVariables ?? []) if (!constants.has(v.name)) add(v, 'pc');
	return {
		format: 'tunerstudio-ini',
		signature: definition.signature,
		constants,
		tables: (definition.tables ?? []).flatMap((t): TableSpec[] => {
			const x = axis(t.xBins, t.xyLabels?.[0]);
			const y = axis(t.yBins, t.xyLabels?.[1]);
			if (![x.constant, y.constant, t.zBins].every((n) => constants.get(n)?.kind === 'array'))
				return [];
			return [
				{
					name: t.name,
					title: t.title,
					x,
					y,
					z: t.zBins,
					...(t.upDownLabel ? { upDownLabels: t.upDownLabel } : {})
				}
			];
		}),
		curves: (definition.curves ?? []).flatMap((c): CurveSpec[] => {
			const x = axis(c.xBins, c.columnLabels[0]);
			const y = c.yBins.map((b, i) => axis(b, c.lineLabels[i] ?? c.columnLabels[2 * i + 1]));
			if (![x, ...y].every((a) => constants.get(a.constant)?.kind === 'array')) return [];
			return [{ name: c.name, title: c.title, x, y }];
		})
	};
}

function axis(bins: { constant: string; channel?: string }, label: string | undefined): AxisSpec {
	return {
		constant: bins.constant,
		...(bins.channel ? { channel: bins.channel } : {}),
		...(label?.trim() ? { label: label.trim() } : {})
	};
}

function specOf(
	c: Constant | PcVariable,
	location: ValueLocation,
	evaluate: (v: NumericValue | TextValue) => number | string | undefined
): ConstantSpec {
	switch (c.kind) {
		case 'bits':
			return { kind: 'bits', name: c.name, location, options: c.options };
		case 'string':
			return { kind: 'string', name: c.name, location, length: c.length };
		default: {
			const type = DATA_TYPES[c.type];
			const num = (v: NumericValue, fallback: number) => {
				const x = evaluate(v);
				return typeof x === 'number' && Number.isFinite(x) ? x : fallback;
			};
			const scale = num(c.scale, 1);
			const translate = num(c.translate, 0);
			const rawMin = (type.min + translate) * scale;
			const rawMax = (type.max + translate) * scale;
			const units = evaluate(c.units);
			const numeric = {
				units: typeof units === 'string' ? units : units === undefined ? '' : String(units),
				min: num(c.min, Math.min(rawMin, rawMax)),
				max: num(c.max, Math.max(rawMin, rawMax)),
				digits: Math.max(0, Math.round(num(c.digits, 0))),
				resolution: type.float ? 0 : Math.abs(scale)
			};
			if (c.kind === 'scalar') return { kind: 'scalar', name: c.name, location, ...numeric };
			const { columns, rows } = c.shape;
			return {
				kind: 'array',
				name: c.name,
				location,
				...numeric,
				rows: rows === 1 ? columns : rows,
				columns: rows === 1 ? 1 : columns
			};
		}
	}
}
