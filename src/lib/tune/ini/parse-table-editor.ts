import { FieldCursor } from './field-values';
import type { IniField } from './fields';
import type { IniEntry } from './ini-lines';
import { labelOf, layoutFields, numberOf, wordOf, type Warn } from './layout-fields';
import type { BinsRef, TableEditor } from './ui-model';

/**
 * Reads [TableEditor]: each `table = name, map3dName, "title", page` opens a table; the lines after it (xBins,
 * yBins, zBins, xyLabels, gridHeight, gridOrient, upDownLabel, topicHelp) belong to it. A table without xBins,
 * yBins and zBins cannot be edited, so it is dropped with a warning.
 */
export function parseTableEditor(entries: IniEntry[], warn: Warn): TableEditor[] {
	const tables: TableEditor[] = [];
	let current: (Partial<TableEditor> & { line: number }) | null = null;
	const close = () => {
		if (!current) return;
		const { line, ...table } = current;
		if (table.xBins && table.yBins && table.zBins) tables.push(table as TableEditor);
		else warn(`table ${table.name} has no xBins, yBins or zBins; skipped`, line);
		current = null;
	};
	for (const entry of entries) {
		const fields = layoutFields(entry, warn);
		const cursor: FieldCursor = new FieldCursor(fields, entry.key, entry.line);
		if (entry.key === 'table') {
			close();
			const name = wordOf(fields[0]);
			const map3d = wordOf(fields[1]);
			const title = labelOf(fields[2]);
			if (!name || !map3d || title === undefined) cursor.fail('expected name, map3dName, "title"');
			const page = numberOf(fields[3]);
			current = { name, map3d, title, line: entry.line, ...(page === undefined ? {} : { page }) };
			continue;
		}
		if (!current) {
			warn(`[TableEditor] ${entry.key} before any table; skipped`, entry.line);
			continue;
		}
		const table: Partial<TableEditor> = current;
		switch (entry.key) {
			case 'xBins':
			case 'yBins':
				table[entry.key] = binsRef(fields, cursor);
				break;
			case 'zBins':
				table.zBins = binsRef(fields, cursor).constant;
				break;
			case 'xyLabels':
				table.xyLabels = pair(fields, cursor);
				break;
			case 'upDownLabel':
				table.upDownLabel = pair(fields, cursor);
				break;
			case 'gridHeight':
				table.gridHeight = numberOf(fields[0]) ?? cursor.fail('expected a number');
				break;
			case 'gridOrient': {
				const [x, y, z] = fields.map(numberOf);
				if (x === undefined || y === undefined || z === undefined) cursor.fail('expected 3 angles');
				table.gridOrient = [x, y, z];
				break;
			}
			case 'topicHelp':
				table.topicHelp = labelOf(fields[0]) ?? '';
				break;
			default:
				warn(`[TableEditor] ${entry.key}: not a key this reader knows; skipped`, entry.line);
		}
	}
	close();
	return tables;
}

/** `constant, channel` (the channel optional). */
export function binsRef(fields: IniField[], cursor: FieldCursor): BinsRef {
	const constant = wordOf(fields[0]);
	if (!constant) cursor.fail('expected a constant name');
	const channel = wordOf(fields[1]);
	return channel === undefined ? { constant } : { constant, channel };
}

function pair(fields: IniField[], cursor: FieldCursor): [string, string] {
	const a = labelOf(fields[0]);
	const b = labelOf(fields[1]);
	if (a === undefined || b === undefined) cursor.fail('expected two labels');
	return [a, b];
}
