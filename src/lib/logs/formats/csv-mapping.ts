import * as v from 'valibot';

/** JSON-friendly delimiter names, so a saved mapping has no raw tab characters. */
export const CSV_DELIMITER_CHARS = { tab: '\t', comma: ',', semicolon: ';' } as const;

export const TIME_UNITS = ['s', 'ms', 'us', 'iso'] as const;
export type CsvTimeUnit = (typeof TIME_UNITS)[number];

const Text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));

/** What to do with one column, keyed by its header text. */
export const CsvColumnSchema = v.strictObject({
	/** Channel name to use instead of the header text. */
	name: v.optional(v.pipe(Text(64), v.minLength(1))),
	/** Unit to use instead of the units row or the header's "(unit)". */
	unit: v.optional(Text(32)),
	skip: v.optional(v.boolean())
});

/**
 * How a CSV log maps to channels. Everything is optional: the importer detects the delimiter, header line, units
 * row and time column, and a shop saves a mapping only for the files detection gets wrong.
 */
export const CsvLogMappingSchema = v.strictObject({
	delimiter: v.optional(v.picklist(['auto', 'tab', 'comma', 'semicolon']), 'auto'),
	/** Decimal separator; 'auto' reads "12,5" as 12.5 when the delimiter is not a comma (decimal-comma locales). */
	decimal: v.optional(v.picklist(['auto', '.', ',']), 'auto'),
	/** 1-based line holding the column names. Default: the first line that splits into two or more fields. */
	headerLine: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
	/** Whether the line after the header holds units (TunerStudio writes one). Default: when no cell is a number. */
	unitsRow: v.optional(v.union([v.boolean(), v.literal('auto')]), 'auto'),
	time: v.optional(
		v.union([
			v.strictObject({
				/** Header text of the time column. Default: a column named Time, Timestamp, Seconds, Elapsed or t. */
				column: v.optional(v.pipe(v.string(), v.minLength(1))),
				/** Default: from the column's unit, else ISO dates when the cells are dates, else seconds. */
				unit: v.optional(v.picklist(TIME_UNITS))
			}),
			v.strictObject({
				/** For files without a time column: rows are this far apart. */
				sampleRateHz: v.pipe(v.number(), v.finite(), v.gtValue(0), v.maxValue(1_000_000))
			})
		]),
		{}
	),
	columns: v.optional(v.record(v.string(), CsvColumnSchema), {}),
	/** A cell that is not a number: fail naming its line and column, or treat it as no sample. */
	badValues: v.optional(v.picklist(['error', 'skip']), 'error')
});

export type CsvLogMappingInput = v.InferInput<typeof CsvLogMappingSchema>;
export type CsvLogMapping = v.InferOutput<typeof CsvLogMappingSchema>;
