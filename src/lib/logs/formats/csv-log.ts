import * as v from 'valibot';
import { textChunks, type TextSource } from './byte-source';
import {
	CsvLogMappingSchema,
	type CsvLogMapping,
	type CsvLogMappingInput,
	type CsvTimeUnit
} from './csv-mapping';
import { CsvLogError, CsvTableReader, splitHeaderUnit, type CsvTableHead } from './csv-table';
import { ImportedLogBuilder, type ImportedLog, type LogSink } from './imported-log';

export { CsvLogError } from './csv-table';

export interface CsvLogOptions extends CsvLogMappingInput {
	/** Keep what was read before the first bad line instead of throwing; the summary's `error` names it. */
	keepPartial?: boolean;
	/** For byte input. @default 'utf-8' */
	encoding?: string;
}

export interface CsvImportSummary {
	/** 'tunerstudio-csv' when the file had TunerStudio's quoted preamble or units row. */
	format: 'tunerstudio-csv' | 'csv';
	delimiter: string;
	headerLine: number;
	timeColumn: string | null;
	timeUnit: CsvTimeUnit | null;
	rows: number;
	markers: number;
	/** Times the time column stepped back; the log is stitched on at the previous interval. */
	timeResets: number;
	error: CsvLogError | null;
}

const TIME_NAMES = new Set([
	'time',
	'timestamp',
	'seconds',
	'secs',
	'elapsed',
	'elapsed time',
	't'
]);
const TIME_UNIT_OF: Record<string, CsvTimeUnit> = {
	s: 's',
	sec: 's',
	secs: 's',
	seconds: 's',
	ms: 'ms',
	msec: 'ms',
	us: 'us',
	µs: 'us',
	usec: 'us'
};
const US_PER: Record<Exclude<CsvTimeUnit, 'iso'>, number> = { s: 1e6, ms: 1e3, us: 1 };

interface Column {
	index: number;
	name: string;
	unit: string;
}

function parseMapping(options: CsvLogOptions): CsvLogMapping {
	const { keepPartial: _k, encoding: _e, ...mapping } = options;
	const parsed = v.safeParse(CsvLogMappingSchema, mapping);
	if (!parsed.success) {
		const issue = parsed.issues[0];
		throw new TypeError(`CSV log mapping: ${v.getDotPath(issue) ?? ''} ${issue.message}`.trim(), {
			cause: new v.ValiError(parsed.issues)
		});
	}
	return parsed.output;
}

/**
 * Reads TunerStudio / MegaLogViewer text logs (.msl, .csv: quoted preamble lines, a names row, a units row,
 * tab-separated values, `MARK` lines) and generic CSV with a header, as text pushed in chunks of any size, and
 * writes rows into a {@link LogSink}. Every column except the time column is a channel; an empty cell is no sample.
 */
export class CsvLogParser {
	readonly summary: CsvImportSummary;
	private readonly sink: LogSink;
	private readonly mapping: CsvLogMapping;
	private readonly keepPartial: boolean;
	private readonly table: CsvTableReader;
	private header: string[] = [];
	private columns: Column[] = [];
	private timeIndex = -1;
	private usPerUnit = 1e6;
	private values = new Float64Array(0);
	private present = new Uint8Array(0);
	private began = false;
	private done = false;
	private firstTime = NaN;
	private offsetUs = 0;
	private lastUs = 0;
	private lastStepUs = 0;

	constructor(sink: LogSink, options: CsvLogOptions = {}) {
		if (typeof sink?.row !== 'function') throw new TypeError('CsvLogParser needs a LogSink');
		this.sink = sink;
		this.mapping = parseMapping(options);
		this.keepPartial = options.keepPartial ?? false;
		this.summary = {
			format: 'csv',
			delimiter: '',
			headerLine: 0,
			timeColumn: null,
			timeUnit: null,
			rows: 0,
			markers: 0,
			timeResets: 0,
			error: null
		};
		this.table = new CsvTableReader(
			{
				head: (head) => this.begin(head),
				row: (cells, line) => this.dataRow(cells, line),
				mark: (text) => {
					this.sink.marker({ tUs: this.lastUs, text: text || 'MARK' });
					this.summary.markers++;
				}
			},
			this.mapping
		);
	}

	push(text: string): void {
		if (!this.done) this.guard(() => this.table.push(text));
	}

	/** Call after the last chunk. */
	end(): CsvImportSummary {
		if (!this.done) this.guard(() => this.table.end());
		this.close();
		return this.summary;
	}

	/** Runs `work`; with keepPartial a CsvLogError ends the import, keeping the rows before it. */
	private guard(work: () => void): void {
		try {
			work();
		} catch (e) {
			if (!(this.keepPartial && e instanceof CsvLogError)) throw e;
			this.summary.error = e;
			this.close();
		}
	}

	private close(): void {
		if (this.done) return;
		this.done = true;
		if (this.began) this.sink.end();
	}

