import { FieldCursor } from './field-values';
import type { IniField } from './fields';
import type { IniEntry } from './ini-lines';
import {
	conditionOf,
	conditions,
	labelOf,
	layoutFields,
	styledLabel,
	wordOf,
	type Warn
} from './layout-fields';
import type { Dialog, DialogItem, SettingSelector } from './ui-model';

const CONTAINERS = { dialog: 'dialog', indicatorPanel: 'indicatorPanel', help: 'help' } as const;

/**
 * Reads [UserDefined]: dialogs (and indicator panels and help pages) with their fields, panels, display-only
 * fields, command buttons, sliders, setting selectors and gauges. A later dialog with the same name replaces the
 * earlier one, as TunerStudio documents in the section's header comment.
 */
export function parseUserDefined(entries: IniEntry[], warn: Warn): Dialog[] {
	const dialogs = new Map<string, Dialog>();
	let current: Dialog | null = null;
	let selector: SettingSelector | null = null;
	for (const entry of entries) {
		const fields = layoutFields(entry, warn);
		const cursor: FieldCursor = new FieldCursor(fields, entry.key, entry.line);
		const key = entry.key;
		if (Object.hasOwn(CONTAINERS, key)) {
			current = container(CONTAINERS[key as keyof typeof CONTAINERS], fields, cursor);
			dialogs.delete(current.name);
			dialogs.set(current.name, current);
			selector = null;
			continue;
		}
		if (!current) {
			warn(`[UserDefined] ${key} before any dialog; skipped`, entry.line);
			continue;
		}
		if (key === 'topicHelp') {
			current.topicHelp = labelOf(fields[0]) ?? '';
			continue;
		}
		if (key === 'settingOption') {
			if (!selector) {
				warn('settingOption outside a settingSelector; skipped', entry.line);
				continue;
			}
			selector.options.push(settingOption(fields, cursor));
			continue;
		}
		const item = dialogItem(key, fields, cursor, entry.value);
		selector = item.kind === 'settingSelector' ? item : null;
		current.items.push(item);
	}
	return [...dialogs.values()];
}

function container(kind: Dialog['kind'], fields: IniField[], cursor: FieldCursor): Dialog {
	const name = wordOf(fields[0]) ?? cursor.fail('expected a name');
	if (kind === 'indicatorPanel') {
		const visible = conditionOf(fields.find((f) => f.kind === 'expression'));
		return { kind, name, title: '', items: [], ...(visible ? { visible } : {}) };
	}
	const title = labelOf(fields[1]) ?? '';
	// speeduino.ini line 2511 gives a number (`dialog = triggerSettings,"Trigger Settings",4`): kept as written.
	const layout = labelOf(fields[2]);
	return { kind, name, title, items: [], ...(layout ? { layout } : {}) };
}

function dialogItem(key: string, fields: IniField[], cursor: FieldCursor, raw: string): DialogItem {
	switch (key) {
		case 'field':
		case 'displayOnlyField': {
			const { label, style } = styledLabel(labelOf(fields[0]) ?? '');
			const word = wordOf(fields[1]);
			const element = word ? /^(\w+)\[(\d+)\]$/.exec(word) : null;
			const constant = element ? element[1] : word;
			return {
				kind: key,
				label,
				style,
				...(constant ? { constant } : {}),
				...(element ? { index: Number(element[2]) } : {}),
				...conditions(fields.slice(1), constant !== undefined)
			};
		}
		case 'panel': {
			const name = wordOf(fields[0]) ?? cursor.fail('expected a panel name');
			const placement = wordOf(fields[1]);
			return {
				kind: 'panel',
				name,
				...(placement ? { placement } : {}),
				...conditions(fields.slice(1))
			};
		}
		case 'commandButton': {
			const label = labelOf(fields[0]) ?? cursor.fail('expected a "label"');
			const command = wordOf(fields[1]) ?? cursor.fail('expected a command name');
			const flags = fields.slice(2).flatMap((f) => (f.kind === 'word' ? [f.text] : []));
			return { kind: 'commandButton', label, command, flags, ...conditions(fields.slice(2)) };
		}
		case 'slider': {
			const label = labelOf(fields[0]) ?? cursor.fail('expected a "label"');
			const constant = wordOf(fields[1]) ?? cursor.fail('expected a constant');
			const orientation = wordOf(fields[2]) === 'vertical' ? 'vertical' : 'horizontal';
			return { kind: 'slider', label, constant, orientation, ...conditions(fields.slice(2)) };
		}
		case 'settingSelector': {
			const label = labelOf(fields[0]) ?? cursor.fail('expected a "label"');
			return { kind: 'settingSelector', label, options: [], ...conditions(fields.slice(1)) };
		}
		case 'gauge': {
			const name = wordOf(fields[0]) ?? cursor.fail('expected a gauge name');
			return { kind: 'gauge', name, ...conditions(fields.slice(1)) };
		}
		case 'indicator': {
			const condition = conditionOf(fields[0]) ?? cursor.fail('expected a {condition}');
			return {
				kind: 'indicator',
				condition,
				off: labelOf(fields[1]) ?? '',
				on: labelOf(fields[2]) ?? ''
			};
		}
		default:
			return { kind: 'other', key, raw };
	}
}

/** `settingOption = "label", name=value, name=value` (splitFields keeps `name=value` as one word). */
function settingOption(
	fields: IniField[],
	cursor: FieldCursor
): { label: string; values: Record<string, number> } {
	const label = labelOf(fields[0]) ?? cursor.fail('expected a "label"');
	const values: Record<string, number> = {};
	for (const f of fields.slice(1)) {
		const m = f.kind === 'word' ? /^(\w+)=(.+)$/.exec(f.text) : null;
		const value = m ? Number(m[2]) : NaN;
		if (!m || !Number.isFinite(value)) cursor.fail(`expected name=value, got ${describe(f)}`);
		values[m[1]] = value;
	}
	return { label, values };
}

function describe(f: IniField): string {
	return f.kind === 'word' ? f.text : f.kind === 'number' ? String(f.value) : f.kind;
}
