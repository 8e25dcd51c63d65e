/** What a name can stand for: a number, a text (a string constant's value), or an array constant's elements. */
export type EnvValue = number | string | readonly number[];

export type ValueType = 'number' | 'text' | 'array';

/**
 * The values an evaluation reads its inputs from, by name (or by the binding's `key`). A decoded output-channel
 * record (`Record<string, number>`) is one; a dialog's current constant values are another.
 */
export type ExpressionEnv = Readonly<Record<string, EnvValue | undefined>>;

/**
 * How the compiler treats a name:
 * - `value`: fixed for this compilation (a constant read from a page image, a #set setting): folded in;
 * - `input`: read from the env at each evaluation (a live channel, a constant the user is editing). A missing or
 *   wrongly typed env entry reads as NaN (numbers), '' (text) or an empty array, never a throw.
 * `labels` are a bits field's option labels, which `bitStringValue(name, i)` and `stringValue(name)` read.
 */
export type NameBinding =
	| { kind: 'value'; value: EnvValue; labels?: readonly string[] }
	| { kind: 'input'; type: ValueType; key?: string; labels?: readonly string[] };

export interface ExpressionScope {
	/** The binding of `name`, or undefined when the scope does not know it (a compile error, `unknown-name`). */
	resolve(name: string): NameBinding | undefined;
	/** The lookup behind `table(x, "file.inc")`, or undefined when the file is not available. */
	table?(file: string): ((x: number) => number) | undefined;
	/**
	 * What `timeNow` reads, in seconds, unless the scope binds `timeNow` itself.
	 * @default performance.now() / 1000
	 */
	clock?(): number;
}

/**
 * A scope of fixed values (tests, previews): every listed name is folded in; nothing is read from the env. A name
 * listed only in `labels` is a bits field at index 0.
 */
export function fixedScope(
	values: Readonly<Record<string, EnvValue>>,
	labels: Readonly<Record<string, readonly string[]>> = {}
): ExpressionScope {
	return {
		resolve: (name) =>
			Object.hasOwn(values, name)
				? { kind: 'value', value: values[name], labels: labels[name] }
				: Object.hasOwn(labels, name)
					? { kind: 'value', value: 0, labels: labels[name] }
					: undefined
	};
}

/** A scope where every listed name is an input, read from the env at evaluation time. */
export function inputScope(
	types: Readonly<Record<string, ValueType>>,
	labels: Readonly<Record<string, readonly string[]>> = {}
): ExpressionScope {
	return {
		resolve: (name) =>
			Object.hasOwn(types, name)
				? { kind: 'input', type: types[name], labels: labels[name] }
				: undefined
	};
}
