import { CSV_DELIMITER_CHARS } from './csv-mapping';
import { CsvFieldError, detectDelimiter, splitCsvRecord } from './csv-fields';
import { LineSplitter, type TextLine } from './text-lines';

/** A CSV file the importer cannot read; names the 1-based line and, where it applies, the column. */
export class CsvLogError extends Error {
	override name = 'CsvLogError';
	readonly line: number;
	readonly column: number | null;

	constructor(
		message: string,
		at: { line: number; column?: number | null; columnName?: string },
		options?: { cause?: unknown }
	) {
		const col =
			at.column == null ? '' : `, column ${at.column}${at.columnName ? ` "${at.columnName}"` : ''}`;
		super(`${message} (line ${at.line}${col})`, options);
		this.line = at.line;
		this.column = at.column ?? null;
	}
}

export interface CsvTableOptions {
	/** @default 'auto' */
	delimiter?: 'auto' | keyof typeof CSV_DELIMITER_CHARS;
	/** @default 'auto': ',' when the delimiter is not a comma and the first data row has cells like "12,5" */
	decimal?: 'auto' | '.' | ',';
	/** 1-based line of the column names. @default the first line that splits into two or more fields */
	headerLine?: number;
	/** @default 'auto': the line after the header when none of its cells is a number */
	unitsRow?: boolean | 'auto';
}

export interface CsvTableHead {
	/** Lines before the header, outer quotes removed (TunerStudio's signature and capture date). */
	preamble: string[];
	/** The preamble had quoted lines or there is a units row: TunerStudio / MegaLogViewer style. */
	tunerStudio: boolean;
	delimiter: string;
	headerLine: number;
	/** Header cells, trimmed. */
	header: string[];
	/** Units row cells, trimmed; null without one. */
	units: string[] | null;
}

export interface CsvTableHandlers {
	head(head: CsvTableHead): void;
	/** A data record with exactly as many cells as the header. */
	row(cells: string[], line: number): void;
	/** A `MARK …` line (TunerStudio marker); `text` is what follows the keyword. */
	mark(text: string, line: number): void;
}

/**
 * The table layer shared by CSV log and dyno imports: text in chunks of any size → preamble, header, optional
 * units row, then data records (blank lines skipped, `MARK` lines passed on). Records with a different number of
 * fields than the header, or malformed quoting, throw {@link CsvLogError}.
 */
export class CsvTableReader {
	private readonly handlers: CsvTableHandlers;
	private readonly options: Required<Omit<CsvTableOptions, 'headerLine'>> & { headerLine?: number };
	private readonly splitter = new LineSplitter();
	private readonly lines: TextLine[] = [];
	private stage: 'preamble' | 'units' | 'data' = 'preamble';
	private readonly preamble: string[] = [];
	private quotedPreamble = false;
	private delimiter = ',';
	private header: string[] = [];
	private headerLine = 0;
	private lastLine = 0;
	private decimalComma = false;
	private decimalDecided = false;

	constructor(handlers: CsvTableHandlers, options: CsvTableOptions = {}) {
		this.handlers = handlers;
		this.options = {
			delimiter: options.delimiter ?? 'auto',
			decimal: options.decimal ?? 'auto',
			unitsRow: options.unitsRow ?? 'auto',
			headerLine: options.headerLine
		};
		this.decimalComma = this.options.decimal === ',';
	}

	push(text: string): void {
		this.lines.length = 0;
		this.splitter.push(text, this.lines);
		for (const line of this.lines) this.line(line);
	}

	end(): void {
		this.lines.length = 0;
		this.splitter.end(this.lines);
		for (const line of this.lines) this.line(line);
		if (this.stage === 'preamble')
			throw new CsvLogError('no header line with two or more columns', {
				line: Math.max(1, this.lastLine)
			});
		if (this.stage === 'units') this.open(null);
	}

