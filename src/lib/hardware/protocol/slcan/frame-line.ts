import { MalformedTransferError } from '../../errors';
import { dlcToLength, lengthToDlc, type CanFrame } from '../can-frame';

/**
 * SLCAN frame lines (protocols.md §2; linux slcan-core.c slc_bump/slc_encaps):
 * `tiiil…` 11-bit data, `Tiiiiiiiil…` 29-bit data, `r`/`R` remote, `d`/`D` FD without BRS and `b`/`B` FD with
 * BRS (CANable 2.0). Classic `l` is one decimal digit 0–8; FD `l` is a hex DLC code 0–F. With Lawicel `Z1` four
 * hex digits of device milliseconds (0000–EA5F, wrapping at 60000) follow the data.
 */
export interface SlcanFrameLine {
	/** `timestampUs` is 0 here; the caller owns the clock (see SlcanTimestampUnwrapper). */
	frame: CanFrame;
	/** The `Z1` millisecond stamp, or null when the line has none. */
	timestampMs: number | null;
}

/** Exclusive upper bound of the Z1 counter (0xEA60). */
export const SLCAN_TIMESTAMP_WRAP_MS = 60_000;

const KIND = 'slcan';
const SFF_MAX = 0x7ff;
const EFF_MAX = 0x1fff_ffff;

/** ASCII → nibble, -1 for anything that is not a hex digit; both cases, as slcan.c and Linux accept. */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
	HEX[0x41 + i] = 10 + i;
	HEX[0x61 + i] = 10 + i;
}

const UPPER_HEX = '0123456789ABCDEF';

/** True for the first byte of a frame line (t T r R d D b B). */
export function isFrameLineStart(byte: number): boolean {
	return (
		byte === 0x74 ||
		byte === 0x54 ||
		byte === 0x72 ||
		byte === 0x52 ||
		byte === 0x64 ||
		byte === 0x44 ||
		byte === 0x62 ||
		byte === 0x42
	);
}

/**
 * Parses `buf[start, end)` (no terminator) as a frame line. Returns null for anything malformed: bad hex,
 * an identifier wider than its format, a classic DLC above 8, or a length that is neither the bare frame
 * nor the frame plus a 4-digit timestamp. Hot path: no regex, no strings, one allocation for the payload.
 */
export function parseFrameLine(buf: Uint8Array, start: number, end: number): SlcanFrameLine | null {
	const type = buf[start];
	let extended: boolean;
	let rtr = false;
	let fd = false;
	let brs = false;
	switch (type) {
		case 0x74: // t
			extended = false;
			break;
		case 0x54: // T
			extended = true;
			break;
		case 0x72: // r
			extended = false;
			rtr = true;
			break;
		case 0x52: // R
			extended = true;
			rtr = true;
			break;
		case 0x64: // d
			extended = false;
			fd = true;
			break;
		case 0x44: // D
			extended = true;
			fd = true;
			break;
		case 0x62: // b
			extended = false;
			fd = true;
			brs = true;
			break;
		case 0x42: // B
			extended = true;
			fd = true;
			brs = true;
			break;
		default:
			return null;
	}
	const idDigits = extended ? 8 : 3;
	let p = start + 1;
	if (end - p < idDigits + 1) return null;
	let id = 0;
	for (const stop = p + idDigits; p < stop; p++) {
		const v = HEX[buf[p]];
		if (v < 0) return null;
		id = id * 16 + v;
	}
	if (id > (extended ? EFF_MAX : SFF_MAX)) return null;
	const dlc = HEX[buf[p++]];
	if (dlc < 0 || (!fd && dlc > 8)) return null;
	const length = fd ? dlcToLength(dlc) : dlc;
	const dataChars = rtr ? 0 : length * 2;
	const rest = end - p - dataChars;
	if (rest !== 0 && rest !== 4) return null;
	// A remote frame carries no data; its DLC survives as a zero-filled payload of that length, as gs_usb does.
	const data = new Uint8Array(length);
	if (!rtr) {
		for (let i = 0; i < length; i++, p += 2) {
			const hi = HEX[buf[p]];
			const lo = HEX[buf[p + 1]];
			if (hi < 0 || lo < 0) return null;
			data[i] = (hi << 4) | lo;
		}
	}
	let timestampMs: number | null = null;
	if (rest === 4) {
		let ts = 0;
		for (let i = 0; i < 4; i++, p++) {
			const v = HEX[buf[p]];
			if (v < 0) return null;
			ts = ts * 16 + v;
		}
		if (ts >= SLCAN_TIMESTAMP_WRAP_MS) return null;
		timestampMs = ts;
	}
	return {
		frame: { id, extended, rtr, fd, brs, data, timestampUs: 0, channel: 0 },
		timestampMs
	};
}

/** `parseFrameLine` for one line of text; throws MalformedTransferError naming the line. */
export function decodeFrameLine(line: string): SlcanFrameLine {
	const bytes = new Uint8Array(line.length);
	for (let i = 0; i < line.length; i++) {
		const c = line.charCodeAt(i);
		bytes[i] = c < 0x80 ? c : 0;
	}
	const parsed = parseFrameLine(bytes, 0, bytes.length);
	if (!parsed)
		throw new MalformedTransferError(`not an SLCAN frame line: ${JSON.stringify(line)}`, KIND);
	return parsed;
}

/**
 * The line for `frame` without its CR, uppercase hex as Linux and the firmwares send it; `timestampMs` (taken
 * modulo 60000) is appended when given. Throws RangeError for a frame the format cannot carry.
 */
export function encodeFrameLine(frame: CanFrame, timestampMs?: number): string {
	const idMax = frame.extended ? EFF_MAX : SFF_MAX;
	if (!Number.isInteger(frame.id) || frame.id < 0 || frame.id > idMax) {
		throw new RangeError(
			`CAN id 0x${frame.id.toString(16)} exceeds ${frame.extended ? 29 : 11} bits`
		);
	}
	const length = frame.data.length;
	let type: string;
	let dlc: number;
	if (frame.fd) {
		if (frame.rtr) throw new RangeError('CAN FD has no remote frames');
		dlc = lengthToDlc(length);
		if (dlcToLength(dlc) !== length) {
			throw new RangeError(
				`${length} bytes is not a CAN FD payload length (pad to ${dlcToLength(dlc)})`
			);
		}
		type = frame.brs ? 'b' : 'd';
	} else {
		if (length > 8) throw new RangeError(`${length} bytes exceed the classic CAN maximum of 8`);
		dlc = length;
		type = frame.rtr ? 'r' : 't';
	}
	let line = (frame.extended ? type.toUpperCase() : type) + hex(frame.id, frame.extended ? 8 : 3);
	line += UPPER_HEX[dlc];
	if (!frame.rtr) {
		for (let i = 0; i < length; i++)
			line += UPPER_HEX[frame.data[i] >> 4] + UPPER_HEX[frame.data[i] & 15];
	}
	if (timestampMs !== undefined) {
		if (!Number.isFinite(timestampMs) || timestampMs < 0) {
			throw new RangeError(`timestamp must be a non-negative number of ms, got ${timestampMs}`);
		}
		line += hex(Math.floor(timestampMs) % SLCAN_TIMESTAMP_WRAP_MS, 4);
	}
	return line;
}

/** Lawicel acks a queued `t`/`r` with `z` and a `T`/`R` with `Z` (protocols.md §2). */
export function lawicelTxAck(frame: Pick<CanFrame, 'extended'>): 'z' | 'Z' {
	return frame.extended ? 'Z' : 'z';
}

function hex(value: number, digits: number): string {
	return value.toString(16).toUpperCase().padStart(digits, '0');
}
