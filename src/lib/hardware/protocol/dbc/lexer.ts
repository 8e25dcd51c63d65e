import { DbcParseError } from './errors';

export type DbcTokenKind = 'ident' | 'number' | 'string' | 'punct';

export interface DbcToken {
	kind: DbcTokenKind;
	/** Identifier or punctuation text, the unescaped string body, or the number's source text. */
	text: string;
	/** Parsed value for `number` tokens, NaN otherwise. */
	value: number;
	line: number;
	column: number;
}

const PUNCT = new Set([':', ';', ',', '|', '@', '+', '-', '(', ')', '[', ']']);

// Identifiers accept Latin-1 letters because files are decoded as latin1 and some tools write them.
const IDENT_START = /[A-Za-z_\u00c0-\u00ff]/;
const IDENT_PART = /[A-Za-z0-9_\u00c0-\u00ff]/;
// Signs are separate tokens (`@1-` must split into `1` and `-`); the parser joins sign and number.
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

/**
 * Splits DBC text into tokens. `//` starts a comment to the end of the line outside strings; strings may span
 * lines and use `\"` and `\\` escapes (the cantools grammar, protocols.md §8 sources).
 */
export function tokenizeDbc(text: string): DbcToken[] {
	const tokens: DbcToken[] = [];
	let i = 0;
	let line = 1;
	let lineStart = 0;
	const n = text.length;

	while (i < n) {
		const c = text[i];
		if (c === '\n') {
			i++;
			line++;
			lineStart = i;
			continue;
		}
		if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff') {
			i++;
			continue;
		}
		const column = i - lineStart + 1;
		if (c === '/' && text[i + 1] === '/') {
			while (i < n && text[i] !== '\n') i++;
			continue;
		}
		if (c === '"') {
			let body = '';
			let j = i + 1;
			const startLine = line;
			for (;;) {
				if (j >= n) throw new DbcParseError('unterminated string', startLine, column);
				const d = text[j];
				if (d === '"') break;
				if (d === '\\' && j + 1 < n) {
					body += text[j + 1];
					j += 2;
					continue;
				}
				if (d === '\n') {
					line++;
					lineStart = j + 1;
				}
				body += d;
				j++;
			}
			tokens.push({ kind: 'string', text: body, value: NaN, line: startLine, column });
			i = j + 1;
			continue;
		}
		if ((c >= '0' && c <= '9') || (c === '.' && /\d/.test(text[i + 1] ?? ''))) {
			NUMBER.lastIndex = i;
			const m = NUMBER.exec(text);
			if (!m) throw new DbcParseError(`malformed number`, line, column);
			const end = i + m[0].length;
			if (end < n && IDENT_PART.test(text[end])) {
				throw new DbcParseError(`malformed number '${text.slice(i, end + 1)}'`, line, column);
			}
			tokens.push({ kind: 'number', text: m[0], value: Number(m[0]), line, column });
			i = end;
			continue;
		}
		if (IDENT_START.test(c)) {
			let j = i + 1;
			while (j < n && IDENT_PART.test(text[j])) j++;
			tokens.push({ kind: 'ident', text: text.slice(i, j), value: NaN, line, column });
			i = j;
			continue;
		}
		if (PUNCT.has(c)) {
			tokens.push({ kind: 'punct', text: c, value: NaN, line, column });
			i++;
			continue;
		}
		throw new DbcParseError(`unexpected character '${c}'`, line, column);
	}
	return tokens;
}
