import type { DbcSignal } from './types';

/**
 * One run of a signal's bits that lies inside one payload byte: `(data[byte] >>> shift) & mask` holds raw bits
 * `pos … pos+width-1` of word `word` (0 = raw bits 0–31, 1 = raw bits 32–63). Within a byte both byte orders
 * keep raw bit significance increasing with the byte's bit number, so one shape serves Intel and Motorola.
 */
export interface BitPiece {
	byte: number;
	shift: number;
	mask: number;
	pos: number;
	word: 0 | 1;
}

/**
 * Maps a signal onto payload bytes (protocols.md §8.2). Intel (@1): raw bit i sits at sawtooth index start+i.
 * Motorola (@0): the MSB sits at sawtooth index start and lower bits move toward bit 0 of the byte, then on to
 * bit 7 of the next byte. Both are independent of the frame length; only fitting depends on it.
 */
export function signalPieces(
	sig: Pick<DbcSignal, 'startBit' | 'length' | 'byteOrder'>
): BitPiece[] {
	const places: { byte: number; bit: number }[] = new Array(sig.length);
	if (sig.byteOrder === 'little_endian') {
		for (let i = 0; i < sig.length; i++) {
			const k = sig.startBit + i;
			places[i] = { byte: k >> 3, bit: k & 7 };
		}
	} else {
		let byte = sig.startBit >> 3;
		let bit = sig.startBit & 7;
		for (let i = sig.length - 1; i >= 0; i--) {
			places[i] = { byte, bit };
			if (bit === 0) {
				byte++;
				bit = 7;
			} else bit--;
		}
	}
	const pieces: BitPiece[] = [];
	let i = 0;
	while (i < sig.length) {
		const { byte, bit } = places[i];
		let width = 1;
		// A run ends at a byte change and at raw bit 32, so each piece feeds exactly one 32-bit word.
		while (
			i + width < sig.length &&
			places[i + width].byte === byte &&
			i + width !== 32 &&
			places[i + width].bit === bit + width
		) {
			width++;
		}
		const word = i >= 32 ? 1 : 0;
		pieces.push({ byte, shift: bit, mask: (1 << width) - 1, pos: i - 32 * word, word });
		i += width;
	}
	return pieces;
}

/** Bytes a signal touches: the payload must be at least `lastByte + 1` long to carry it. */
export function lastByteOf(pieces: readonly BitPiece[]): number {
	let last = -1;
	for (const p of pieces) if (p.byte > last) last = p.byte;
	return last;
}
