import { IniParseError } from './errors';
import { splitFields, unescapeLabel, type IniField } from './fields';
import type { IniEntry } from './ini-lines';
import type { Expression } from './model';
import type { LabelStyle } from './ui-model';

export type Warn = (message: string, line: number) => void;

/**
 * The fields of a [TableEditor], [CurveEditor], [Menu] or [UserDefined] line, with two repairs TunerStudio makes
 * silently and we make with a warning:
 * - a style prefix outside the quotes (`displayOnlyField = #"Secondary Serial ENABLED", …`, speeduino.ini
 *   [UserDefined]) is moved inside, where `#`/`!` normally sit;
 * - a `{` never closed on its line (speeduino.ini 202103 line 2456, `{ idleUpEnabled && idleUpOutputEnabled`) is
 *   closed at the end of the line.
 */
export function layoutFields(entry: IniEntry, warn: Warn): IniField[] {
	let value = entry.value;
	const prefixed = /^([#!])"/.exec(value);
	if (prefixed) value = `"${prefixed[1]}${value.slice(2)}`;
	try {
		return splitFields(value, entry.line);
	} catch (e) {
		if (!(e instanceof IniParseError) || !/unbalanced \{/.test(e.message)) throw e;
		warn(`${entry.key}: "{" not closed on its line; closed at the end of the line`, entry.line);
		return splitFields(`${value}}`, entry.line);
	}
}

/** A quoted or bare label; undefined when the field is something else. */
export function labelOf(field: IniField | undefined): string | undefined {
	if (field?.kind === 'string') return unescapeLabel(field.raw);
	if (field?.kind === 'word') return field.text;
	if (field?.kind === 'number') return String(field.value);
	return undefined;
}

/** `{ … }` as an Expression; `{}` (a placeholder for "always") as undefined. */
export function conditionOf(field: IniField | undefined): Expression | undefined {
	if (field?.kind !== 'expression' || field.source.trim() === '') return undefined;
	return { kind: 'expression', source: field.source };
}

/** A label's style marker and the text to show. */
export function styledLabel(label: string): { label: string; style: LabelStyle } {
	if (label.startsWith('#')) return { label: label.slice(1), style: 'heading' };
	if (label.startsWith('!')) return { label: label.slice(1), style: 'warning' };
	return { label, style: 'plain' };
}

/**
 * Conditions among `fields`: the first `{…}` enables, the second shows (TunerStudio's order). A label line may put a
 * `{}` placeholder where the constant would be (`field = "!Warning…", {}, {}, { visible }`): with three braces and
 * no constant, the first is that placeholder.
 */
export function conditions(
	fields: IniField[],
	hasConstant = true
): { enable?: Expression; visible?: Expression } {
	let braces = fields.filter((f) => f.kind === 'expression');
	if (!hasConstant && braces.length === 3) braces = braces.slice(1);
	const enable = conditionOf(braces[0]);
	const visible = conditionOf(braces[1]);
	return { ...(enable ? { enable } : {}), ...(visible ? { visible } : {}) };
}

/** A bare name (`rpmBins`), or undefined for anything else. */
export function wordOf(field: IniField | undefined): string | undefined {
	return field?.kind === 'word' ? field.text : undefined;
}

export function numberOf(field: IniField | undefined): number | undefined {
	return field?.kind === 'number' ? field.value : undefined;
}
