import { readConstant } from './constant-values';
import {
	IniExpressionError,
	compileExpression,
	type EnvValue,
	type ExpressionScope,
	type NameBinding,
	type ValueType
} from './expression';
import type { Constant, EcuDefinition, NumericValue, PcVariable } from './model';

export interface DefinitionScopeOptions {
	/**
	 * Page images, index = page number − 1: what the ECU's RAM holds (TunerStudioAdapter.readPage) or a tune's
	 * pages (msqPageImages). A constant on a page given here reads as its value in user units (a bits field as its
	 * option index), exactly as readConstant reads it.
	 */
	pages?: readonly (Uint8Array | null | undefined)[];
	/** Values by name, in user units (bits: option index); they win over pages and [PcVariables] defaults. */
	constants?: Readonly<Record<string, EnvValue>>;
	/**
	 * Names read from the env at evaluation time (live output channels; constants a dialog is editing), with
	 * their type. Looked up before anything else.
	 */
	inputs?: (name: string) => ValueType | undefined;
	/** Lookups for `table(x, "file.inc")`. */
	table?: (file: string) => ((x: number) => number) | undefined;
	/** Seconds, for `timeNow`. @default performance.now() / 1000 */
	clock?: () => number;
}

/** An ExpressionScope over one definition, which can also say why a name did not resolve. */
export interface DefinitionScope extends ExpressionScope {
	/**
	 * Why `name` has no binding, as a phrase that follows "reads": `constant "stoich" (page 1), which has no value…`
	 * or `"foo", which is not a channel…`.
	 */
	explain(name: string): string;
}

/**
 * The names an expression in a definition can read, looked up in this order: `inputs`, `constants`, [Constants]
 * (from `pages`), [PcVariables] (their defaults), then the preprocessor settings (1 if set, else 0). A bits
 * constant or variable also carries its option labels, for `bitStringValue` and `stringValue`. Scaling given as an
 * expression (`{ 0.1 / stoich }`) is compiled in this same scope before the constant is read. Values read from
 * pages are cached: build a new scope when the pages change.
 */
export function definitionScope(
	definition: EcuDefinition,
	options: DefinitionScopeOptions = {}
): DefinitionScope {
	const constants = new Map<string, Constant>();
	for (const page of definition.pages) for (const c of page.constants) constants.set(c.name, c);
	const variables = new Map<string, PcVariable>();
	for (const v of definition.pcVariables ?? []) variables.set(v.name, v);
	const settings = definition.settings ?? {};
	const given = options.constants ?? {};
	const read = new Map<string, EnvValue | null>();
	const failures = new Map<string, string>();
	const reading = new Set<string>();

	const scope: DefinitionScope = {
		resolve(name: string): NameBinding | undefined {
			const labels = labelsOf(name);
			const type = options.inputs?.(name);
			if (type) return { kind: 'input', type, labels };
			if (Object.hasOwn(given, name)) return { kind: 'value', value: given[name], labels };
			const constant = constants.get(name);
			if (constant) {
				const value = constantValue(constant);
				return value === null ? undefined : { kind: 'value', value, labels };
			}
			const variable = variables.get(name);
			if (variable) return { kind: 'value', value: variable.value, labels };
			if (Object.hasOwn(settings, name)) return { kind: 'value', value: settings[name] ? 1 : 0 };
			return undefined;
		},
		explain(name: string): string {
			const failure = failures.get(name);
			if (failure) return failure;
			const constant = constants.get(name);
			if (constant) {
				return (
					`constant "${name}" (page ${constant.page}), which has no value: compile with the ECU's page ` +
					`images or pass it in constants`
				);
			}
			return `"${name}", which is not a channel, constant, PC variable or setting of this definition`;
		},
		...(options.table ? { table: options.table } : {}),
		...(options.clock ? { clock: options.clock } : {})
	};
	return scope;

	function labelsOf(name: string): readonly string[] | undefined {
		const c = constants.get(name) ?? variables.get(name);
		return c?.kind === 'bits' ? c.options : undefined;
	}

	/** The constant's value from its page image, or null (with the reason in `failures`). */
	function constantValue(constant: Constant): EnvValue | null {
		const cached = read.get(constant.name);
		if (cached !== undefined) return cached;
		const page = options.pages?.[constant.page - 1];
		if (!page) return null;
		if (reading.has(constant.name)) {
			failures.set(
				constant.name,
				`constant "${constant.name}", whose scaling expression reads the constant itself`
			);
			return null;
		}
		reading.add(constant.name);
		let value: EnvValue | null = null;
		try {
			const scaled =
				constant.kind === 'scalar' || constant.kind === 'array'
					? { ...constant, scale: numeric(constant.scale), translate: numeric(constant.translate) }
					: constant;
			value = readConstant(page, scaled, definition.endianness);
		} catch (e) {
			failures.set(
				constant.name,
				`constant "${constant.name}", which cannot be read: ${(e as Error).message}`
			);
		} finally {
			reading.delete(constant.name);
		}
		read.set(constant.name, value);
		return value;
	}

	/** A scale or translate given as `{ expression }`, which must come to a fixed number in this scope. */
	function numeric(value: NumericValue): number {
		if (typeof value === 'number') return value;
		const fixed: ExpressionScope = {
			...scope,
			resolve: (name) => {
				const b = scope.resolve(name);
				return b?.kind === 'input' ? undefined : b;
			}
		};
		try {
			const compiled = compileExpression(value.source, fixed);
			if (compiled.constant && compiled.type === 'number') return compiled.number();
		} catch (e) {
			if (e instanceof IniExpressionError && e.code === 'unknown-name' && e.subject) {
				throw new TypeError(`its scaling {${value.source}} reads ${scope.explain(e.subject)}`, {
					cause: e
				});
			}
			throw e;
		}
		throw new TypeError(`its scaling {${value.source}} is not a fixed number`);
	}
}

/**
 * Inputs for every [Constants] and [PcVariables] name, typed by kind (scalar and bits: number, array: array,
 * string: text): the scope a settings dialog compiles its `{ condition }`s in, evaluated against the tune's current
 * values so a field enables as soon as the user changes what it depends on.
 */
export function constantInputs(definition: EcuDefinition): (name: string) => ValueType | undefined {
	const types = new Map<string, ValueType>();
	const all = [...definition.pages.flatMap((p) => p.constants), ...(definition.pcVariables ?? [])];
	for (const c of all) {
		types.set(c.name, c.kind === 'array' ? 'array' : c.kind === 'string' ? 'text' : 'number');
	}
	return (name) => types.get(name);
}
