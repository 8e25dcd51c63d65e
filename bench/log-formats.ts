// Log import figures: MLG decode and import throughput on a synthetic 50 MB v2 file, and candump `-l` parse
// throughput on can_sample.log repeated. Prints MB/s (1 MB = 10^6 bytes), asserts nothing.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCandumpStream, parseCandumpText } from '../src/lib/logs/candump';
import { exportCsv } from '../src/lib/logs/formats/csv-export';
import { importCsvLog } from '../src/lib/logs/formats/csv-log';
import { ImportedLogBuilder, type ImportedLog } from '../src/lib/logs/formats/imported-log';
import { ChunkingSink } from '../src/lib/logs/formats/imported-log-chunks';
import { MlgDecoder } from '../src/lib/logs/formats/mlg-decoder';
import { importMlg } from '../src/lib/logs/formats/mlg-import';
import { MlgWriter, type MlgWriterField } from '../src/lib/logs/formats/mlg-writer';

const CANDUMP_PATH = resolve(
	fileURLToPath(import.meta.url),
	'../../../shared/data/MotecLogGenerator/can_sample.log'
);
const MLG_TARGET_BYTES = 50e6;
/** What `File.stream()` hands out in Chrome. */
const PIECE = 64 * 1024;
const ROUNDS = 3;

/** A rusEFI-like field set: 60 fields, mostly scaled integers, some floats and bit fields (≈150 B/record). */
function fields(): MlgWriterField[] {
	const out: MlgWriterField[] = [{ name: 'Time', units: 's', type: 'F32' }];
	const types = ['U16', 'S16', 'F32', 'U08', 'S32', 'U16', 'F32', 'U08_BITFIELD'] as const;
	for (let i = 1; i < 60; i++) {
		const type = types[i % types.length];
		out.push(
			type === 'U08_BITFIELD'
				? { name: `bits${i}`, type, bitField: { style: 0, namesIndex: 0, bits: 8 } }
				: { name: `ch${i}`, units: 'u', type, scale: type === 'F32' ? 1 : 0.01 }
		);
	}
	return out;
}

function synthesiseMlg(): { bytes: Uint8Array; records: number } {
	const f = fields();
	const writer = new MlgWriter({ fields: f, info: 'bench' });
	const raw = new Float64Array(f.length);
	const parts: Uint8Array[] = [writer.header];
	let size = writer.header.length;
	let records = 0;
	let s = 0x2017;
	while (size < MLG_TARGET_BYTES) {
		raw[0] = records / 1000;
		for (let i = 1; i < f.length; i++) {
			s ^= s << 13;
			s ^= s >>> 17;
			s ^= s << 5;
			const t = f[i].type;
			raw[i] =
				t === 'F32'
					? (s >>> 0) / 1e5
					: t === 'S16' || t === 'S32'
						? (s & 0x7fff) - 0x4000
						: s & 0xff;
		}
		writer.recordRaw(records * 1000, raw);
		if (++records % 4096 === 0) {
			const piece = writer.take();
			parts.push(piece);
			size += piece.length;
		}
	}
	const tail = writer.take();
	parts.push(tail);
	size += tail.length;
	const bytes = new Uint8Array(size);
	let at = 0;
	for (const p of parts) {
		bytes.set(p, at);
		at += p.length;
	}
	return { bytes, records };
}

const CSV_ROWS = 100_000;

/** The first rows of a log as TunerStudio text, through the exporter. */
function csvSample(log: ImportedLog): string {
	const t = log.channels[0].t.subarray(0, CSV_ROWS);
	const head: ImportedLog = {
		...log,
		channels: log.channels.map((c) => ({ ...c, t, v: c.v.subarray(0, CSV_ROWS) }))
	};
	return [...exportCsv(head)].join('');
}

function* pieces(bytes: Uint8Array): Generator<Uint8Array> {
	for (let i = 0; i < bytes.length; i += PIECE) yield bytes.subarray(i, i + PIECE);
}

async function best(run: () => Promise<number> | number): Promise<{ mbs: number; median: number }> {
	const rates: number[] = [];
	for (let r = 0; r < ROUNDS; r++) {
		const t0 = performance.now();
		const bytes = await run();
		rates.push(bytes / 1e6 / ((performance.now() - t0) / 1000));
	}
	rates.sort((a, b) => a - b);
	return { mbs: rates[rates.length - 1], median: rates[rates.length >> 1] };
}

const fmt = ({ mbs, median }: { mbs: number; median: number }) =>
	`${mbs.toFixed(0)} MB/s best, ${median.toFixed(0)} MB/s median`;

export async function benchLogFormats(): Promise<void> {
	const { bytes, records } = synthesiseMlg();
	console.log(
		`log-formats: MLG v2, ${(bytes.length / 1e6).toFixed(1)} MB, ${records} records × ${fields().length} fields, fed in 64 KiB pieces`
	);
	let sink = 0;
	const decode = await best(() => {
		const decoder = new MlgDecoder({
			header: () => {},
			data: (raw) => (sink += raw[1]),
			marker: () => {}
		});
		for (const p of pieces(bytes)) decoder.push(p);
		decoder.end();
		return bytes.length;
	});
	console.log(`  MLG decode (checksums + raw values)       : ${fmt(decode)}`);
	let log: ImportedLog | null = null;
	const toLog = await best(async () => {
		const builder = new ImportedLogBuilder();
		await importMlg(pieces(bytes), builder);
		log = builder.build();
		return bytes.length;
	});
	console.log(`  MLG → ImportedLog (physical values, µs)   : ${fmt(toLog)}`);
	const toChunks = await best(async () => {
		let chunks = 0;
		await importMlg(pieces(bytes), new ChunkingSink({ onChunk: () => chunks++ }));
		return bytes.length;
	});
	console.log(`  MLG → 1 s upload chunks (streaming)       : ${fmt(toChunks)}`);

	const csv = csvSample(log!);
	const csvBytes = Buffer.byteLength(csv);
	console.log(
		`log-formats: TunerStudio tab-separated text, ${(csvBytes / 1e6).toFixed(1)} MB (the MLG's first ${CSV_ROWS} rows)`
	);
	const csvRate = await best(async () => {
		async function* chunks() {
			for (let i = 0; i < csv.length; i += PIECE) yield csv.slice(i, i + PIECE);
		}
		await importCsvLog(chunks(), new ImportedLogBuilder());
		return csvBytes;
	});
	console.log(`  CSV → ImportedLog (64 KiB text stream)    : ${fmt(csvRate)}`);

	const sample = readFileSync(CANDUMP_PATH, 'utf8');
	const repeat = 8;
	const text = sample.repeat(repeat);
	const textBytes = Buffer.byteLength(text);
	console.log(
		`log-formats: candump -l, can_sample.log × ${repeat} = ${(textBytes / 1e6).toFixed(1)} MB, ${82558 * repeat} lines`
	);
	const candumpText = await best(() => {
		for (const f of parseCandumpText(text)) sink += f.id;
		return textBytes;
	});
	console.log(`  candump parse (text in memory)            : ${fmt(candumpText)}`);
	const candumpStream = await best(async () => {
		async function* chunks() {
			for (let i = 0; i < text.length; i += PIECE) yield text.slice(i, i + PIECE);
		}
		for await (const f of parseCandumpStream(chunks())) sink += f.id;
		return textBytes;
	});
	console.log(`  candump parse (64 KiB text stream)        : ${fmt(candumpStream)}`);
	if (Number.isNaN(sink)) console.log('  (checksum NaN)');
}

if (import.meta.url === `file://${process.argv[1]}`) {
	await benchLogFormats();
}
