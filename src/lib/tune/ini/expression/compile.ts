import type { BinaryOperator, ExpressionNode, UnaryOperator } from './ast';
import { IniExpressionError, type IniExpressionErrorCode } from './errors';
import {
	BINARY_FUNCTIONS,
	FUNCTION_NAMES,
	UNARY_FUNCTIONS,
	VARIADIC_FUNCTIONS,
	isSpecialFunction,
	type SpecialFunction
} from './functions';
import { parseExpression, type ExpressionLocation } from './parse';
import type { ExpressionEnv, ExpressionScope, NameBinding } from './scope';

/**
 * A compiled expression: a tree of closures, no `eval` or `new Function` (so it runs under a strict CSP).
 *
 * Semantics, where an .ini gives no other rule:
 * - numbers are IEEE doubles; `/` and `%` follow IEEE, so `x / 0` is ±Infinity, `0 / 0` and `x % 0` are NaN, and
 *   nothing throws while evaluating;
 * - comparisons, `!`, `&&` and `||` give 1 or 0; `&&`, `||` and `?:` evaluate only the operand they need;
 * - a condition is true when its value is neither 0 nor NaN (unlike C, NaN is false: a condition over a missing
 *   value is not met);
 * - `&`, `|`, `^`, `~`, `<<` and `>>` work on 32-bit two's-complement integers (the ECU's widest integers are
 *   U32/S32), truncating toward zero with NaN and ±Infinity as 0; `&`, `|`, `^`, `<<` and `>>` of non-negative
 *   operands give the unsigned result, so bit 31 of a U32 status word stays 2^31 rather than turning negative;
 * - text (string constants, option labels) can be compared with `==` / `!=` and chosen by `?:`; anything else
 *   done with text is a compile-time `type` error.
 */
export interface CompiledExpression {
	readonly source: string;
	readonly type: 'number' | 'text';
	/** Folded at compile time: every evaluation gives the same value and reads nothing from the env. */
	readonly constant: boolean;
	/** The env keys the expression reads at evaluation time. */
	readonly inputs: readonly string[];
	evaluate(env?: ExpressionEnv): number | string;
	/** The value as a number (NaN for a text expression). */
	number(env?: ExpressionEnv): number;
	/** The value as a condition: a number neither 0 nor NaN, or a non-empty text. */
	test(env?: ExpressionEnv): boolean;
	/** Forgets the history kept by `pastValue` and `maxValue`. */
	reset(): void;
}

type NumberFn = (env: ExpressionEnv) => number;
type TextFn = (env: ExpressionEnv) => string;
type ArrayFn = (env: ExpressionEnv) => readonly number[];

type Code =
	| { type: 'number'; run: NumberFn; constant: boolean }
	| { type: 'text'; run: TextFn; constant: boolean };

const NO_ENV: ExpressionEnv = Object.freeze({});
const NO_ELEMENTS: readonly number[] = Object.freeze([]);

/**
 * Parses and compiles `{ … }` expression text against `scope`. Every error (syntax, unknown name or function,
 * wrong argument count, text used as a number) is thrown here as IniExpressionError with its line and column;
 * the returned expression never throws.
 */
export function compileExpression(
	source: string,
	scope: ExpressionScope,
	at: ExpressionLocation = {}
): CompiledExpression {
	return compileTree(parseExpression(source, at), source, scope, at);
}

/** Compiles an already parsed tree (see parseExpression); `source` is its text, for error messages. */
export function compileTree(
	tree: ExpressionNode,
	source: string,
	scope: ExpressionScope,
	at: ExpressionLocation = {}
): CompiledExpression {
	const compiler = new Compiler(source, scope, at);
	const code = compiler.node(tree);
	const resets = compiler.resets;
	const inputs = [...compiler.inputs];
	if (code.type === 'number') {
		const run = code.run;
		return {
			source,
			type: 'number',
			constant: code.constant,
			inputs,
			evaluate: (env = NO_ENV) => run(env),
			number: (env = NO_ENV) => run(env),
			test: (env = NO_ENV) => truthy(run(env)),
			reset: () => resets.forEach((r) => r())
		};
	}
	const run = code.run;
	return {
		source,
		type: 'text',
		constant: code.constant,
		inputs,
		evaluate: (env = NO_ENV) => run(env),
		number: () => NaN,
		test: (env = NO_ENV) => run(env) !== '',
		reset: () => resets.forEach((r) => r())
	};
}

class Compiler {
	readonly inputs = new Set<string>();
	readonly resets: (() => void)[] = [];

	constructor(
		readonly source: string,
		readonly scope: ExpressionScope,
		readonly at: ExpressionLocation
	) {}

