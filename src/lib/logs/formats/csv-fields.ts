/** The delimiters log CSVs use: TunerStudio/MegaLogViewer write tabs, spreadsheets commas or (decimal-comma locales) semicolons. */
export const CSV_DELIMITERS = ['\t', ',', ';'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

export class CsvFieldError extends Error {
	override name = 'CsvFieldError';
	/** 1-based column (field) where the problem is. */
	readonly column: number;
	constructor(message: string, column: number) {
		super(message);
		this.column = column;
	}
}

/**
 * Splits one record into fields (RFC 4180: a field may be double-quoted, `""` inside quotes is a quote, and a
 * quoted field may hold delimiters and newlines). Unquoted fields are kept as they are (not trimmed).
 * @throws CsvFieldError naming the column of a malformed quoted field.
 */
export function splitCsvRecord(text: string, delimiter: string): string[] {
	if (!text.includes('"')) return text.split(delimiter);
	const fields: string[] = [];
	let i = 0;
	for (;;) {
		const column = fields.length + 1;
		let j = i;
		while (j < text.length && (text[j] === ' ' || text[j] === '\t') && text[j] !== delimiter) j++;
		if (text[j] === '"') {
			let value = '';
			let k = j + 1;
			for (;;) {
				const close = text.indexOf('"', k);
				if (close < 0) throw new CsvFieldError('quoted field is never closed', column);
				value += text.slice(k, close);
				if (text[close + 1] === '"') {
					value += '"';
					k = close + 2;
					continue;
				}
				k = close + 1;
				break;
			}
			while (k < text.length && text[k] !== delimiter && (text[k] === ' ' || text[k] === '\t')) k++;
			if (k < text.length && !text.startsWith(delimiter, k))
				throw new CsvFieldError('text after a closing quote', column);
			fields.push(value);
			if (k >= text.length) return fields;
			i = k + delimiter.length;
			continue;
		}
		const next = text.indexOf(delimiter, i);
		const raw = next < 0 ? text.slice(i) : text.slice(i, next);
		if (raw.includes('"')) throw new CsvFieldError('a quote inside an unquoted field', column);
		fields.push(raw);
		if (next < 0) return fields;
		i = next + delimiter.length;
	}
}

/** The delimiter a header line uses: tab if it has any, else whichever of comma and semicolon is commoner. */
export function detectDelimiter(line: string): CsvDelimiter | null {
	const counts = CSV_DELIMITERS.map((d) => countOutsideQuotes(line, d));
	if (counts[0] > 0) return '\t';
	if (counts[1] === 0 && counts[2] === 0) return null;
	return counts[2] > counts[1] ? ';' : ',';
}

function countOutsideQuotes(line: string, ch: string): number {
	let n = 0;
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (c === '"') quoted = !quoted;
		else if (c === ch && !quoted) n++;
	}
	return n;
}

/** Quotes a field only when it must be (it holds the delimiter, a quote, a line break or edge spaces). */
export function quoteCsvField(value: string, delimiter: string): string {
	if (
		value.includes(delimiter) ||
		value.includes('"') ||
		value.includes('\n') ||
		value.includes('\r') ||
		value !== value.trim()
	)
		return `"${value.replaceAll('"', '""')}"`;
	return value;
}

/** The shortest decimal text that reads back as the same float32 (so an export is exact and compact). */
export function formatFloat32(value: number): string {
	if (!Number.isFinite(value)) return String(value);
	const f = Math.fround(value);
	for (let p = 1; p < 9; p++) {
		const text = String(Number(f.toPrecision(p)));
		if (Math.fround(Number(text)) === f) return text;
	}
	return String(Number(f.toPrecision(9)));
}
