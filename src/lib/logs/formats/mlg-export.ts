import { alignedRows } from './aligned-rows';
import { truncateUtf8, type ImportedLog } from './imported-log';
import { MLG_STRING_BYTES, type MlgVersion } from './mlg-format';
import { MlgWriter, type MlgWriterField } from './mlg-writer';

export interface MlgExportOptions {
	/** @default 2 */
	formatVersion?: MlgVersion;
	/** Bytes gathered before a piece is yielded. @default 1 MiB */
	pieceBytes?: number;
}

/**
 * Writes a log as an MLG file, piece by piece (feed the pieces to a file writer or a Blob). Fields are a float32
 * "Time" in seconds (MegaLogViewer's x axis) then one float32 field per channel; every distinct sample time is a
 * record, and a channel without a sample there repeats its last value (NaN before its first), since an MLG
 * record has every field. Names and units longer than the format's slots are cut.
 */
export function* exportMlg(
	log: ImportedLog,
	options: MlgExportOptions = {}
): Generator<Uint8Array> {
	const pieceBytes = options.pieceBytes ?? 1024 * 1024;
	const names = uniqueCut(['Time', ...log.channels.map((c) => c.name)], MLG_STRING_BYTES.name);
	const fields: MlgWriterField[] = names.map((name, i) => ({
		name,
		units: i === 0 ? 's' : truncateUtf8(log.channels[i - 1].unit, MLG_STRING_BYTES.units),
		type: 'F32'
	}));
	const writer = new MlgWriter({
		fields,
		formatVersion: options.formatVersion ?? 2,
		timestamp: log.startedAt,
		info: log.info
	});
	yield writer.header;

	const markers = [...log.markers].sort((a, b) => a.tUs - b.tUs);
	let m = 0;
	const record = new Float64Array(fields.length).fill(NaN);
	for (const row of alignedRows(log)) {
		while (m < markers.length && markers[m].tUs < row.tUs) {
			writer.marker(markers[m].tUs, markers[m].text);
			m++;
		}
		record[0] = row.tUs / 1e6;
		for (let i = 0; i < row.values.length; i++) {
			if (row.present[i]) record[i + 1] = row.values[i];
		}
		writer.record(row.tUs, record);
		if (writer.pending >= pieceBytes) yield writer.take();
	}
	for (; m < markers.length; m++) writer.marker(markers[m].tUs, markers[m].text);
	const last = writer.take();
	if (last.length > 0) yield last;
}

function uniqueCut(names: string[], maxBytes: number): string[] {
	const seen = new Set<string>();
	return names.map((name) => {
		let out = truncateUtf8(name, maxBytes);
		for (let n = 2; seen.has(out); n++) out = truncateUtf8(name, maxBytes - 4) + `~${n}`;
		seen.add(out);
		return out;
	});
}
