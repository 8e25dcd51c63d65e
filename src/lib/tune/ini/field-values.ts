import { isDataType } from './data-types';
import { IniParseError } from './errors';
import { splitFields, unescapeLabel, type IniField } from './fields';
import type { DataType, NumericValue, TextValue } from './model';

/** Field readers shared by the [Constants] and [OutputChannels] readers; each throws IniParseError on bad input. */
export class FieldCursor {
	#index = 0;

	constructor(
		readonly fields: IniField[],
		readonly key: string,
		readonly line: number
	) {}

	get done(): boolean {
		return this.#index >= this.fields.length;
	}

	next(): IniField | undefined {
		return this.fields[this.#index++];
	}

	fail(message: string): never {
		throw new IniParseError(`${this.key}: ${message}`, this.line);
	}

	dataType(): DataType {
		const f = this.next();
		if (f?.kind !== 'word' || !isDataType(f.text)) {
			this.fail(`expected a type (U08, S08, U16, S16, U32, S32, F32), got ${describe(f)}`);
		}
		return f.text;
	}

	integer(what: string): number {
		const f = this.next();
		if (f?.kind !== 'number' || !Number.isInteger(f.value) || f.value < 0) {
			this.fail(`expected ${what} (a non-negative integer), got ${describe(f)}`);
		}
		return f.value;
	}

	shape(what: string): string {
		const f = this.next();
		if (f?.kind !== 'shape') this.fail(`expected ${what} in [ ], got ${describe(f)}`);
		return f.text;
	}

	/** A number, `{ expression }` or bare identifier; `fallback` when the field is absent. */
	numeric(fallback: NumericValue): NumericValue {
		const f = this.next();
		if (f === undefined) return fallback;
		switch (f.kind) {
			case 'number':
				return f.value;
			case 'expression':
				return { kind: 'expression', source: f.source };
			case 'word':
				return { kind: 'expression', source: f.text };
			case 'string': {
				const n = Number(unescapeLabel(f.raw));
				if (f.raw.trim() !== '' && Number.isFinite(n)) return n;
			}
		}
		this.fail(`expected a number or {expression}, got ${describe(f)}`);
	}

	text(fallback: TextValue): TextValue {
		const f = this.next();
		if (f === undefined) return fallback;
		switch (f.kind) {
			case 'string':
				return unescapeLabel(f.raw);
			case 'expression':
				return { kind: 'expression', source: f.source };
			case 'word':
				return f.text;
			case 'number':
				return String(f.value);
		}
		this.fail(`expected a label, got ${describe(f)}`);
	}

	/** The remaining fields as option labels, with `$macro` references expanded from `#define`s. */
	options(defines: ReadonlyMap<string, string>): string[] {
		const out: string[] = [];
		const expand = (fields: IniField[], depth: number) => {
			for (const f of fields) {
				if (f.kind === 'string') out.push(unescapeLabel(f.raw));
				else if (f.kind === 'number') out.push(String(f.value));
				else if (f.kind === 'word' && f.text.startsWith('$')) {
					const body = defines.get(f.text.slice(1));
					if (body === undefined) this.fail(`undefined macro ${f.text}`);
					if (depth > 16) this.fail(`macro ${f.text} nests too deep`);
					expand(splitFields(body, this.line), depth + 1);
				} else if (f.kind === 'word') out.push(f.text);
				else this.fail(`unexpected ${describe(f)} among options`);
			}
		};
		expand(this.fields.slice(this.#index), 0);
		this.#index = this.fields.length;
		return out;
	}
}

/** `lo:hi` of a bits shape. */
export function bitRange(text: string, cursor: FieldCursor): { low: number; high: number } {
	const m = /^(\d+)\s*:\s*(\d+)$/.exec(text);
	if (!m) cursor.fail(`bad bit range [${text}]`);
	const low = Number(m[1]);
	const high = Number(m[2]);
	if (low > high) cursor.fail(`bit range [${text}] runs backwards`);
	return { low, high };
}

function describe(f: IniField | undefined): string {
	if (!f) return 'nothing';
	switch (f.kind) {
		case 'string':
			return `"${f.raw}"`;
		case 'number':
			return String(f.value);
		case 'expression':
			return `{${f.source}}`;
		case 'shape':
			return `[${f.text}]`;
		case 'word':
			return f.text;
	}
}
