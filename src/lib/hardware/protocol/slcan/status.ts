import type { BusState } from '../../adapters/can-adapter';

/**
 * Lawicel `F` reply `Fxx`: SJA1000-style status bits (protocols.md §2). Bit 4 is unused.
 */
export const SlcanStatusFlag = {
	RX_FIFO_FULL: 0x01,
	TX_FIFO_FULL: 0x02,
	ERROR_WARNING: 0x04,
	DATA_OVERRUN: 0x08,
	ERROR_PASSIVE: 0x20,
	ARBITRATION_LOST: 0x40,
	BUS_ERROR: 0x80
} as const;

export interface SlcanStatus {
	flags: number;
	rxFifoFull: boolean;
	txFifoFull: boolean;
	errorWarning: boolean;
	dataOverrun: boolean;
	errorPassive: boolean;
	arbitrationLost: boolean;
	busError: boolean;
}

export function decodeStatusFlags(flags: number): SlcanStatus {
	if (!Number.isInteger(flags) || flags < 0 || flags > 0xff) {
		throw new RangeError(`status flags must be one byte, got ${flags}`);
	}
	return {
		flags,
		rxFifoFull: (flags & SlcanStatusFlag.RX_FIFO_FULL) !== 0,
		txFifoFull: (flags & SlcanStatusFlag.TX_FIFO_FULL) !== 0,
		errorWarning: (flags & SlcanStatusFlag.ERROR_WARNING) !== 0,
		dataOverrun: (flags & SlcanStatusFlag.DATA_OVERRUN) !== 0,
		errorPassive: (flags & SlcanStatusFlag.ERROR_PASSIVE) !== 0,
		arbitrationLost: (flags & SlcanStatusFlag.ARBITRATION_LOST) !== 0,
		busError: (flags & SlcanStatusFlag.BUS_ERROR) !== 0
	};
}

/** Parses a reply line `Fxx` (without CR); null when it is anything else. */
export function parseStatusReply(line: string): SlcanStatus | null {
	if (line.length !== 3 || line[0] !== 'F') return null;
	const flags = hexByte(line, 1);
	return flags < 0 ? null : decodeStatusFlags(flags);
}

/**
 * The controller state the flags imply. F carries no error counters and no bus-off bit, so the worst it can
 * say is error-passive; a Lawicel device that went bus-off shows as passive plus bus errors.
 */
export function statusToBusState(status: SlcanStatus): BusState {
	if (status.errorPassive) return 'passive';
	if (status.errorWarning) return 'warning';
	return 'active';
}

/**
 * Linux slcan's device→host state line `s` + a|w|p|b + 3-digit rx errors + 3-digit tx errors, e.g. `sp128010`
 * (slcan-core.c slc_bump_state). Null when `line` is not one.
 */
export function parseStateLine(
	line: string
): { state: BusState; counters: { rx: number; tx: number } } | null {
	if (line.length !== 8 || line[0] !== 's') return null;
	const state = STATE_LETTERS[line[1]];
	const rx = Number(line.slice(2, 5));
	const tx = Number(line.slice(5, 8));
	if (!state || !/^\d{6}$/.test(line.slice(2))) return null;
	return { state, counters: { rx, tx } };
}

const STATE_LETTERS: Record<string, BusState> = {
	a: 'active',
	w: 'warning',
	p: 'passive',
	b: 'bus-off'
};

function hexByte(text: string, at: number): number {
	const s = text.slice(at, at + 2);
	return /^[0-9A-Fa-f]{2}$/.test(s) ? parseInt(s, 16) : -1;
}