	node(node: ExpressionNode): Code {
		switch (node.type) {
			case 'number':
				return constantNumber(node.value);
			case 'text': {
				const value = node.value;
				return { type: 'text', run: () => value, constant: true };
			}
			case 'name':
				return this.name(node);
			case 'index': {
				const array = this.array(node.name, node);
				return this.element(array, this.number(node.index));
			}
			case 'unary':
				return this.unary(node.operator, this.number(node.operand));
			case 'binary':
				return this.binary(node);
			case 'conditional':
				return this.conditional(node);
			case 'call':
				return this.call(node);
		}
	}

	number(node: ExpressionNode): Code & { type: 'number' } {
		const code = this.node(node);
		if (code.type !== 'number') this.fail('type', 'text used where a number is needed', node);
		return code;
	}

	name(node: ExpressionNode & { type: 'name' }): Code {
		const binding = this.scope.resolve(node.name);
		if (!binding) {
			if (node.name === 'timeNow') {
				const clock = this.scope.clock ? () => this.scope.clock!() : defaultClock;
				return { type: 'number', run: clock, constant: false };
			}
			this.fail('unknown-name', `unknown name "${node.name}"`, node, node.name);
		}
		if (binding.kind === 'value') {
			const value = binding.value;
			if (typeof value === 'number') return constantNumber(value);
			if (typeof value === 'string') return { type: 'text', run: () => value, constant: true };
			return this.fail(
				'type',
				`"${node.name}" is an array: write ${node.name}[i]`,
				node,
				node.name
			);
		}
		const key = binding.key ?? node.name;
		this.inputs.add(key);
		switch (binding.type) {
			case 'number':
				return {
					type: 'number',
					run: (env) => {
						const v = env[key];
						return typeof v === 'number' ? v : NaN;
					},
					constant: false
				};
			case 'text':
				return {
					type: 'text',
					run: (env) => {
						const v = env[key];
						return typeof v === 'string' ? v : '';
					},
					constant: false
				};
			case 'array':
				return this.fail(
					'type',
					`"${node.name}" is an array: write ${node.name}[i]`,
					node,
					node.name
				);
		}
	}

	/** An array constant by name; `array.name` (arrayValue's spelling) falls back to `name`. */
	array(name: string, node: ExpressionNode): { run: ArrayFn; constant: boolean } {
		let binding = this.scope.resolve(name);
		let plain = name;
		if (!binding && name.startsWith('array.')) {
			plain = name.slice('array.'.length);
			binding = this.scope.resolve(plain);
		}
		if (!binding) this.fail('unknown-name', `unknown array "${name}"`, node, name);
		if (binding.kind === 'value') {
			const value = binding.value;
			if (typeof value === 'object') return { run: () => value, constant: true };
		} else if (binding.type === 'array') {
			const key = binding.key ?? plain;
			this.inputs.add(key);
			return {
				run: (env) => {
					const v = env[key];
					return typeof v === 'object' && v !== null ? v : NO_ELEMENTS;
				},
				constant: false
			};
		}
		return this.fail('type', `"${name}" is not an array`, node, name);
	}

	element(array: { run: ArrayFn; constant: boolean }, index: Code & { type: 'number' }): Code {
		const a = array.run;
		const i = index.run;
		return numberCode((env) => elementAt(a(env), i(env)), array.constant && index.constant);
	}

	unary(op: UnaryOperator, operand: Code & { type: 'number' }): Code {
		const f = operand.run;
		const constant = operand.constant;
		switch (op) {
			case '-':
				return numberCode((env) => -f(env), constant);
			case '+':
				return operand;
			case '!':
				return numberCode((env) => (truthy(f(env)) ? 0 : 1), constant);
			case '~':
				return numberCode((env) => ~f(env), constant);
		}
	}

	binary(node: ExpressionNode & { type: 'binary' }): Code {
		const left = this.node(node.left);
		const right = this.node(node.right);
		const op = node.operator;
		if (left.type === 'text' || right.type === 'text') {
			if (left.type !== 'text' || right.type !== 'text' || (op !== '==' && op !== '!=')) {
				const culprit = left.type === 'text' ? node.left : node.right;
				this.fail('type', `text cannot be used with "${op}"`, culprit);
			}
			const a = left.run;
			const b = right.run;
			const constant = left.constant && right.constant;
			return op === '=='
				? numberCode((env) => (a(env) === b(env) ? 1 : 0), constant)
				: numberCode((env) => (a(env) !== b(env) ? 1 : 0), constant);
		}
		return numberCode(binaryNumber(op, left.run, right.run), left.constant && right.constant);
	}

