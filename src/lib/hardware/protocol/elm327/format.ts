import { hex } from './command';

/**
 * How an ELM prints one CAN frame's header and bytes: 3-digit 11-bit ids, 29-bit ids as four bytes, and
 * with spaces on every byte is followed by a space, the last one included (python-OBD log
 * `7E8 06 41 00 BE 1F A8 13 \r`).
 */
export function formatFrameLine(
	header: { id: number; extended: boolean } | null,
	bytes: Uint8Array,
	spaces: boolean
): string {
	const sep = spaces ? ' ' : '';
	let s = '';
	if (header) {
		if (header.extended) {
			for (let shift = 24; shift >= 0; shift -= 8) s += hex((header.id >>> shift) & 0xff, 2) + sep;
		} else {
			s += hex(header.id, 3) + sep;
		}
	}
	for (const b of bytes) s += hex(b, 2) + sep;
	return s;
}
