import { CsvLogError } from '$lib/logs/formats';
import {
	CsvTableReader,
	splitHeaderUnit,
	type CsvTableHead,
	type CsvTableOptions
} from '$lib/logs/formats/csv-table';

export interface CsvColumnPreview {
	/** Header text exactly as in the file: the key a mapping uses. */
	header: string;
	/** Name and unit the importer would give it (units row, or "Name (unit)"). */
	name: string;
	unit: string;
	/** First data row's cell. */
	sample: string;
}

export interface CsvPreview {
	tunerStudio: boolean;
	delimiter: string;
	headerLine: number;
	columns: CsvColumnPreview[];
}

/**
 * How the importer will read a CSV, from the start of the file (the browser reads the first 64 KiB), using the
 * same table reader the server uses, so the mapping form shows the columns exactly as the import will see them.
 * A partial last line is ignored. Returns the reader's error when not even a header is found.
 */
export function previewCsv(
	text: string,
	options: CsvTableOptions = {}
): CsvPreview | { error: string } {
	let head: CsvTableHead | null = null;
	let sample: string[] | null = null;
	const reader = new CsvTableReader(
		{
			head: (h) => (head = h),
			row: (cells) => (sample ??= cells),
			mark: () => {}
		},
		options
	);
	const complete = text.slice(0, Math.max(0, text.lastIndexOf('\n') + 1)) || text;
	try {
		reader.push(complete);
		reader.end();
	} catch (err) {
		if (!(err instanceof CsvLogError)) throw err;
		if (!head) return { error: err.message };
	}
	const h = head as CsvTableHead | null;
	if (!h) return { error: 'no header line with two or more columns' };
	return {
		tunerStudio: h.tunerStudio,
		delimiter: h.delimiter,
		headerLine: h.headerLine,
		columns: h.header.map((header, i) => {
			const named = h.units ? { name: header, unit: h.units[i] ?? '' } : splitHeaderUnit(header);
			return { header, ...named, sample: (sample as string[] | null)?.[i] ?? '' };
		})
	};
}
