import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { compileDbc, parseDbc, type CompiledDbc } from '../lib/hardware/protocol/dbc';
import { parseCandumpStream, type CandumpFrame } from '../lib/logs/candump';
import { parseCommandArgs } from './args';
import { csvFormatter, jsonlFormatter, type DecodeFormatter } from './decode-output';
import { write, type CliIo } from './io';
import { UsageError } from './usage-error';

export const DECODE_USAGE = `Usage: cartech decode --dbc FILE --log FILE [--format jsonl|csv]

Decodes a candump -l log (\`(seconds) iface ID#DATA\` lines) with a DBC and writes one line per frame the DBC
describes. The log is streamed, so its size does not matter.

Options:
  --dbc FILE         the DBC database
  --log FILE         the candump log; - reads standard input
  --format jsonl     {"t":seconds,"id":"140","message":"…","signals":{…}} per frame (default)
  --format csv       t,id,message then one column per signal of the messages in the log
                     (with --log - every signal in the DBC, as the log cannot be read twice)
  -h, --help         this help`;

const OPTIONS = {
	dbc: { type: 'string' },
	log: { type: 'string' },
	format: { type: 'string' },
	help: { type: 'boolean', short: 'h' }
} as const;

const FLUSH_CHARS = 64 * 1024;

export async function runDecode(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseCommandArgs(args, OPTIONS, DECODE_USAGE);
	if (values.help) {
		await write(io.stdout, DECODE_USAGE + '\n');
		return 0;
	}
	if (positionals.length > 0)
		throw new UsageError(`unexpected argument "${positionals[0]}"`, DECODE_USAGE);
	if (!values.dbc) throw new UsageError('--dbc is required', DECODE_USAGE);
	if (!values.log) throw new UsageError('--log is required', DECODE_USAGE);
	const format = values.format ?? 'jsonl';
	if (format !== 'jsonl' && format !== 'csv') {
		throw new UsageError(`--format must be jsonl or csv, got "${format}"`, DECODE_USAGE);
	}
	const dbc = compileDbc(parseDbc(await readFile(values.dbc, 'utf8')));
	const log = values.log;
	const frames = () => readLog(log);
	let formatter: DecodeFormatter;
	if (format === 'jsonl') formatter = jsonlFormatter(dbc);
	else {
		const indexes =
			log === '-' ? dbc.signals.map((s) => s.index) : await signalsInLog(dbc, frames());
		formatter = csvFormatter(dbc, indexes);
	}
	const stats = await decodeFrames(dbc, frames(), formatter, io);
	await write(
		io.stderr,
		`${stats.decoded} of ${stats.frames} frames decoded${stats.unknown > 0 ? ` (${stats.unknown} with ids the DBC does not describe)` : ''}\n`
	);
	return 0;
}

function readLog(path: string): AsyncIterable<CandumpFrame> {
	const source =
		path === '-' ? process.stdin.setEncoding('utf8') : createReadStream(path, { encoding: 'utf8' });
	return parseCandumpStream(source as AsyncIterable<string>);
}

/** First pass for CSV: the signals of every message the log holds, in DBC order. */
async function signalsInLog(
	dbc: CompiledDbc,
	frames: AsyncIterable<CandumpFrame>
): Promise<number[]> {
	const seen = new Set<number>();
	for await (const f of frames) {
		if (f.error || f.rtr) continue;
		const msg = dbc.message(f.id, f.extended);
		if (msg) for (const g of msg.signalIndexes) seen.add(g);
	}
	return [...seen].sort((a, b) => a - b);
}

/** Error frames and remote requests carry no signals and are skipped, as are ids the DBC lacks. */
export async function decodeFrames(
	dbc: CompiledDbc,
	frames: AsyncIterable<CandumpFrame>,
	formatter: DecodeFormatter,
	io: CliIo
): Promise<{ frames: number; decoded: number; unknown: number }> {
	const values = new Float64Array(dbc.signals.length);
	const stats = { frames: 0, decoded: 0, unknown: 0 };
	let buffer = formatter.header;
	for await (const frame of frames) {
		stats.frames++;
		if (frame.error || frame.rtr) continue;
		const message = dbc.message(frame.id, frame.extended);
		if (!message) {
			stats.unknown++;
			continue;
		}
		message.decodeInto(frame.data, values);
		buffer += formatter.line(frame, message, values);
		stats.decoded++;
		if (buffer.length >= FLUSH_CHARS) {
			await write(io.stdout, buffer);
			buffer = '';
		}
		if (io.signal.aborted) break;
	}
	if (buffer) await write(io.stdout, buffer);
	return stats;
}
