import type { CanFrame } from '../protocol/can-frame';
import type { SlcanDialect } from '../protocol/slcan/dialect';
import { SLCAN_BITRATES } from '../protocol/slcan/dialect';
import { encodeFrameLine, lawicelTxAck, parseFrameLine } from '../protocol/slcan/frame-line';

/** What an SLCAN firmware remembers between commands; the emulator exposes it read-only to tests. */
export interface SlcanFirmwareState {
	readonly dialect: SlcanDialect;
	/** The CAN channel is open (after O, or L on Lawicel). */
	open: boolean;
	/** Lawicel `L`, or canable-fw silent mode (`M1`), which persists across open/close. */
	listenOnly: boolean;
	/** From `Sn`; null until set. */
	bitrate: number | null;
	/** Lawicel `sxxyy` SJA1000 BTR0/BTR1 as sent, or null. */
	customBtr: string | null;
	/** Lawicel `Z1`. */
	timestamps: boolean;
	acceptanceCode: number;
	acceptanceMask: number;
	autoRetransmit: boolean;
	/** Lawicel `F` bits, cleared when read. */
	statusFlags: number;
	/** Lawicel `V` reply digits, e.g. '1013'. */
	version: string;
	/** Lawicel `N` reply, 4 characters. */
	serialNumber: string;
	/** canable-fw `V`: GIT_VERSION " " GIT_REMOTE. */
	gitVersion: string;
}

export const BELL = '\x07';
export const CR = '\r';

/**
 * One command line (without its CR) as the firmware handles it; returns the exact reply bytes. `transmit` puts
 * a frame on the bus. Lawicel behaviour follows the CAN232/CANUSB manuals as summarised in protocols.md §2 (setup
 * only while closed, channel commands only while open, BEL otherwise); canable follows canable-fw@4c6e4ac
 * slcan.c + usbd_cdc_if.c CDC_Receive_FS, except that malformed hex or lengths get BEL where the firmware would
 * transmit garbage.
 */
export function handleSlcanCommand(
	fw: SlcanFirmwareState,
	line: string,
	transmit: (frame: CanFrame) => void
): string {
	return fw.dialect === 'lawicel' ? lawicel(fw, line, transmit) : canable(fw, line, transmit);
}

function lawicel(
	fw: SlcanFirmwareState,
	line: string,
	transmit: (frame: CanFrame) => void
): string {
	const cmd = line[0];
	const closed = !fw.open;
	switch (cmd) {
		case 'S': {
			const n = digitArg(line);
			if (!closed || n < 0 || n > 8) return BELL;
			fw.bitrate = SLCAN_BITRATES.lawicel[n];
			fw.customBtr = null;
			return CR;
		}
		case 's':
			if (!closed || !/^s[0-9A-Fa-f]{4}$/.test(line)) return BELL;
			fw.customBtr = line.slice(1).toUpperCase();
			fw.bitrate = null;
			return CR;
		case 'O':
		case 'L':
			// The channel opens only once initiated with S or s (CAN232 manual, "O" command).
			if (!closed || line.length !== 1 || (fw.bitrate === null && fw.customBtr === null)) {
				return BELL;
			}
			fw.open = true;
			fw.listenOnly = cmd === 'L';
			return CR;
		case 'C':
			if (closed || line.length !== 1) return BELL;
			fw.open = false;
			fw.listenOnly = false;
			return CR;
		case 't':
		case 'T':
		case 'r':
		case 'R': {
			if (closed || fw.listenOnly) return BELL;
			const frame = parseHostFrame(line);
			if (!frame) return BELL;
			transmit(frame);
			return lawicelTxAck(frame) + CR;
		}
		case 'F': {
			if (closed || line.length !== 1) return BELL;
			const flags = fw.statusFlags;
			fw.statusFlags = 0;
			return 'F' + flags.toString(16).toUpperCase().padStart(2, '0') + CR;
		}
		case 'V':
			return line.length === 1 ? 'V' + fw.version + CR : BELL;
		case 'N':
			return line.length === 1 ? 'N' + fw.serialNumber + CR : BELL;
		case 'Z': {
			const n = digitArg(line);
			if (!closed || n < 0 || n > 1) return BELL;
			fw.timestamps = n === 1;
			return CR;
		}
		case 'M':
		case 'm': {
			if (!closed || !/^[Mm][0-9A-Fa-f]{8}$/.test(line)) return BELL;
			const value = parseInt(line.slice(1), 16);
			if (cmd === 'M') fw.acceptanceCode = value;
			else fw.acceptanceMask = value;
			return CR;
		}
		default:
			return BELL;
	}
}

function canable(
	fw: SlcanFirmwareState,
	line: string,
	transmit: (frame: CanFrame) => void
): string {
	switch (line[0]) {
		case 'O':
			fw.open = true;
			return CR;
		case 'C':
			fw.open = false;
			return CR;
		case 'S': {
			const n = digitArg(line);
			if (n < 0 || n > 8) return BELL;
			// can_set_bitrate() ignores the request while the bus is on, but the command still answers CR.
			if (!fw.open) fw.bitrate = SLCAN_BITRATES.canable[n];
			return CR;
		}
		case 'm':
		case 'M':
			fw.listenOnly = line[1] === '1';
			return CR;
		case 'a':
		case 'A':
			fw.autoRetransmit = line[1] === '1';
			return CR;
		case 'v':
		case 'V':
			// The version string is queued and then the command's own CR (usbd_cdc_if.c: result == 0).
			return fw.gitVersion + CR + CR;
		case 't':
		case 'T':
		case 'r':
		case 'R': {
			const frame = parseHostFrame(line);
			if (!frame) return BELL;
			// slcan_parse_str ignores can_tx()'s result: a closed channel or silent mode still answers CR,
			// and the frame never reaches the bus.
			if (fw.open && !fw.listenOnly) transmit(frame);
			return CR;
		}
		default:
			return BELL;
	}
}

/** A host `t/T/r/R` line: classic only, exact length (a host never sends a timestamp). */
function parseHostFrame(line: string): CanFrame | null {
	const bytes = new Uint8Array(line.length);
	for (let i = 0; i < line.length; i++) bytes[i] = line.charCodeAt(i) & 0xff;
	const parsed = parseFrameLine(bytes, 0, bytes.length);
	if (!parsed || parsed.timestampMs !== null || parsed.frame.fd) return null;
	return parsed.frame;
}

/** `X<d>` with exactly one decimal digit → d, else -1. */
function digitArg(line: string): number {
	if (line.length !== 2) return -1;
	const d = line.charCodeAt(1) - 0x30;
	return d >= 0 && d <= 9 ? d : -1;
}

/** A bus frame as the firmware sends it to the host, CR included. */
export function frameToHostLine(fw: SlcanFirmwareState, frame: CanFrame): string {
	const ms = fw.dialect === 'lawicel' && fw.timestamps ? frame.timestampUs / 1000 : undefined;
	return encodeFrameLine(frame, ms) + CR;
}
