import { FieldCursor } from './field-values';
import type { IniEntry } from './ini-lines';
import { conditionOf, labelOf, layoutFields, numberOf, wordOf, type Warn } from './layout-fields';
import type { VeAnalyze, VeAnalyzeFilter } from './ui-model';

/**
 * Reads [VeAnalyze]: `veAnalyzeMap = table, lambdaTargetTable, lambdaChannel, egoCorrectionChannel, {active}` and
 * its `filter` lines (`std_…` names, or `name, "label", channel, operator, value, userAdjustable`). Undefined when
 * the section is absent.
 */
export function parseVeAnalyze(entries: IniEntry[], warn: Warn): VeAnalyze | undefined {
	let result: VeAnalyze | undefined;
	const filters: VeAnalyzeFilter[] = [];
	for (const entry of entries) {
		const fields = layoutFields(entry, warn);
		const cursor: FieldCursor = new FieldCursor(fields, entry.key, entry.line);
		if (entry.key === 'veAnalyzeMap') {
			const [table, targetTable, lambdaChannel, ego] = fields.map(wordOf);
			if (!table || !targetTable || !lambdaChannel) {
				cursor.fail('expected table, lambdaTargetTable, lambdaChannel');
			}
			const activeCondition = conditionOf(fields.find((f) => f.kind === 'expression'));
			result = {
				table,
				targetTable,
				lambdaChannel,
				...(ego ? { egoCorrectionChannel: ego } : {}),
				...(activeCondition ? { activeCondition } : {}),
				filters
			};
		} else if (entry.key === 'filter') {
			const name = wordOf(fields[0]) ?? cursor.fail('expected a filter name');
			if (fields.length === 1) {
				filters.push({ name });
				continue;
			}
			// The operator (`<`, `&`, `=`) is a bare word; an empty field before the flag is skipped by splitFields.
			const value = numberOf(fields[4]);
			const adjustable = wordOf(fields[fields.length - 1]);
			filters.push({
				name,
				label: labelOf(fields[1]) ?? name,
				...(wordOf(fields[2]) ? { channel: wordOf(fields[2]) } : {}),
				...(wordOf(fields[3]) ? { operator: wordOf(fields[3]) } : {}),
				...(value === undefined ? {} : { value }),
				...(adjustable === 'true' || adjustable === 'false'
					? { userAdjustable: adjustable === 'true' }
					: {})
			});
		}
	}
	return result;
}
