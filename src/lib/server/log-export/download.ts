import type { Db } from '../db';
import { getLog } from '../timeseries';
import { mlgPieces, textPieces, type ExportFormat, type ExportSource } from './export-formats';
import { logWindows } from './log-windows';

export interface LogDownload {
	fileName: string;
	contentType: string;
	body: ReadableStream<Uint8Array>;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
	mlg: 'application/octet-stream',
	csv: 'text/csv; charset=utf-8',
	msl: 'text/plain; charset=utf-8'
};

/**
 * A stored log as a file stream in `format`, read from the database window by window as the response is pulled,
 * so neither the log nor the file is ever held whole; a client that goes away stops the reading.
 * @throws NotFoundError when the log is not the shop's.
 */
export async function downloadLog(
	db: Db,
	shopId: string,
	logId: string,
	format: ExportFormat
): Promise<LogDownload> {
	const row = await getLog(db, shopId, logId);
	const source: ExportSource = {
		name: row.name,
		startedAt: row.startedAt,
		channels: row.channels,
		windows: logWindows(db, row.id, row.channels)
	};
	const utf8 = new TextEncoder();
	const pieces: AsyncGenerator<Uint8Array | string> =
		format === 'mlg' ? mlgPieces(source) : textPieces(source, format);
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			const { done, value } = await pieces.next();
			if (done) controller.close();
			else controller.enqueue(typeof value === 'string' ? utf8.encode(value) : value);
		},
		async cancel() {
			await pieces.return(undefined);
		}
	});
	return { fileName: `${fileStem(row.name)}.${format}`, contentType: CONTENT_TYPES[format], body };
}

/** A file name from a log name: no path separators or control characters, at most 100 characters. */
export function fileStem(name: string): string {
	const stem = name
		.replaceAll(/[\\/:*?"<>|\p{Cc}]+/gu, '_')
		.trim()
		.slice(0, 100);
	return stem || 'log';
}

/**
 * `attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266 §4.3, RFC 8187), so "Überland-Ölkühler.mlg"
 * keeps its name in browsers and stays a valid header everywhere.
 */
export function contentDisposition(fileName: string): string {
	const ascii = fileName.replaceAll(/[^\x20-\x7e]/g, '_').replaceAll(/["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
