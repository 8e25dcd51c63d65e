import { IniExpressionError } from './errors';

export type Token =
	| { kind: 'number'; value: number; start: number; end: number }
	| { kind: 'text'; value: string; start: number; end: number }
	/** An identifier: a channel, constant or function name, `$tsCanId`, or a dotted `array.name`. */
	| { kind: 'name'; value: string; start: number; end: number }
	| { kind: 'operator'; value: Operator; start: number; end: number }
	| { kind: 'end'; value: ''; start: number; end: number };

/** Every operator and punctuation mark, longest first so `<<` is not read as two `<`. */
export const OPERATORS = [
	'<<',
	'>>',
	'<=',
	'>=',
	'==',
	'!=',
	'&&',
	'||',
	'+',
	'-',
	'*',
	'/',
	'%',
	'<',
	'>',
	'&',
	'^',
	'|',
	'!',
	'~',
	'?',
	':',
	'(',
	')',
	'[',
	']',
	','
] as const;

export type Operator = (typeof OPERATORS)[number];

const HEX = /0[xX][0-9a-fA-F]+/y;
const DECIMAL = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
/** Identifiers may start with `$` (`$tsCanId`) and continue through dots (`array.boardFuelOutputs`). */
const NAME = /[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*/y;
const WORD_CHAR = /[A-Za-z0-9_$.]/;

/**
 * Splits expression text into tokens. Numbers are decimal (`40`, `1.8`, `.5`, `1e-3`) or hex (`0x1F`); strings
 * are double-quoted with `\"` and `\\` escapes (they name `.inc` files in `table()`). Throws IniExpressionError
 * (code `syntax`) at the first character that starts no token.
 */
export function tokenize(source: string, at?: { line?: number; column?: number }): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	const n = source.length;
	while (i < n) {
		const c = source[i];
		if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
			i++;
			continue;
		}
		const start = i;
		if (c >= '0' && c <= '9') {
			const match = sticky(HEX, source, i) ?? sticky(DECIMAL, source, i);
			i += match!.length;
			if (i < n && WORD_CHAR.test(source[i]))
				fail(`malformed number "${source.slice(start, i + 1)}"`, start);
			tokens.push({ kind: 'number', value: Number(match), start, end: i });
			continue;
		}
		if (c === '.') {
			const match = sticky(DECIMAL, source, i);
			if (!match) fail('unexpected "."', start);
			i += match.length;
			tokens.push({ kind: 'number', value: Number(match), start, end: i });
			continue;
		}
		const name = sticky(NAME, source, i);
		if (name) {
			i += name.length;
			if (source[i] === '.') fail(`malformed name "${source.slice(start, i + 1)}"`, start);
			tokens.push({ kind: 'name', value: name, start, end: i });
			continue;
		}
		if (c === '"') {
			let value = '';
			i++;
			while (i < n && source[i] !== '"') {
				if (source[i] === '\\' && i + 1 < n) i++;
				value += source[i++];
			}
			if (i >= n) fail('unterminated string', start);
			i++;
			tokens.push({ kind: 'text', value, start, end: i });
			continue;
		}
		const op = OPERATORS.find((o) => source.startsWith(o, i));
		if (!op) {
			const hint = c === '=' ? ' (comparison is "==")' : '';
			fail(`unexpected character "${c}"${hint}`, start);
		}
		i += op.length;
		tokens.push({ kind: 'operator', value: op, start, end: i });
	}
	tokens.push({ kind: 'end', value: '', start: n, end: n });
	return tokens;

	function fail(message: string, offset: number): never {
		throw new IniExpressionError(message, { code: 'syntax', source, offset, ...at });
	}
}

function sticky(pattern: RegExp, source: string, at: number): string | null {
	pattern.lastIndex = at;
	return pattern.exec(source)?.[0] ?? null;
}
