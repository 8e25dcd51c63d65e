import { IniParseError } from './errors';

/** One comma-separated field of an .ini value. */
export type IniField =
	/** `"…"`, with the text between the quotes kept raw (escapes such as `\x30` and `\$` untouched). */
	| { kind: 'string'; raw: string }
	| { kind: 'number'; value: number }
	/** `{ … }`, without the braces. */
	| { kind: 'expression'; source: string }
	/** `[ … ]`, without the brackets. */
	| { kind: 'shape'; text: string }
	/** Anything else: a keyword (`scalar`, `U08`), a name, or a `$macro` reference. */
	| { kind: 'word'; text: string };

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^0x[0-9a-f]+$/i;

/** Splits `value` into fields at commas or spaces that are outside quotes, braces and brackets. */
export function splitFields(value: string, line: number): IniField[] {
	const fields: IniField[] = [];
	let i = 0;
	const n = value.length;
	while (i < n) {
		while (i < n && isSpace(value[i])) i++;
		if (i >= n) break;
		const start = i;
		const c = value[i];
		let field: IniField;
		if (c === '"') {
			i++;
			while (i < n && value[i] !== '"') i += value[i] === '\\' ? 2 : 1;
			if (i >= n) throw new IniParseError(`unterminated string in "${value}"`, line);
			field = { kind: 'string', raw: value.slice(start + 1, i) };
			i++;
		} else if (c === '{' || c === '[') {
			const close = c === '{' ? '}' : ']';
			let depth = 0;
			for (; i < n; i++) {
				if (value[i] === c) depth++;
				else if (value[i] === close && --depth === 0) break;
			}
			if (i >= n) throw new IniParseError(`unbalanced ${c} in "${value}"`, line);
			const inner = value.slice(start + 1, i).trim();
			field = c === '{' ? { kind: 'expression', source: inner } : { kind: 'shape', text: inner };
			i++;
		} else {
			while (i < n && value[i] !== ',' && !isSpace(value[i])) i++;
			field = wordOrNumber(value.slice(start, i));
		}
		fields.push(field);
		while (i < n && isSpace(value[i])) i++;
		// TunerStudio also takes a space as a separator: speeduino.ini 202103 has `"% / Steps"  1.0` (line 331)
		// and `scalar    U08,` (page 13) with no comma.
		if (value[i] === ',') i++;
	}
	return fields;
}

function wordOrNumber(text: string): IniField {
	if (NUMBER.test(text)) return { kind: 'number', value: Number(text) };
	if (HEX.test(text)) return { kind: 'number', value: parseInt(text, 16) };
	return { kind: 'word', text };
}

function isSpace(c: string): boolean {
	return c === ' ' || c === '\t';
}

/** A display string with the .ini's escapes resolved (`\"`, `\\`, `\$`). */
export function unescapeLabel(raw: string): string {
	return raw.replace(/\\(.)/g, '$1');
}
