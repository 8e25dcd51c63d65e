import { alignedRows } from './aligned-rows';
import { formatFloat32, quoteCsvField } from './csv-fields';
import type { ImportedLog } from './imported-log';

export interface CsvExportOptions {
	/**
	 * `tunerstudio`: MegaLogViewer's text log (quoted preamble, names row, units row, tab-separated, `MARK` lines).
	 * `generic`: one header row with "Name (unit)" cells, comma-separated, no markers. @default 'tunerstudio'
	 */
	dialect?: 'tunerstudio' | 'generic';
	/** @default tab for tunerstudio, comma for generic */
	delimiter?: '\t' | ',' | ';';
	/** Rows gathered before a piece is yielded. @default 2000 */
	rowsPerPiece?: number;
}

/**
 * Writes a log as CSV text, piece by piece. One row per distinct sample time; a channel without a sample at that
 * time gets an empty cell (nothing is invented). Time is seconds from the log start with µs precision; values are
 * the shortest text that reads back as the same float32.
 */
export function* exportCsv(log: ImportedLog, options: CsvExportOptions = {}): Generator<string> {
	const dialect = options.dialect ?? 'tunerstudio';
	const d = options.delimiter ?? (dialect === 'tunerstudio' ? '\t' : ',');
	const rowsPerPiece = options.rowsPerPiece ?? 2000;
	const q = (text: string) => quoteCsvField(text, d);
	let out = '';
	if (dialect === 'tunerstudio') {
		for (const line of log.info.split('\n')) {
			if (line.trim() !== '') out += `"${line.replaceAll('"', "'")}"\n`;
		}
		if (log.startedAt) out += `"Capture Date: ${log.startedAt.toISOString()}"\n`;
		out += ['Time', ...log.channels.map((c) => q(c.name))].join(d) + '\n';
		out += ['s', ...log.channels.map((c) => q(c.unit))].join(d) + '\n';
	} else {
		const label = (name: string, unit: string) => q(unit ? `${name} (${unit})` : name);
		out += [label('Time', 's'), ...log.channels.map((c) => label(c.name, c.unit))].join(d) + '\n';
	}
	const markers = dialect === 'tunerstudio' ? [...log.markers].sort((a, b) => a.tUs - b.tUs) : [];
	let m = 0;
	let rows = 0;
	for (const row of alignedRows(log)) {
		// A MARK line takes the time of the row before it, so it goes after the rows at or before its time.
		while (m < markers.length && markers[m].tUs < row.tUs) out += markLine(markers[m++].text);
		let line = seconds(row.tUs);
		for (let i = 0; i < row.values.length; i++) {
			line += d;
			if (row.present[i]) line += formatFloat32(row.values[i]);
		}
		out += line + '\n';
		if (++rows % rowsPerPiece === 0) {
			yield out;
			out = '';
		}
	}
	while (m < markers.length) out += markLine(markers[m++].text);
	if (out) yield out;
}

function markLine(text: string): string {
	return `MARK ${text.replaceAll(/[\r\n]+/g, ' ')}\n`;
}

/** µs as seconds text without float noise (1234567 → "1.234567"). */
function seconds(tUs: number): string {
	const us = Math.round(tUs);
	const sign = us < 0 ? '-' : '';
	const abs = Math.abs(us);
	const frac = String(abs % 1_000_000)
		.padStart(6, '0')
		.replace(/0+$/, '');
	return `${sign}${Math.floor(abs / 1_000_000)}${frac ? `.${frac}` : ''}`;
}
