import { FieldCursor } from './field-values';
import { splitFields, unescapeLabel, type IniField } from './fields';
import type { IniEntry } from './ini-lines';
import type { PcVariable } from './model';
import { constant } from './parse-constants';

const KINDS = ['scalar', 'array', 'bits', 'string'];

/**
 * Reads [PcVariables] (lines shaped like [Constants] ones, without an offset) and gives each its
 * `defaultValue = name, v1 v2 …` from [ConstantsExtensions]. speeduino.ini uses them for label lists
 * (`algorithmUnits`), per-board tables (`boardFuelOutputs`) and user aliases (`AUXin00Alias`).
 */
export function parsePcVariables(
	entries: IniEntry[],
	extensions: IniEntry[],
	defines: ReadonlyMap<string, string>,
	onWarning: (message: string, line: number) => void
): PcVariable[] {
	const defaults = new Map<string, { fields: IniField[]; line: number }>();
	for (const e of extensions) {
		if (e.key !== 'defaultValue') continue;
		const [name, ...rest] = splitFields(e.value, e.line);
		if (name?.kind === 'word') defaults.set(name.text, { fields: rest, line: e.line });
	}
	const out: PcVariable[] = [];
	for (const entry of entries) {
		const fields = splitFields(entry.value, entry.line);
		const first = fields[0];
		if (first?.kind !== 'word' || !KINDS.includes(first.text)) {
			onWarning(
				`[PcVariables] ${entry.key}: not a variable this reader knows; skipped`,
				entry.line
			);
			continue;
		}
		const cursor = new FieldCursor(fields, entry.key, entry.line);
		cursor.next();
		const {
			page: _page,
			offset: _offset,
			...shape
		} = constant(first.text, 0, cursor, defines, false);
		const variable = { ...shape, value: 0 } as PcVariable;
		const fallback = defaults.get(entry.key);
		variable.value = initialValue(variable, fallback?.fields ?? [], (message) =>
			onWarning(`defaultValue ${entry.key}: ${message}`, fallback?.line ?? entry.line)
		);
		out.push(variable);
	}
	return out;
}

function initialValue(
	variable: PcVariable,
	fields: IniField[],
	warn: (message: string) => void
): number | number[] | string {
	const numbers = fields.flatMap((f) => (f.kind === 'number' ? [f.value] : []));
	switch (variable.kind) {
		case 'string': {
			const f = fields[0];
			return f?.kind === 'string' ? unescapeLabel(f.raw) : '';
		}
		case 'array': {
			const count = variable.shape.columns * variable.shape.rows;
			if (numbers.length > count)
				warn(`${numbers.length} values for ${count} elements; extra ones ignored`);
			return Array.from({ length: count }, (_, i) => numbers[i] ?? 0);
		}
		case 'bits': {
			const f = fields[0];
			if (f?.kind === 'string' || f?.kind === 'word') {
				const label = f.kind === 'string' ? unescapeLabel(f.raw) : f.text;
				const index = variable.options.indexOf(label);
				if (index >= 0) return index;
				warn(`"${label}" is not one of its options`);
			}
			return numbers[0] ?? 0;
		}
		case 'scalar':
			return numbers[0] ?? 0;
	}
}