	/** A cell as a number (NaN when blank or not a number), honouring the decimal separator. */
	number(cell: string): number {
		const t = this.decimalComma ? cell.replace(',', '.') : cell;
		return t.trim() === '' ? NaN : Number(t);
	}

	private line({ text, line }: TextLine): void {
		this.lastLine = line;
		if (this.stage === 'preamble') return this.preambleLine(text, line);
		if (text.trim() === '') return;
		if (isMark(text)) {
			if (this.stage === 'units') this.open(null);
			return this.handlers.mark(unquote(text.trim()).slice(4).trim(), line);
		}
		const cells = this.split(text, line);
		if (this.stage === 'units') {
			if (this.isUnitsRow(cells)) return this.open(cells.map((c) => c.trim()));
			this.open(null);
		}
		if (!this.decimalDecided) {
			this.decimalDecided = true;
			if (this.options.decimal === 'auto' && this.delimiter !== ',')
				this.decimalComma = cells.some((c) => DECIMAL_COMMA.test(c));
		}
		if (cells.length !== this.header.length)
			throw new CsvLogError(`${cells.length} fields where the header has ${this.header.length}`, {
				line
			});
		this.handlers.row(cells, line);
	}

	private preambleLine(text: string, line: number): void {
		const wanted = this.options.headerLine;
		const trimmed = text.trim();
		if (wanted !== undefined ? line < wanted : !this.looksLikeHeader(trimmed)) {
			if (trimmed !== '') this.preamble.push(unquote(trimmed));
			if (trimmed.startsWith('"')) this.quotedPreamble = true;
			return;
		}
		this.delimiter = this.pickDelimiter(text) ?? ',';
		this.header = this.split(text, line).map((h) => h.trim());
		this.headerLine = line;
		this.stage = 'units';
		if (this.options.unitsRow === false) this.open(null);
	}

	private pickDelimiter(text: string): string | null {
		return this.options.delimiter === 'auto'
			? detectDelimiter(text)
			: CSV_DELIMITER_CHARS[this.options.delimiter];
	}

	private looksLikeHeader(text: string): boolean {
		if (text === '' || isMark(text)) return false;
		const delimiter = this.pickDelimiter(text);
		if (delimiter === null || !text.includes(delimiter)) return false;
		try {
			return splitCsvRecord(text, delimiter).filter((c) => c.trim() !== '').length >= 2;
		} catch {
			return false;
		}
	}

	private isUnitsRow(cells: string[]): boolean {
		if (this.options.unitsRow === true) return true;
		let words = 0;
		for (const c of cells) {
			if (c.trim() === '') continue;
			if (Number.isFinite(this.number(c)) || DECIMAL_COMMA.test(c)) return false;
			words++;
		}
		return words > 0;
	}

	private open(units: string[] | null): void {
		this.stage = 'data';
		this.handlers.head({
			preamble: this.preamble,
			tunerStudio: this.quotedPreamble || units !== null,
			delimiter: this.delimiter,
			headerLine: this.headerLine,
			header: this.header,
			units
		});
	}

	private split(text: string, line: number): string[] {
		try {
			return splitCsvRecord(text, this.delimiter);
		} catch (e) {
			if (!(e instanceof CsvFieldError)) throw e;
			throw new CsvLogError(e.message, { line, column: e.column }, { cause: e });
		}
	}
}

const DECIMAL_COMMA = /^\s*[-+]?\d+,\d+\s*$/;

function isMark(text: string): boolean {
	return /^"?MARK\b/.test(text.trimStart());
}

export function unquote(text: string): string {
	return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

const HEADER_UNIT = /^(.*?)\s*[([]([^)\]]*)[)\]]$/;

/** "Power (HP)" / "Speed [km/h]" → name and unit; a header without a bracketed unit has unit ''. */
export function splitHeaderUnit(header: string): { name: string; unit: string } {
	const m = HEADER_UNIT.exec(header);
	return m && m[1] !== '' ? { name: m[1].trim(), unit: m[2].trim() } : { name: header, unit: '' };
}
