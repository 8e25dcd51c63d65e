import {
	compileExpression,
	definitionScope,
	writeConstant,
	type Constant,
	type DataType,
	type DefinitionScope,
	type EcuDefinition,
	type EnvValue,
	type NumericValue,
	type PcVariable
} from '../ini';
import type { ArraySpec, ConstantSpec, Tune, TuneValue } from '../model';
import { bitsIndex, bitsValue, envValue } from '../tune-values';
import { tunerStudioSchema } from './schema';

/** A constant that could not be put into (or read from) the page images, and why. */
export interface SkippedConstant {
	name: string;
	reason: string;
}

/**
 * Page images (index = .ini page − 1) holding `tune`'s ECU constants, encoded as the definition lays them out;
 * what a burn writes. Starts from copies of `base` (the ECU's current pages) or zeros, so bytes no constant covers
 * keep their value. Scaling given as an expression (`{ 0.1 / stoich }`) is evaluated with the tune's own values.
 * Values are rounded and clamped to their storage type, as the ECU would hold them.
 */
export function tuneToPages(
	tune: Tune,
	definition: EcuDefinition,
	base?: readonly (Uint8Array | undefined)[]
): { pages: Uint8Array[]; skipped: SkippedConstant[] } {
	const schema = tunerStudioSchema(definition, tune);
	const pages = definition.pages.map((p, i) => {
		const page = new Uint8Array(p.size);
		const from = base?.[i];
		if (from) page.set(from.subarray(0, p.size));
		return page;
	});
	const env: Record<string, EnvValue> = {};
	for (const [name, value] of Object.entries(tune.values)) {
		const v = envValue(schema.constants.get(name), value);
		if (v !== undefined) env[name] = v;
	}
	const scope = definitionScope(definition, { constants: env });
	const skipped: SkippedConstant[] = [];
	for (const page of definition.pages) {
		for (const constant of page.constants) {
			if (!Object.hasOwn(tune.values, constant.name)) continue;
			try {
				const fixed = fixedScaling(constant, scope);
				const value = rawInput(schema.constants.get(constant.name)!, tune.values[constant.name]);
				writeConstant(pages[page.number - 1], fixed, definition.endianness, value);
			} catch (e) {
				skipped.push({ name: constant.name, reason: (e as Error).message });
			}
		}
	}
	return { pages, skipped };
}

/**
 * A Tune read from page images (what TunerStudioAdapter.readPage returns, index = .ini page − 1): every ECU
 * constant on a page given, in user units, rounded to what its storage can hold (so 147 × 0.1 reads 14.7, not
 * 14.700000000000001); [PcVariables] take the definition's defaults. The signature is the definition's.
 */
export function pagesToTune(
	pages: readonly (Uint8Array | null | undefined)[],
	definition: EcuDefinition
): { tune: Tune; skipped: SkippedConstant[] } {
	const schema = tunerStudioSchema(definition);
	const scope = definitionScope(definition, { pages });
	const values: Record<string, TuneValue> = {};
	const skipped: SkippedConstant[] = [];
	for (const page of definition.pages) {
		if (!pages[page.number - 1]) continue;
		for (const constant of page.constants) {
			const spec = schema.constants.get(constant.name)!;
			const binding = scope.resolve(constant.name);
			if (binding?.kind !== 'value') {
				skipped.push({ name: constant.name, reason: scope.explain(constant.name) });
				continue;
			}
			values[constant.name] = tuneValue(spec, binding.value, constant);
		}
	}
	for (const v of definition.pcVariables ?? []) {
		if (Object.hasOwn(values, v.name)) continue;
		values[v.name] = tuneValue(schema.constants.get(v.name)!, v.value, v);
	}
	return { tune: { signature: definition.signature, values }, skipped };
}

/** The constant with its scale and translate evaluated to numbers (they may be `{ expressions }`). */
function fixedScaling(constant: Constant, scope: DefinitionScope): Constant {
	if (constant.kind !== 'scalar' && constant.kind !== 'array') return constant;
	const fix = (v: NumericValue): number => {
		if (typeof v === 'number') return v;
		const value = compileExpression(v.source, scope).number();
		if (!Number.isFinite(value)) throw new TypeError(`scaling {${v.source}} is ${value}`);
		return value;
	};
	return { ...constant, scale: fix(constant.scale), translate: fix(constant.translate) };
}

/** A tune value as writeConstant takes it: arrays flattened, bits as their index. */
function rawInput(spec: ConstantSpec, value: TuneValue): number | number[] | string {
	if (Array.isArray(value)) return value.flat();
	if (spec.kind === 'bits') {
		const index = bitsIndex(spec, value);
		if (index === undefined) throw new TypeError(`"${value}" is not one of its options`);
		return index;
	}
	return value;
}

/** A value read from a page (or a [PcVariables] default) in the model's shape, tidied to its storage precision. */
function tuneValue(
	spec: ConstantSpec,
	value: EnvValue,
	constant: Constant | PcVariable
): TuneValue {
	const type = 'type' in constant ? constant.type : undefined;
	switch (spec.kind) {
		case 'bits':
			return bitsValue(spec, Number(value));
		case 'string':
			return String(value);
		case 'scalar':
			return tidy(Number(value), type);
		case 'array': {
			const flat = (Array.isArray(value) ? value : [Number(value)]).map((v) => tidy(v, type));
			return reshape(flat, spec);
		}
	}
}

function reshape(flat: number[], spec: ArraySpec): number[][] {
	return Array.from({ length: spec.rows }, (_, r) =>
		flat.slice(r * spec.columns, (r + 1) * spec.columns)
	);
}

/**
 * Removes binary noise from a scaled value: 12 significant digits for integer storage (raw × scale needs far fewer;
 * a U32 raw is 10 digits), the shortest form that is the same float32 for F32.
 */
export function tidy(value: number, type: DataType | undefined): number {
	if (!Number.isFinite(value) || value === 0) return value;
	if (type === 'F32') {
		const f = Math.fround(value);
		for (let p = 1; p <= 9; p++) {
			const candidate = Number(f.toPrecision(p));
			if (Math.fround(candidate) === f) return candidate;
		}
		return f;
	}
	return Number(value.toPrecision(12));
}
