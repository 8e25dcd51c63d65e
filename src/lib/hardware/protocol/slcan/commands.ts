import { bitrateIndex, type SlcanDialect } from './dialect';

/** Every SLCAN command and reply ends in CR; a lone BEL is the device's "error" (protocols.md §2). */
export const SLCAN_CR = 0x0d;
export const SLCAN_BELL = 0x07;

/** Command lines, each with its CR. Setup commands are only accepted while the channel is closed. */
export const SlcanCommand = {
	open: 'O\r',
	listenOnly: 'L\r',
	close: 'C\r',
	status: 'F\r',
	version: 'V\r',
	serialNumber: 'N\r'
} as const;

/** `Sn` for `bitrate`; throws RangeError when the dialect has no such standard rate (see SLCAN_BITRATES). */
export function setBitrateCommand(dialect: SlcanDialect, bitrate: number): string {
	const n = bitrateIndex(dialect, bitrate);
	if (n < 0) throw new RangeError(`${dialect} SLCAN has no standard setting for ${bitrate} bit/s`);
	return `S${n}\r`;
}

/** `Z0`/`Z1`: Lawicel per-frame millisecond timestamps. canable-fw answers BEL. */
export function timestampsCommand(on: boolean): string {
	return on ? 'Z1\r' : 'Z0\r';
}

/**
 * Lawicel `Mxxxxxxxx`: SJA1000 acceptance code registers ACR0..3 as 8 hex digits; `m` is the mask
 * AMR0..3 (a 1 bit means "don't care"). Defaults 00000000 / FFFFFFFF receive everything.
 */
export function acceptanceCodeCommand(code: number): string {
	return `M${hex32(code, 'acceptance code')}\r`;
}

export function acceptanceMaskCommand(mask: number): string {
	return `m${hex32(mask, 'acceptance mask')}\r`;
}

/** canable-fw `M1` = silent (listen-only) mode, anything else normal; the same letter as Lawicel's `M`. */
export function canableModeCommand(silent: boolean): string {
	return silent ? 'M1\r' : 'M0\r';
}

/** canable-fw `A1`/`A0`: bxCAN automatic retransmission on (the firmware default) or off. */
export function canableAutoRetransmitCommand(on: boolean): string {
	return on ? 'A1\r' : 'A0\r';
}

function hex32(value: number, what: string): string {
	if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
		throw new RangeError(`${what} must be a 32-bit unsigned integer, got ${value}`);
	}
	return value.toString(16).toUpperCase().padStart(8, '0');
}
