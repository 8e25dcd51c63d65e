import type { CsvLogMappingInput } from '$lib/logs/formats';

/** The import page's CSV mapping inputs, as strings and flags straight from the form. */
export interface CsvMappingForm {
	delimiter: 'auto' | 'tab' | 'comma' | 'semicolon';
	decimal: 'auto' | '.' | ',';
	/** '' = detect. */
	headerLine: string;
	/** Raw header of the time column; '' = detect; RATE = rows at a fixed rate. */
	timeColumn: string;
	/** '' = from the column's unit. */
	timeUnit: '' | 's' | 'ms' | 'us' | 'iso';
	sampleRateHz: string;
	badValues: 'error' | 'skip';
	/** Per raw header: the user's name/unit (blank = as detected) and whether to leave it out. */
	columns: Record<string, { name: string; unit: string; skip: boolean }>;
}

export const RATE = '\u0000rate';

/** The mapping the server's CSV parser takes (CsvLogMappingSchema), with only what the user changed. */
export function mappingFromForm(f: CsvMappingForm): CsvLogMappingInput {
	const mapping: CsvLogMappingInput = {};
	if (f.delimiter !== 'auto') mapping.delimiter = f.delimiter;
	if (f.decimal !== 'auto') mapping.decimal = f.decimal;
	if (f.headerLine.trim()) mapping.headerLine = Number(f.headerLine);
	if (f.timeColumn === RATE) mapping.time = { sampleRateHz: Number(f.sampleRateHz) };
	else if (f.timeColumn || f.timeUnit)
		mapping.time = {
			...(f.timeColumn ? { column: f.timeColumn } : {}),
			...(f.timeUnit ? { unit: f.timeUnit } : {})
		};
	if (f.badValues !== 'error') mapping.badValues = f.badValues;
	const columns: NonNullable<CsvLogMappingInput['columns']> = {};
	for (const [header, c] of Object.entries(f.columns)) {
		const entry = {
			...(c.name.trim() ? { name: c.name.trim() } : {}),
			...(c.unit.trim() ? { unit: c.unit.trim() } : {}),
			...(c.skip ? { skip: true } : {})
		};
		if (Object.keys(entry).length) columns[header] = entry;
	}
	if (Object.keys(columns).length) mapping.columns = columns;
	return mapping;
}
