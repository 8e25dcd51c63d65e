import { FieldCursor } from './field-values';
import type { IniField } from './fields';
import type { IniEntry } from './ini-lines';
import { labelOf, layoutFields, numberOf, wordOf, type Warn } from './layout-fields';
import type { NumericValue } from './model';
import { binsRef } from './parse-table-editor';
import type { AxisRange, CurveEditor } from './ui-model';

/**
 * Reads [CurveEditor]: `curve = name, "title"` opens a curve; columnLabel, xAxis, yAxis, xBins, yBins (repeated for
 * each line of a multi-line curve), lineLabel, size, gauge and topicHelp belong to it. A curve without xBins and
 * yBins is dropped with a warning.
 */
export function parseCurveEditor(entries: IniEntry[], warn: Warn): CurveEditor[] {
	const curves: CurveEditor[] = [];
	let current: (Partial<CurveEditor> & { line: number }) | null = null;
	const close = () => {
		if (!current) return;
		const { line, ...curve } = current;
		if (curve.xBins && curve.yBins?.length) curves.push(curve as CurveEditor);
		else warn(`curve ${curve.name} has no xBins or yBins; skipped`, line);
		current = null;
	};
	for (const entry of entries) {
		const fields = layoutFields(entry, warn);
		const cursor: FieldCursor = new FieldCursor(fields, entry.key, entry.line);
		if (entry.key === 'curve') {
			close();
			const name = wordOf(fields[0]);
			const title = labelOf(fields[1]);
			if (!name || title === undefined) cursor.fail('expected name, "title"');
			current = { name, title, columnLabels: [], yBins: [], lineLabels: [], line: entry.line };
			continue;
		}
		if (!current) {
			warn(`[CurveEditor] ${entry.key} before any curve; skipped`, entry.line);
			continue;
		}
		const curve: Partial<CurveEditor> & Pick<CurveEditor, 'yBins' | 'lineLabels'> =
			current as CurveEditor;
		switch (entry.key) {
			case 'columnLabel':
				curve.columnLabels = fields.map((f) => labelOf(f) ?? '');
				break;
			case 'xAxis':
			case 'yAxis':
				curve[entry.key] = axisRange(fields, cursor);
				break;
			case 'xBins':
				curve.xBins = binsRef(fields, cursor);
				break;
			case 'yBins':
				curve.yBins.push(binsRef(fields, cursor));
				break;
			case 'lineLabel':
				curve.lineLabels.push(labelOf(fields[0]) ?? '');
				break;
			case 'size': {
				const [w, h] = fields.map(numberOf);
				if (w === undefined || h === undefined) cursor.fail('expected width, height');
				curve.size = [w, h];
				break;
			}
			case 'gauge':
				curve.gauge = wordOf(fields[0]) ?? cursor.fail('expected a gauge name');
				break;
			case 'topicHelp':
				curve.topicHelp = labelOf(fields[0]) ?? '';
				break;
			default:
				warn(`[CurveEditor] ${entry.key}: not a key this reader knows; skipped`, entry.line);
		}
	}
	close();
	return curves;
}

function axisRange(fields: IniField[], cursor: FieldCursor): AxisRange {
	const [min, max, divisions] = fields.map((f): NumericValue | undefined =>
		f.kind === 'number'
			? f.value
			: f.kind === 'expression'
				? { kind: 'expression', source: f.source }
				: f.kind === 'word'
					? { kind: 'expression', source: f.text }
					: undefined
	);
	if (min === undefined || max === undefined || divisions === undefined) {
		cursor.fail('expected min, max, divisions');
	}
	return { min, max, divisions };
}
