import { alignedRows, MlgWriter, type ImportedChannel, type ImportedLog } from '../../logs/formats';
import { formatFloat32, quoteCsvField } from '../../logs/formats/csv-fields';
import { truncateUtf8 } from '../../logs/formats/imported-log';
import { MLG_STRING_BYTES } from '../../logs/formats/mlg-format';

/** What the exporters need of a stored log. */
export interface ExportSource {
	name: string;
	startedAt: Date;
	channels: readonly { name: string; unit: string }[];
	/** The log's channels in consecutive time windows (log-windows.ts). */
	windows: AsyncIterable<ImportedChannel[]>;
}

export const EXPORT_FORMATS = ['mlg', 'csv', 'msl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Bytes (MLG) or characters (text) gathered before a piece is handed to the response. */
const PIECE = 256 * 1024;

function rowsOf(channels: ImportedChannel[]) {
	const log: ImportedLog = { format: 'csv', startedAt: null, info: '', channels, markers: [] };
	return alignedRows(log);
}

/**
 * A stored log as MegaLogViewer MLG v2, as logs/formats exportMlg writes an imported one: a float32 "Time" in
 * seconds, then one float32 field per channel; one record per distinct sample time, a channel without a sample
 * there repeating its last value (NaN before its first), since an MLG record has every field.
 */
export async function* mlgPieces(source: ExportSource): AsyncGenerator<Uint8Array> {
	const names = uniqueCut(['Time', ...source.channels.map((c) => c.name)], MLG_STRING_BYTES.name);
	const writer = new MlgWriter({
		fields: names.map((name, i) => ({
			name,
			units: i === 0 ? 's' : truncateUtf8(source.channels[i - 1].unit, MLG_STRING_BYTES.units),
			type: 'F32'
		})),
		formatVersion: 2,
		timestamp: source.startedAt,
		info: `CarTech export of "${source.name}"`
	});
	yield writer.header;
	const record = new Float64Array(names.length).fill(NaN);
	for await (const window of source.windows) {
		for (const row of rowsOf(window)) {
			record[0] = row.tUs / 1e6;
			for (let i = 0; i < row.values.length; i++) if (row.present[i]) record[i + 1] = row.values[i];
			writer.record(row.tUs, record);
			if (writer.pending >= PIECE) yield writer.take();
		}
	}
	const last = writer.take();
	if (last.length > 0) yield last;
}

/**
 * A stored log as text, one row per distinct sample time and an empty cell where a channel has no sample (nothing
 * is invented), values as the shortest text that reads back as the same float32.
 * - `csv`: comma-separated, one header row of "Name (unit)", for spreadsheets;
 * - `msl`: MegaLogViewer / TunerStudio text log: quoted notes, names row, units row, tab-separated.
 */
export async function* textPieces(
	source: ExportSource,
	dialect: 'csv' | 'msl'
): AsyncGenerator<string> {
	const d = dialect === 'msl' ? '\t' : ',';
	const q = (text: string) => quoteCsvField(text, d);
	const names = source.channels.map((c) => c.name);
	const units = source.channels.map((c) => c.unit);
	let out = '';
	if (dialect === 'msl') {
		out += `"CarTech export of ${source.name.replaceAll('"', "'")}"\n`;
		out += `"Capture Date: ${source.startedAt.toISOString()}"\n`;
		out += ['Time', ...names.map(q)].join(d) + '\n';
		out += ['s', ...units.map(q)].join(d) + '\n';
	} else {
		const label = (name: string, unit: string) => q(unit ? `${name} (${unit})` : name);
		out += [label('Time', 's'), ...names.map((n, i) => label(n, units[i]))].join(d) + '\n';
	}
	for await (const window of source.windows) {
		for (const row of rowsOf(window)) {
			let line = secondsText(row.tUs);
			for (let i = 0; i < row.values.length; i++) {
				line += d;
				if (row.present[i]) line += formatFloat32(row.values[i]);
			}
			out += line + '\n';
			if (out.length >= PIECE) {
				yield out;
				out = '';
			}
		}
	}
	if (out) yield out;
}

/** µs as seconds without float noise (1234567 → "1.234567"); log times are whole non-negative µs. */
export function secondsText(tUs: number): string {
	const us = Math.round(tUs);
	const frac = String(us % 1_000_000)
		.padStart(6, '0')
		.replace(/0+$/, '');
	return `${Math.floor(us / 1_000_000)}${frac ? `.${frac}` : ''}`;
}

/** MLG names are fixed 34-byte slots; cut names must stay distinct. */
function uniqueCut(names: string[], maxBytes: number): string[] {
	const seen = new Set<string>();
	return names.map((name) => {
		let out = truncateUtf8(name, maxBytes);
		for (let n = 2; seen.has(out); n++) out = truncateUtf8(name, maxBytes - 4) + `~${n}`;
		seen.add(out);
		return out;
	});
}
