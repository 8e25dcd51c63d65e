/**
 * Pure numeric functions, as Java's java.lang.Math defines them (TunerStudio evaluates its inis in Java): angles
 * in radians, `log` natural, `round` half up. Out-of-domain input gives NaN (`sqrt(-1)`, `log(-1)`), never a
 * throw. `isNaN(x)` is 1 or 0.
 */
export const UNARY_FUNCTIONS = {
	abs: Math.abs,
	round: Math.round,
	floor: Math.floor,
	ceil: Math.ceil,
	sqrt: Math.sqrt,
	log: Math.log,
	log10: Math.log10,
	exp: Math.exp,
	sin: Math.sin,
	cos: Math.cos,
	tan: Math.tan,
	asin: Math.asin,
	acos: Math.acos,
	atan: Math.atan,
	isNaN: (x: number) => (x !== x ? 1 : 0)
} as const satisfies Record<string, (x: number) => number>;

export const BINARY_FUNCTIONS = {
	pow: Math.pow,
	atan2: Math.atan2
} as const satisfies Record<string, (x: number, y: number) => number>;

/** One or more arguments; NaN in any argument gives NaN. */
export const VARIADIC_FUNCTIONS = {
	min: Math.min,
	max: Math.max
} as const satisfies Record<string, (...xs: number[]) => number>;

/**
 * Functions the compiler implements itself because they take names, not values, or keep state:
 * - `arrayValue(array.name, i)`: element i of an array constant (`array.` prefix optional); NaN out of range;
 * - `bitStringValue(bitsName, i)`: option label i of a bits constant (the text of a units field); '' out of range;
 * - `stringValue(name)`: a string constant's text, or a bits constant's selected label;
 * - `table(x, "file.inc")`: the scope's lookup table for that file;
 * - `pastValue(x, n)`: x as it was n evaluations ago (NaN until there are n earlier ones), per call site;
 * - `maxValue(x)`: the largest x seen over evaluations (NaN until one is a number), per call site.
 * The last two are what [LoggerDefinition] calcFields use over a tooth log; `reset()` forgets their history.
 */
export const SPECIAL_FUNCTIONS = [
	'arrayValue',
	'bitStringValue',
	'stringValue',
	'table',
	'pastValue',
	'maxValue'
] as const;

export type SpecialFunction = (typeof SPECIAL_FUNCTIONS)[number];

export function isSpecialFunction(name: string): name is SpecialFunction {
	return (SPECIAL_FUNCTIONS as readonly string[]).includes(name);
}

/** Every function name the language has, for error messages. */
export const FUNCTION_NAMES: readonly string[] = [
	...Object.keys(UNARY_FUNCTIONS),
	...Object.keys(BINARY_FUNCTIONS),
	...Object.keys(VARIADIC_FUNCTIONS),
	...SPECIAL_FUNCTIONS
];
