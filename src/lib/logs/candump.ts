import { FD_DLC_LENGTHS, type CanFrame } from '../hardware/protocol/can-frame';

/** A frame read from a candump log, with the interface name and the error-frame flag the log carries. */
export interface CandumpFrame extends CanFrame {
	iface: string;
	/**
	 * An error frame (CAN_ERR_FLAG 0x20000000 in the logged id): `id` then holds the error class bits and
	 * `data` the error details (linux/can/error.h). Decoders must skip these.
	 */
	error: boolean;
}

export class CandumpParseError extends Error {
	override name = 'CandumpParseError';
	readonly line: number;
	readonly text: string;

	constructor(message: string, line: number, text: string, options?: { cause?: unknown }) {
		super(
			`${message} (line ${line}: '${text.length > 60 ? `${text.slice(0, 60)}…` : text}')`,
			options
		);
		this.line = line;
		this.text = text;
	}
}

export interface CandumpOptions {
	/** Channel number for an interface name. @default trailing digits of the name (can1 → 1), else 0 */
	channelOf?: (iface: string) => number;
}

const CAN_ERR_FLAG = 0x20000000;
const CAN_RTR_FLAG = 0x40000000;
const CAN_EFF_FLAG = 0x80000000;
const CAN_EFF_MASK = 0x1fffffff;
const LINE = /^\((\d+)\.(\d+)\)\s+(\S+)\s+([0-9A-Fa-f]+)(#.*?)(?:\s+[RT])?$/;
const HEX = /^[0-9A-Fa-f]*$/;

function defaultChannel(iface: string): number {
	const m = /(\d+)$/.exec(iface);
	return m ? Number(m[1]) : 0;
}

/**
 * Parses one line of `candump -l` / canplayer log format: `(sec.usec) iface ID#DATA` (can-utils lib.h
 * parse_canframe, protocols.md §8.3). 3 hex digits = 11-bit id, 8 = 29-bit; `ID#R`/`ID#R7` remote request with
 * an optional length (data is that many zero bytes); `ID##<flags><data>` CAN FD (flags nibble: 1 = BRS, 2 = ESI);
 * `_<dlc>` suffix for classic DLC 9–F; `.` separators in data; 6- or 9-decimal timestamps (nanoseconds are
 * truncated to microseconds). Returns null for blank lines and `#` comments.
 * @throws CandumpParseError naming `lineNumber`.
 */
export function parseCandumpLine(
	line: string,
	lineNumber = 1,
	options: CandumpOptions = {}
): CandumpFrame | null {
	const text = line.trim();
	if (text === '' || text.startsWith('#')) return null;
	const fail = (why: string): never => {
		throw new CandumpParseError(why, lineNumber, text);
	};
	const m = LINE.exec(text);
	if (!m) return fail('expected "(seconds.fraction) interface ID#DATA"');
	const [, sec, frac, iface, idHex, rest] = m;
	if (frac.length !== 6 && frac.length !== 9) fail('timestamp needs 6 or 9 decimals');
	const timestampUs = Number(sec) * 1e6 + Number(frac.slice(0, 6));
	if (!Number.isSafeInteger(timestampUs)) fail('timestamp out of range');

	if (idHex.length !== 3 && idHex.length !== 8)
		fail(`CAN id must have 3 or 8 hex digits, got ${idHex.length}`);
	const rawId = parseInt(idHex, 16);
	const error = idHex.length === 8 && (rawId & CAN_ERR_FLAG) !== 0;
	const extended = idHex.length === 8 && !error;
	if (idHex.length === 8 && (rawId & (CAN_RTR_FLAG | CAN_EFF_FLAG)) !== 0)
		fail('CAN id has flag bits set');
	const id = error ? rawId & ~CAN_ERR_FLAG & CAN_EFF_MASK : rawId & CAN_EFF_MASK;
	if (!extended && !error && id > 0x7ff) fail('11-bit CAN id above 0x7FF');

	const channel = (options.channelOf ?? defaultChannel)(iface);
	const frame = (init: {
		data: Uint8Array;
		rtr?: boolean;
		fd?: boolean;
		brs?: boolean;
	}): CandumpFrame => ({
		id,
		extended,
		rtr: init.rtr ?? false,
		fd: init.fd ?? false,
		brs: init.brs ?? false,
		data: init.data,
		timestampUs,
		channel,
		iface,
		error
	});

	if (rest.startsWith('###')) return fail('CAN XL frames are not supported');
	if (rest.startsWith('##')) {
		const flags = rest[2];
		if (flags === undefined || !HEX.test(flags)) fail('CAN FD frame needs a flags nibble after ##');
		const data = hexBytes(rest.slice(3), fail);
		if (!(FD_DLC_LENGTHS as readonly number[]).includes(data.length)) {
			fail(`CAN FD payload of ${data.length} bytes is not a valid FD length`);
		}
		return frame({ data, fd: true, brs: (parseInt(flags, 16) & 1) !== 0 });
	}
	const body = rest.slice(1);
	if (body.startsWith('R') || body.startsWith('r')) {
		const len = body.slice(1);
		if (len !== '' && !/^[0-8]$/.test(len)) fail('remote request length must be one digit 0–8');
		return frame({ data: new Uint8Array(len === '' ? 0 : Number(len)), rtr: true });
	}
	const dlcSuffix = /_[9A-Fa-f]$/.exec(body);
	const data = hexBytes(dlcSuffix ? body.slice(0, -2) : body, fail);
	if (data.length > 8) fail(`classic CAN payload of ${data.length} bytes (max 8)`);
	if (dlcSuffix && data.length !== 8) fail('a _DLC suffix needs 8 data bytes');
	return frame({ data });
}

function hexBytes(hex: string, fail: (why: string) => never): Uint8Array {
	const digits = hex.replaceAll('.', '');
	if (!HEX.test(digits)) fail('data must be hex digits');
	if (digits.length % 2 !== 0) fail('data has an odd number of hex digits');
	const out = new Uint8Array(digits.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
	return out;
}

/** Parses a whole log held in memory, line by line. */
export function* parseCandumpText(
	text: string,
	options: CandumpOptions = {}
): Generator<CandumpFrame> {
	let lineNumber = 0;
	let start = 0;
	while (start <= text.length) {
		let end = text.indexOf('\n', start);
		if (end < 0) end = text.length;
		lineNumber++;
		const frame = parseCandumpLine(text.slice(start, end), lineNumber, options);
		if (frame) yield frame;
		start = end + 1;
	}
}

/**
 * Parses a log arriving as text chunks (for example a `File.stream()` piped through `TextDecoderStream`), where a
 * line may be split across chunks. Line numbers in errors count from the start of the stream.
 */
export async function* parseCandumpStream(
	chunks: AsyncIterable<string>,
	options: CandumpOptions = {}
): AsyncGenerator<CandumpFrame> {
	let pending = '';
	let lineNumber = 0;
	for await (const chunk of chunks) {
		pending += chunk;
		let nl = pending.indexOf('\n');
		let start = 0;
		while (nl >= 0) {
			lineNumber++;
			const frame = parseCandumpLine(pending.slice(start, nl), lineNumber, options);
			if (frame) yield frame;
			start = nl + 1;
			nl = pending.indexOf('\n', start);
		}
		pending = pending.slice(start);
	}
	if (pending.length > 0) {
		lineNumber++;
		const frame = parseCandumpLine(pending, lineNumber, options);
		if (frame) yield frame;
	}
}
