import type { CanFrame } from '../can-frame';
import { hexDigit } from './hex-line';

const SPACE = 0x20;
const nibbles = new Uint8Array(64);

/**
 * Parses one ATMA/STMA line (headers on, spaces on or off, ATD0) straight from the received bytes, without
 * building a string: the hot path of monitor mode (protocols.md §1.4 puts an STN at ~6600 lines/s).
 * 3 header digits (odd total) mean an 11-bit id, 8 (even total) a 29-bit id, as in parseDataLine.
 * Returns null for anything that is not a frame line (status text, RTR markers, junk), for the caller to
 * classify; it never throws.
 */
export function parseMonitorLine(
	buf: Uint8Array,
	start: number,
	end: number,
	timestampUs: number,
	channel = 0
): CanFrame | null {
	let n = 0;
	for (let i = start; i < end; i++) {
		const c = buf[i];
		if (c === SPACE) continue;
		const v = hexDigit(c);
		if (v < 0 || n === nibbles.length) return null;
		nibbles[n++] = v;
	}
	const extended = (n & 1) === 0;
	const idDigits = extended ? 8 : 3;
	if (n < idDigits) return null;
	let id = 0;
	for (let i = 0; i < idDigits; i++) id = id * 16 + nibbles[i];
	if (extended && id > 0x1fffffff) return null;
	const len = (n - idDigits) >> 1;
	if (len > 8) return null;
	const data = new Uint8Array(len);
	for (let i = 0, j = idDigits; i < len; i++, j += 2) data[i] = (nibbles[j] << 4) | nibbles[j + 1];
	return { id, extended, rtr: false, fd: false, brs: false, data, timestampUs, channel };
}
