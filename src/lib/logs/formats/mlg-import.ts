import { byteChunks, type ByteSource } from './byte-source';
import { ImportedLogBuilder, type ImportedLog, type LogSink } from './imported-log';
import { MlgDecoder, type MlgBlockPosition } from './mlg-decoder';
import { MLG_TICK_US, MlgFormatError, mlgDisplayValue, type MlgHeader } from './mlg-format';

export interface MlgImportOptions {
	/** Keep what decoded before damage instead of throwing; the summary's `error` names the damage. @default false */
	keepPartial?: boolean;
	/**
	 * Where sample times come from. `field`: the time field (MegaLogViewer's x axis); `blocks`: the blocks' 10 µs
	 * timestamps, unwrapped (exact between records less than 655 ms apart). @default 'auto' (the field if present)
	 */
	time?: 'auto' | 'field' | 'blocks';
	/** @default 'Time' */
	timeField?: string;
}

export interface MlgImportSummary {
	header: MlgHeader | null;
	rows: number;
	markers: number;
	/** Times the time field stepped back (an ECU reset mid-log); the log is stitched on at the block interval. */
	timeResets: number;
	bytes: number;
	/** The damage that stopped a `keepPartial` import. */
	error: MlgFormatError | null;
}

const TIME_UNIT_US: Record<string, number> = { s: 1e6, sec: 1e6, seconds: 1e6, ms: 1e3, us: 1 };

/**
 * Streams an MLG file into a {@link LogSink}: one channel per field except the time field, physical values
 * ((raw + transform) × scale), µs from the first record.
 * @throws MlgFormatError on damage unless `keepPartial`.
 */
export async function importMlg(
	source: ByteSource,
	sink: LogSink,
	options: MlgImportOptions = {}
): Promise<MlgImportSummary> {
	const timeMode = options.time ?? 'auto';
	const timeName = options.timeField ?? 'Time';
	const summary: MlgImportSummary = {
		header: null,
		rows: 0,
		markers: 0,
		timeResets: 0,
		bytes: 0,
		error: null
	};
	let timeIndex = -1;
	let timeScale = 1e6;
	let channelFields: number[] = [];
	let row = new Float64Array(0);
	let lastUs = 0;
	let lastTick = -1;
	let fieldZeroUs = 0;
	let fieldOffsetUs = 0;

	/** µs since the previous record by the block clock (0 for the first). */
	const blockDeltaUs = (at: MlgBlockPosition) =>
		lastTick < 0 ? 0 : ((at.timestamp - lastTick) & 0xffff) * MLG_TICK_US;

	const decoder = new MlgDecoder({
		keepPartial: options.keepPartial,
		header(header) {
			summary.header = header;
			timeIndex = timeMode === 'blocks' ? -1 : header.fields.findIndex((f) => f.name === timeName);
			if (timeMode === 'field' && timeIndex < 0)
				throw new TypeError(`the file has no "${timeName}" field to take times from`);
			if (timeIndex >= 0) timeScale = TIME_UNIT_US[header.fields[timeIndex].units] ?? 1e6;
			channelFields = header.fields.map((_, i) => i).filter((i) => i !== timeIndex);
			row = new Float64Array(channelFields.length);
			sink.begin({
				format: 'mlg',
				startedAt: header.timestamp,
				info: header.info,
				channels: channelFields.map((i) => ({
					name: header.fields[i].name,
					unit: header.fields[i].units
				}))
			});
		},
		data(raw, at) {
			const fields = summary.header!.fields;
			let tUs: number;
			if (timeIndex < 0) {
				tUs = lastUs + blockDeltaUs(at);
			} else {
				const fieldUs = Math.round(mlgDisplayValue(fields[timeIndex], raw[timeIndex]) * timeScale);
				if (summary.rows === 0) fieldZeroUs = fieldUs;
				tUs = fieldUs - fieldZeroUs + fieldOffsetUs;
				if (summary.rows > 0 && tUs < lastUs) {
					summary.timeResets++;
					const stitched = lastUs + blockDeltaUs(at);
					fieldOffsetUs += stitched - tUs;
					tUs = stitched;
				}
			}
			for (let k = 0; k < channelFields.length; k++) {
				const f = fields[channelFields[k]];
				row[k] = (raw[channelFields[k]] + f.transform) * f.scale;
			}
			sink.row(tUs, row);
			lastUs = tUs;
			lastTick = at.timestamp;
			summary.rows++;
		},
		marker(message, at) {
			sink.marker({ tUs: lastUs + blockDeltaUs(at), text: message });
			summary.markers++;
		}
	});
	for await (const chunk of byteChunks(source)) {
		decoder.push(chunk);
		if (decoder.error) break;
	}
	decoder.end();
	summary.bytes = decoder.bytesRead;
	summary.error = decoder.error;
	if (summary.header) sink.end();
	return summary;
}

/** {@link importMlg} into memory. With `keepPartial`, `log` is null only when the header itself is damaged. */
export async function readMlgLog(
	source: ByteSource,
	options: MlgImportOptions = {}
): Promise<{ log: ImportedLog | null; summary: MlgImportSummary }> {
	const builder = new ImportedLogBuilder();
	const summary = await importMlg(source, builder, options);
	return { log: summary.header ? builder.build() : null, summary };
}
