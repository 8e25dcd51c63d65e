import { splitFields, unescapeLabel, type IniField } from './fields';
import type { IniEntry } from './ini-lines';
import type { Warn } from './layout-fields';

/**
 * Reads [SettingContextHelp]: `constantName = "help text"`, shown beside a dialog field. `\n` in the text is a
 * line break. A later entry for the same name wins (speeduino.ini lists some constants twice).
 */
export function parseContextHelp(entries: IniEntry[], warn: Warn): Record<string, string> {
	const help: Record<string, string> = {};
	for (const entry of entries) {
		let fields: IniField[];
		try {
			fields = splitFields(entry.value, entry.line);
		} catch {
			fields = [];
		}
		const first = fields[0];
		if (first?.kind !== 'string') {
			warn(`[SettingContextHelp] ${entry.key}: expected "help text"; skipped`, entry.line);
			continue;
		}
		help[entry.key] = unescapeLabel(first.raw.replace(/\\n/g, '\n'));
	}
	return help;
}