	conditional(node: ExpressionNode & { type: 'conditional' }): Code {
		const test = this.number(node.test);
		const yes = this.node(node.consequent);
		const no = this.node(node.alternate);
		const t = test.run;
		const constant = test.constant && yes.constant && no.constant;
		if (yes.type === 'number' && no.type === 'number') {
			const a = yes.run;
			const b = no.run;
			return numberCode((env) => (truthy(t(env)) ? a(env) : b(env)), constant);
		}
		if (yes.type === 'text' && no.type === 'text') {
			const a = yes.run;
			const b = no.run;
			const run: TextFn = (env) => (truthy(t(env)) ? a(env) : b(env));
			return constant ? constantText(run(NO_ENV)) : { type: 'text', run, constant: false };
		}
		return this.fail('type', 'one branch of "?:" is a number and the other text', node.consequent);
	}

	call(node: ExpressionNode & { type: 'call' }): Code {
		const name = node.callee;
		if (isSpecialFunction(name)) return this.special(name, node);
		if (Object.hasOwn(UNARY_FUNCTIONS, name)) {
			const [x] = this.numbers(node, 1, 1);
			const f = UNARY_FUNCTIONS[name as keyof typeof UNARY_FUNCTIONS];
			const a = x.run;
			return numberCode((env) => f(a(env)), x.constant);
		}
		if (Object.hasOwn(BINARY_FUNCTIONS, name)) {
			const [x, y] = this.numbers(node, 2, 2);
			const f = BINARY_FUNCTIONS[name as keyof typeof BINARY_FUNCTIONS];
			const a = x.run;
			const b = y.run;
			return numberCode((env) => f(a(env), b(env)), x.constant && y.constant);
		}
		if (Object.hasOwn(VARIADIC_FUNCTIONS, name)) {
			const args = this.numbers(node, 1, Infinity);
			const f = VARIADIC_FUNCTIONS[name as keyof typeof VARIADIC_FUNCTIONS];
			const runs = args.map((a) => a.run);
			const constant = args.every((a) => a.constant);
			if (runs.length === 2) {
				const [a, b] = runs;
				return numberCode((env) => f(a(env), b(env)), constant);
			}
			return numberCode((env) => f(...runs.map((r) => r(env))), constant);
		}
		return this.fail(
			'unknown-function',
			`unknown function "${name}" (the language has ${FUNCTION_NAMES.join(', ')})`,
			node,
			name
		);
	}

	special(name: SpecialFunction, node: ExpressionNode & { type: 'call' }): Code {
		const args = node.args;
		switch (name) {
			case 'arrayValue': {
				this.arity(node, 2, 2);
				const target = this.nameArgument(node, 0);
				return this.element(this.array(target, args[0]), this.number(args[1]));
			}
			case 'bitStringValue': {
				this.arity(node, 2, 2);
				const labels = this.labels(node, 0);
				const index = this.number(args[1]);
				const i = index.run;
				const run: TextFn = (env) => labelAt(labels, i(env));
				return index.constant ? constantText(run(NO_ENV)) : { type: 'text', run, constant: false };
			}
			case 'stringValue': {
				this.arity(node, 1, 1);
				const target = this.nameArgument(node, 0);
				const binding = this.scope.resolve(target);
				if (binding?.labels) {
					const labels = binding.labels;
					const index = this.number(args[0]);
					const i = index.run;
					const run: TextFn = (env) => labelAt(labels, i(env));
					return index.constant
						? constantText(run(NO_ENV))
						: { type: 'text', run, constant: false };
				}
				const code = this.node(args[0]);
				if (code.type !== 'text')
					this.fail('type', `"${target}" is not a string constant`, args[0], target);
				return code;
			}
			case 'table': {
				this.arity(node, 2, 2);
				const x = this.number(args[0]);
				const file = args[1];
				if (file.type !== 'text') this.fail('type', 'table() takes a quoted .inc file name', file);
				const lookup = this.scope.table?.(file.value);
				if (!lookup) this.fail('unknown-table', `no table "${file.value}"`, file, file.value);
				const a = x.run;
				return numberCode((env) => lookup(a(env)), x.constant);
			}
			case 'pastValue': {
				this.arity(node, 2, 2);
				const x = this.number(args[0]);
				const back = this.number(args[1]);
				const n = back.run(NO_ENV);
				if (!back.constant || !Number.isInteger(n) || n < 0 || n > 65535) {
					this.fail('type', 'pastValue(x, n) needs n to be a whole number 0…65535', args[1]);
				}
				const ring = new Float64Array(n + 1);
				let count = 0;
				this.resets.push(() => (count = 0));
				const a = x.run;
				return {
					type: 'number',
					run: (env) => {
						ring[count % ring.length] = a(env);
						count++;
						return count > n ? ring[(count - 1 - n) % ring.length] : NaN;
					},
					constant: false
				};
			}
			case 'maxValue': {
				this.arity(node, 1, 1);
				const a = this.number(args[0]).run;
				let max = NaN;
				this.resets.push(() => (max = NaN));
				return {
					type: 'number',
					run: (env) => {
						const v = a(env);
						if (v === v && !(v <= max)) max = v;
						return max;
					},
					constant: false
				};
			}
		}
	}

