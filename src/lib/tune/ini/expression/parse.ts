import {
	BINARY_PRECEDENCE,
	TERNARY_PRECEDENCE,
	UNARY_PRECEDENCE,
	type BinaryOperator,
	type ExpressionNode,
	type UnaryOperator
} from './ast';
import { IniExpressionError } from './errors';
import { tokenize, type Token } from './tokenize';

/** Where the expression text starts in its file, so errors point at the file's line and column. */
export interface ExpressionLocation {
	line?: number;
	column?: number;
}

/**
 * Nesting depth beyond which parsing stops with `too-deep`. The shipped inis nest 6 deep at most; 200 keeps a
 * hostile definition from exhausting the call stack of the recursive parser or the compiled closures.
 */
export const MAX_DEPTH = 200;

const UNARY: ReadonlySet<string> = new Set<UnaryOperator>(['-', '+', '!', '~']);

/**
 * Parses TunerStudio / MegaTune expression text (the inside of `{ … }`) into a tree: a Pratt parser over C's
 * operator table (see BINARY_PRECEDENCE), with calls `f(a, b)`, array elements `name[i]` and the ternary.
 * Throws IniExpressionError with the line and column of the first token that does not fit.
 */
export function parseExpression(source: string, at: ExpressionLocation = {}): ExpressionNode {
	const tokens = tokenize(source, at);
	let pos = 0;
	let depth = 0;
	if (tokens.length === 1) fail('empty expression', 0, 'empty');
	const tree = expression(0);
	const rest = tokens[pos];
	if (rest.kind !== 'end')
		fail(`unexpected ${describe(rest)} after a complete expression`, rest.start);
	return tree;

	function expression(minPrecedence: number): ExpressionNode {
		if (++depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH}`, tokens[pos].start, 'too-deep');
		let left = prefix();
		for (;;) {
			const t = tokens[pos];
			if (t.kind !== 'operator') break;
			if (t.value === '?') {
				if (TERNARY_PRECEDENCE < minPrecedence) break;
				pos++;
				const consequent = expression(TERNARY_PRECEDENCE);
				expect(':', 'to separate the branches of "?"');
				// Same precedence on the right: `a ? b : c ? d : e` groups as `a ? b : (c ? d : e)`.
				const alternate = expression(TERNARY_PRECEDENCE);
				left = {
					type: 'conditional',
					test: left,
					consequent,
					alternate,
					start: left.start,
					end: alternate.end
				};
				continue;
			}
			const precedence = BINARY_PRECEDENCE[t.value as BinaryOperator];
			if (precedence === undefined || precedence < minPrecedence) break;
			pos++;
			// Left-associative: the right operand only takes operators that bind tighter.
			const right = expression(precedence + 1);
			left = {
				type: 'binary',
				operator: t.value as BinaryOperator,
				left,
				right,
				start: left.start,
				end: right.end
			};
		}
		depth--;
		return left;
	}

	function prefix(): ExpressionNode {
		const t = tokens[pos++];
		switch (t.kind) {
			case 'number':
				return { type: 'number', value: t.value, start: t.start, end: t.end };
			case 'text':
				return { type: 'text', value: t.value, start: t.start, end: t.end };
			case 'name':
				return postfix(t);
			case 'operator':
				if (t.value === '(') {
					const inner = expression(0);
					const close = expect(')', 'to close "("');
					return { ...inner, start: t.start, end: close.end };
				}
				if (UNARY.has(t.value)) {
					const operand = expression(UNARY_PRECEDENCE);
					return {
						type: 'unary',
						operator: t.value as UnaryOperator,
						operand,
						start: t.start,
						end: operand.end
					};
				}
		}
		return fail(`expected a value, found ${describe(t)}`, t.start);
	}

	function postfix(name: Token & { kind: 'name' }): ExpressionNode {
		const next = tokens[pos];
		if (next.kind === 'operator' && next.value === '(') {
			pos++;
			const args: ExpressionNode[] = [];
			if (!isOperator(tokens[pos], ')')) {
				for (;;) {
					args.push(expression(0));
					if (!isOperator(tokens[pos], ',')) break;
					pos++;
				}
			}
			const close = expect(')', `to close the arguments of ${name.value}()`);
			return { type: 'call', callee: name.value, args, start: name.start, end: close.end };
		}
		if (next.kind === 'operator' && next.value === '[') {
			pos++;
			const index = expression(0);
			const close = expect(']', `to close ${name.value}[`);
			return { type: 'index', name: name.value, index, start: name.start, end: close.end };
		}
		return { type: 'name', name: name.value, start: name.start, end: name.end };
	}

	function expect(op: string, why: string): Token {
		const t = tokens[pos];
		if (!isOperator(t, op)) fail(`expected "${op}" ${why}, found ${describe(t)}`, t.start);
		pos++;
		return t;
	}

	function fail(
		message: string,
		offset: number,
		code: 'syntax' | 'empty' | 'too-deep' = 'syntax'
	): never {
		throw new IniExpressionError(message, { code, source, offset, ...at });
	}
}

function isOperator(t: Token, op: string): boolean {
	return t.kind === 'operator' && t.value === op;
}

function describe(t: Token): string {
	switch (t.kind) {
		case 'end':
			return 'the end';
		case 'text':
			return `"${t.value}"`;
		case 'number':
			return String(t.value);
		default:
			return `"${t.value}"`;
	}
}