	/** Settles the channel list once the units row (or its absence) is known, and opens the sink. */
	private begin(head: CsvTableHead): void {
		this.header = head.header;
		this.summary.format = head.tunerStudio ? 'tunerstudio-csv' : 'csv';
		this.summary.delimiter = head.delimiter;
		this.summary.headerLine = head.headerLine;
		const named = head.header.map((raw, index) => {
			const { name, unit } = head.units
				? { name: raw, unit: head.units[index] ?? '' }
				: splitHeaderUnit(raw);
			const override = this.mapping.columns[raw];
			return {
				index,
				name: override?.name ?? name,
				unit: override?.unit ?? unit,
				skip: override?.skip ?? false
			};
		});
		this.pickTimeColumn(named);
		this.columns = named.filter((c) => !c.skip && c.index !== this.timeIndex);
		this.values = new Float64Array(this.columns.length);
		this.present = new Uint8Array(this.columns.length);
		this.sink.begin({
			format: this.summary.format,
			startedAt: captureDate(head.preamble),
			info: head.preamble.join('\n'),
			channels: this.columns.map((c) => ({ name: c.name, unit: c.unit }))
		});
		this.began = true;
	}

	private pickTimeColumn(named: (Column & { skip: boolean })[]): void {
		const time = this.mapping.time;
		if ('sampleRateHz' in time) {
			this.usPerUnit = 1e6 / time.sampleRateHz;
			return;
		}
		const found = time.column
			? named.find((c) => this.header[c.index] === time.column || c.name === time.column)
			: named.find((c) => !c.skip && TIME_NAMES.has(c.name.toLowerCase()));
		if (!found)
			throw new CsvLogError(
				time.column
					? `no column "${time.column}" for time`
					: 'no time column (name one in the mapping, or give sampleRateHz)',
				{ line: this.summary.headerLine }
			);
		this.timeIndex = found.index;
		this.summary.timeColumn = found.name;
		const unit = time.unit ?? TIME_UNIT_OF[found.unit.toLowerCase()];
		if (unit !== undefined) this.setTimeUnit(unit);
	}

	private setTimeUnit(unit: CsvTimeUnit): void {
		this.summary.timeUnit = unit;
		this.usPerUnit = unit === 'iso' ? 1e3 : US_PER[unit];
	}

	private dataRow(cells: string[], line: number): void {
		const tUs = this.rowTime(cells, line);
		const { values, present, columns, table } = this;
		const skipBad = this.mapping.badValues === 'skip';
		for (let k = 0; k < columns.length; k++) {
			const cell = cells[columns[k].index];
			const x = table.number(cell);
			if (x === x || cell.trim() === 'NaN') {
				values[k] = x;
				present[k] = 1;
			} else if (skipBad || cell.trim() === '') {
				present[k] = 0;
			} else {
				throw new CsvLogError(`"${cell.trim().slice(0, 40)}" is not a number`, {
					line,
					column: columns[k].index + 1,
					columnName: this.header[columns[k].index]
				});
			}
		}
		this.sink.row(tUs, values, present);
		this.summary.rows++;
	}

	private rowTime(cells: string[], line: number): number {
		if (this.timeIndex < 0) return Math.round(this.summary.rows * this.usPerUnit);
		const cell = cells[this.timeIndex].trim();
		const at = { line, column: this.timeIndex + 1, columnName: this.header[this.timeIndex] };
		if (cell === '') throw new CsvLogError('the time cell is empty', at);
		if (this.summary.timeUnit === null)
			this.setTimeUnit(Number.isFinite(this.table.number(cell)) ? 's' : 'iso');
		const raw = this.summary.timeUnit === 'iso' ? Date.parse(cell) : this.table.number(cell);
		if (!Number.isFinite(raw))
			throw new CsvLogError(
				`"${cell.slice(0, 40)}" is not a ${this.summary.timeUnit === 'iso' ? 'date' : 'time'}`,
				at
			);
		if (this.summary.rows === 0) this.firstTime = raw;
		let tUs = Math.round((raw - this.firstTime) * this.usPerUnit) + this.offsetUs;
		if (tUs < this.lastUs) {
			// A logger restart mid-file: carry on from the last time at the last interval rather than go back.
			this.summary.timeResets++;
			const stitched = this.lastUs + this.lastStepUs;
			this.offsetUs += stitched - tUs;
			tUs = stitched;
		} else if (this.summary.rows > 0) {
			this.lastStepUs = tUs - this.lastUs;
		}
		this.lastUs = tUs;
		return tUs;
	}
}

/** TunerStudio's preamble has `"Capture Date: Sun Dec 27 18:11:15 CET 2020"`; null when absent or unreadable. */
function captureDate(preamble: string[]): Date | null {
	for (const line of preamble) {
		const m = /^Capture Date:\s*(.+)$/i.exec(line);
		if (!m) continue;
		const ms = Date.parse(m[1]);
		return Number.isFinite(ms) ? new Date(ms) : null;
	}
	return null;
}

/** Streams a CSV log from text or bytes into a {@link LogSink}. @throws CsvLogError unless `keepPartial`. */
export async function importCsvLog(
	source: TextSource,
	sink: LogSink,
	options: CsvLogOptions = {}
): Promise<CsvImportSummary> {
	const parser = new CsvLogParser(sink, options);
	for await (const text of textChunks(source, { encoding: options.encoding })) {
		parser.push(text);
		if (parser.summary.error) break;
	}
	return parser.end();
}

/** {@link importCsvLog} into memory; `log` is null when the file broke before its header was read. */
export async function readCsvLog(
	source: TextSource,
	options: CsvLogOptions = {}
): Promise<{ log: ImportedLog | null; summary: CsvImportSummary }> {
	const builder = new ImportedLogBuilder();
	const summary = await importCsvLog(source, builder, options);
	return { log: builder.finished ? builder.build() : null, summary };
}