	numbers(node: ExpressionNode & { type: 'call' }, min: number, max: number) {
		this.arity(node, min, max);
		return node.args.map((a) => this.number(a));
	}

	arity(node: ExpressionNode & { type: 'call' }, min: number, max: number): void {
		const n = node.args.length;
		if (n >= min && n <= max) return;
		const wanted = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min}…${max}`;
		this.fail(
			'arity',
			`${node.callee}() takes ${wanted} argument${min === 1 && max === 1 ? '' : 's'}, got ${n}`,
			node,
			node.callee
		);
	}

	nameArgument(node: ExpressionNode & { type: 'call' }, i: number): string {
		const arg = node.args[i];
		if (arg.type !== 'name')
			this.fail('type', `${node.callee}() takes a name as argument ${i + 1}`, arg);
		return arg.name;
	}

	labels(node: ExpressionNode & { type: 'call' }, i: number): readonly string[] {
		const name = this.nameArgument(node, i);
		const binding = this.scope.resolve(name);
		if (!binding) this.fail('unknown-name', `unknown name "${name}"`, node.args[i], name);
		if (!binding.labels) this.fail('type', `"${name}" has no option labels`, node.args[i], name);
		return binding.labels;
	}

	fail(
		code: IniExpressionErrorCode,
		message: string,
		node: ExpressionNode,
		subject?: string
	): never {
		throw new IniExpressionError(message, {
			code,
			source: this.source,
			offset: node.start,
			subject,
			...this.at
		});
	}
}

/** A number neither 0 nor NaN. */
export function truthy(x: number): boolean {
	return x !== 0 && x === x;
}

function constantNumber(value: number): Code & { type: 'number' } {
	return { type: 'number', run: () => value, constant: true };
}

function constantText(value: string): Code & { type: 'text' } {
	return { type: 'text', run: () => value, constant: true };
}

/** Folds a closure whose inputs are all constant into its value, evaluated once, here. */
function numberCode(run: NumberFn, constant: boolean): Code & { type: 'number' } {
	return constant ? constantNumber(run(NO_ENV)) : { type: 'number', run, constant: false };
}

function elementAt(array: readonly number[], index: number): number {
	const k = Math.trunc(index);
	if (!(k >= 0 && k < array.length)) return NaN;
	const v = array[k];
	return typeof v === 'number' ? v : NaN;
}

function labelAt(labels: readonly string[], index: number): string {
	const k = Math.trunc(index);
	return k >= 0 && k < labels.length ? labels[k] : '';
}

function binaryNumber(op: BinaryOperator, a: NumberFn, b: NumberFn): NumberFn {
	switch (op) {
		case '+':
			return (env) => a(env) + b(env);
		case '-':
			return (env) => a(env) - b(env);
		case '*':
			return (env) => a(env) * b(env);
		case '/':
			return (env) => a(env) / b(env);
		case '%':
			return (env) => a(env) % b(env);
		case '<':
			return (env) => (a(env) < b(env) ? 1 : 0);
		case '<=':
			return (env) => (a(env) <= b(env) ? 1 : 0);
		case '>':
			return (env) => (a(env) > b(env) ? 1 : 0);
		case '>=':
			return (env) => (a(env) >= b(env) ? 1 : 0);
		case '==':
			return (env) => (a(env) === b(env) ? 1 : 0);
		case '!=':
			return (env) => (a(env) !== b(env) ? 1 : 0);
		case '&&':
			return (env) => (truthy(a(env)) && truthy(b(env)) ? 1 : 0);
		case '||':
			return (env) => (truthy(a(env)) || truthy(b(env)) ? 1 : 0);
		case '&':
			return (env) => bitAnd(a(env), b(env));
		case '|':
			return (env) => bitOr(a(env), b(env));
		case '^':
			return (env) => bitXor(a(env), b(env));
		case '<<':
			return (env) => shiftLeft(a(env), b(env));
		case '>>':
			return (env) => shiftRight(a(env), b(env));
	}
}

function bitAnd(x: number, y: number): number {
	return x >= 0 && y >= 0 ? (x & y) >>> 0 : x & y;
}

function bitOr(x: number, y: number): number {
	return x >= 0 && y >= 0 ? (x | y) >>> 0 : x | y;
}

function bitXor(x: number, y: number): number {
	return x >= 0 && y >= 0 ? (x ^ y) >>> 0 : x ^ y;
}

function shiftLeft(x: number, n: number): number {
	return x >= 0 ? (x << n) >>> 0 : x << n;
}

function shiftRight(x: number, n: number): number {
	return x >= 0 ? x >>> n : x >> n;
}

function defaultClock(): number {
	return performance.now() / 1000;
}
