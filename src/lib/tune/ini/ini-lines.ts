import { IniParseError } from './errors';

/** One active `key = value` line (or a bare line, with `value` ''), after comments and the preprocessor. */
export interface IniEntry {
	line: number;
	section: string;
	key: string;
	value: string;
}

export interface IniLines {
	entries: IniEntry[];
	/** `#define name = …` bodies, raw. */
	defines: Map<string, string>;
	/** Every symbol given, `#set`, `#unset` or tested, and whether it is set at the end of the text. */
	settings: Map<string, boolean>;
}

export interface IniLineOptions {
	/**
	 * Preprocessor symbols that are set (as a TunerStudio project's settings would set them, e.g. `CELSIUS`,
	 * `LAMBDA`). Every other symbol is unset unless the file `#set`s it, so `#if X … #else … #endif` takes the
	 * `#else` branch by default: for speeduino.ini that means °F temperatures and AFR (not lambda) units. A symbol
	 * given here stays set through the file's `#unset`, which only states the default (TunerStudio manual,
	 * "Conditional ini blocks": `#unset MY_CONDITION ; … show up as In-Active in Project Properties`), so a tune
	 * saved with `enablehardware_test` gets speeduino.ini's Hardware Testing menu despite its line 3.
	 */
	settings?: Iterable<string>;
	onWarning?: (message: string, line: number) => void;
}

interface Branch {
	/** Whether lines in the current arm are read. */
	active: boolean;
	/** Whether the enclosing block is read at all. */
	parentActive: boolean;
	taken: boolean;
	sawElse: boolean;
	line: number;
}

/**
 * Splits .ini text into section-tagged entries. Handles `;` comments outside quotes, `[Section]` headers and the
 * preprocessor (`#if NAME` / `#if !NAME`, `#elif`, `#else`, `#endif`, `#set`, `#unset`, `#define`).
 */
export function readIniLines(text: string, options: IniLineOptions = {}): IniLines {
	const symbols = new Set(options.settings ?? []);
	const given = new Set(symbols);
	const mentioned = new Set(symbols);
	const warn = options.onWarning ?? (() => {});
	const entries: IniEntry[] = [];
	const defines = new Map<string, string>();
	const stack: Branch[] = [];
	let section = '';
	const lines = text.split(/\r\n|\n|\r/);
	for (let index = 0; index < lines.length; index++) {
		const lineNo = index + 1;
		const line = stripComment(lines[index]).trim();
		if (line === '') continue;
		const active = stack.length === 0 || stack[stack.length - 1].active;
		if (line.startsWith('#')) {
			directive(line, lineNo);
			continue;
		}
		if (!active) continue;
		if (line.startsWith('[')) {
			const end = line.indexOf(']');
			if (end < 0) throw new IniParseError(`unterminated section header "${line}"`, lineNo);
			section = line.slice(1, end).trim();
			continue;
		}
		const eq = line.indexOf('=');
		if (eq < 0) entries.push({ line: lineNo, section, key: line, value: '' });
		else {
			entries.push({
				line: lineNo,
				section,
				key: line.slice(0, eq).trim(),
				value: line.slice(eq + 1).trim()
			});
		}
	}
	if (stack.length > 0) {
		throw new IniParseError('#if without #endif', stack[stack.length - 1].line);
	}
	const settings = new Map([...mentioned].map((name) => [name, symbols.has(name)] as const));
	return { entries, defines, settings };

	function directive(line: string, lineNo: number): void {
		const match = /^#\s*(\w+)\s*(.*)$/.exec(line);
		if (!match) throw new IniParseError(`malformed directive "${line}"`, lineNo);
		const [, word, rest] = match;
		const top = stack[stack.length - 1];
		const active = !top || top.active;
		switch (word) {
			case 'if': {
				const value = active && condition(rest, lineNo);
				stack.push({
					active: value,
					parentActive: active,
					taken: value,
					sawElse: false,
					line: lineNo
				});
				return;
			}
			case 'elif': {
				if (!top || top.sawElse) throw new IniParseError('#elif without #if', lineNo);
				const value = top.parentActive && !top.taken && condition(rest, lineNo);
				top.active = value;
				top.taken ||= value;
				return;
			}
			case 'else':
				if (!top || top.sawElse) throw new IniParseError('#else without #if', lineNo);
				top.sawElse = true;
				top.active = top.parentActive && !top.taken;
				top.taken = true;
				return;
			case 'endif':
				if (!top) throw new IniParseError('#endif without #if', lineNo);
				stack.pop();
				return;
		}
		if (!active) return;
		switch (word) {
			case 'set': {
				const name = symbolName(rest, lineNo);
				mentioned.add(name);
				symbols.add(name);
				return;
			}
			case 'unset': {
				const name = symbolName(rest, lineNo);
				mentioned.add(name);
				if (!given.has(name)) symbols.delete(name);
				return;
			}
			case 'define': {
				const eq = rest.indexOf('=');
				if (eq < 0) throw new IniParseError(`#define without "=": "${line}"`, lineNo);
				defines.set(rest.slice(0, eq).trim(), rest.slice(eq + 1).trim());
				return;
			}
			default:
				warn(`ignored directive #${word}`, lineNo);
		}
	}

	function condition(rest: string, lineNo: number): boolean {
		const text = rest.trim();
		const negated = text.startsWith('!');
		const name = symbolName(negated ? text.slice(1) : text, lineNo);
		mentioned.add(name);
		return symbols.has(name) !== negated;
	}
}

function symbolName(text: string, lineNo: number): string {
	const name = text.trim();
	if (!/^\w+$/.test(name)) throw new IniParseError(`bad preprocessor symbol "${name}"`, lineNo);
	return name;
}

/** Cuts a `;` comment that is outside double quotes. */
function stripComment(line: string): string {
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (c === '\\' && quoted) i++;
		else if (c === '"') quoted = !quoted;
		else if (c === ';' && !quoted) return line.slice(0, i);
	}
	return line;
}
