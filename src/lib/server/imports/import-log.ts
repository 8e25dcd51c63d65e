import {
	CsvLogError,
	MlgFormatError,
	importCsvLog,
	importMlg,
	type CsvLogMappingInput,
	type LogSourceFormat,
	type ByteSource,
	type MlgFormatProblem
} from '../../logs/formats';
import type { Db } from '../db';
import { DETECT_BYTES, detectFormat, type ImportFormat } from './detect-format';
import { IMPORT_LIMITS } from './limits';
import { LogChunkWriter } from './log-chunk-writer';
import { UploadReader } from './upload-reader';

export interface ImportLogInput {
	shopId: string;
	createdBy: string | null;
	/** The log's name (the file name is a good default). */
	name: string;
	/** The file as it arrives: a request body stream, or bytes in tests. */
	body: ByteSource;
	/** @default 'auto' (MLG by its magic, else CSV) */
	format?: ImportFormat;
	/** Keep the rows decoded before damage instead of refusing the file. @default false */
	keepPartial?: boolean;
	/** For CSV: how columns map to channels and time (detected when left out). */
	csv?: CsvLogMappingInput;
	/** @default IMPORT_LIMITS.maxBytes */
	maxBytes?: number;
}

/** Where and how a file is damaged, in the terms its format uses. */
export interface ImportDamage {
	format: 'mlg' | 'csv';
	/** The parser's message, naming the byte offset and record (MLG) or line and column (CSV). */
	message: string;
	problem?: MlgFormatProblem;
	/** MLG: first damaged byte, from the start of the file. */
	offset?: number;
	/** MLG: index of the damaged block (data and marker blocks from 0); null inside the header. */
	record?: number | null;
	/** CSV: 1-based line. */
	line?: number;
	column?: number | null;
}

export type ImportOutcome =
	| {
			status: 'imported';
			logId: string;
			format: LogSourceFormat;
			channels: number;
			rows: number;
			samples: number;
			bytes: number;
			/** Markers in the file; counted, not stored (logs have no marker table yet). */
			markers: number;
			timeResets: number;
			/** Set when `keepPartial` kept the rows before this damage. */
			damage: ImportDamage | null;
	  }
	| {
			/** Nothing was stored. */
			status: 'damaged';
			damage: ImportDamage;
			/** Rows that decoded before the damage: what `keepPartial` would keep. */
			rowsBeforeDamage: number;
			bytes: number;
	  };

/**
 * Imports an MLG or CSV log file as it streams in and stores it as an ordinary log of the shop: the parser
 * takes the upload piece by piece, its rows are cut into the recorder's 1 s chunks and each chunk is stored as
 * soon as it is cut, so memory stays bounded by one piece and a few chunks whatever the file's size.
 *
 * A damaged file answers `damaged` with where the damage is, and nothing stays stored, unless `keepPartial`,
 * which keeps the rows before it. Any other failure (the size cap, a lost connection, a database error) removes
 * what was stored and throws.
 *
 * @throws ImportTooLargeError past `maxBytes`.
 * @throws TypeError for a bad CSV mapping or a file without channels.
 */
export async function importLog(db: Db, input: ImportLogInput): Promise<ImportOutcome> {
	const keepPartial = input.keepPartial ?? false;
	const reader = new UploadReader(input.body, input.maxBytes ?? IMPORT_LIMITS.maxBytes);
	const writer = new LogChunkWriter({
		db,
		shopId: input.shopId,
		createdBy: input.createdBy,
		name: input.name,
		inFlight: IMPORT_LIMITS.chunksInFlight
	});
	// Between pieces of the upload, store what the last piece produced: this is the import's backpressure.
	async function* feed(): AsyncGenerator<Uint8Array> {
		for await (const piece of reader.pieces()) {
			await writer.flush();
			yield piece;
		}
	}
	try {
		const format =
			!input.format || input.format === 'auto'
				? detectFormat(await reader.peek(DETECT_BYTES), input.name)
				: input.format;
		let sourceFormat: LogSourceFormat = 'mlg';
		let summary: { error: MlgFormatError | CsvLogError | null; timeResets: number };
		if (format === 'mlg') {
			summary = await importMlg(feed(), writer.sink, { keepPartial });
		} else {
			const csv = await importCsvLog(feed(), writer.sink, { ...input.csv, keepPartial });
			sourceFormat = csv.format;
			summary = csv;
		}
		await reader.drain();
		const damage = summary.error && damageOf(summary.error);
		if (damage && !writer.started) {
			return { status: 'damaged', damage, rowsBeforeDamage: 0, bytes: reader.bytes };
		}
		if (!writer.started) throw new TypeError('the file holds no log');
		await writer.finish();
		return {
			status: 'imported',
			logId: writer.logId!,
			format: sourceFormat,
			channels: writer.channelCount,
			rows: writer.rows,
			samples: writer.samples,
			bytes: reader.bytes,
			markers: writer.markers,
			timeResets: summary.timeResets,
			damage
		};
	} catch (err) {
		await writer.discard();
		if (err instanceof MlgFormatError || err instanceof CsvLogError) {
			await reader.drain();
			return {
				status: 'damaged',
				damage: damageOf(err),
				rowsBeforeDamage: writer.rows,
				bytes: reader.bytes
			};
		}
		await reader.cancel();
		throw err;
	}
}

function damageOf(err: MlgFormatError | CsvLogError): ImportDamage {
	if (err instanceof MlgFormatError)
		return {
			format: 'mlg',
			message: err.message,
			problem: err.problem,
			offset: err.offset,
			record: err.record
		};
	return { format: 'csv', message: err.message, line: err.line, column: err.column };
}
