import type { DbcSignal } from './types';

/**
 * Slots of the per-frame word scratch for payloads of up to 8 bytes: the payload read as a 64-bit LE integer
 * (Intel) and as a 64-bit BE integer (Motorola), each split into its low and high 32 bits.
 */
export const LE_LO = 0;
export const LE_HI = 1;
export const BE_LO = 2;
export const BE_HI = 3;
export const WORD_SLOTS = 4;

/** Int32 entries per narrow signal: global index, word slot, left shift, right shift. */
export const NARROW_STRIDE = 4;
/** Int32 entries per straddling signal: global index, low word slot, right shift, left shift, field shift, signed. */
export const STRADDLE_STRIDE = 6;

/** Narrow groups, in `WordPlan.ends` order; the scaled ones own the `scale` pairs in the same order. */
const UNSIGNED_RAW = 0;
const SIGNED_RAW = 1;
const UNSIGNED_SCALED = 2;
const SIGNED_SCALED = 3;

/**
 * How `TableMessage` reads the ≤32-bit integer signals of a message of at most 8 bytes from the four payload
 * words. Narrow signals lie inside one word: `(w[slot] << left) >>> right` (or `>> right` when signed). Almost
 * every real signal is narrow (all but 3 of the 1040 in toyota_2017_ref_pt.dbc) and most have factor 1 and
 * offset 0 (971 of 1040), so those get loops without the multiply-add. Straddling signals cross bit 32 and
 * funnel both words together.
 */
export interface WordPlan {
	narrow: Int32Array;
	/** End offsets in `narrow` of the unsigned-raw, signed-raw, unsigned-scaled and signed-scaled groups. */
	ends: Int32Array;
	/** Factor and offset per scaled narrow entry. */
	scale: Float64Array;
	straddle: Int32Array;
	/** Factor and offset per straddling entry. */
	straddleScale: Float64Array;
}

export interface PlannedSignal {
	index: number;
	signal: Pick<DbcSignal, 'startBit' | 'length' | 'byteOrder' | 'factor' | 'offset'>;
	signed: boolean;
}

/**
 * Where a signal's LSB sits in the 64-bit integer of its byte order, padded to 8 bytes (protocols.md §8.2).
 * Intel: bit `start`. Motorola: the MSB is network bit `8*(start>>3) + 7 - (start&7)` counted from the top, so
 * the LSB is that many bits below bit 63, less the length. Padding to 8 bytes rather than the frame length
 * moves every field by the same whole bytes, and callers only plan signals inside the first 8 bytes.
 */
export function lsbPosition(sig: Pick<DbcSignal, 'startBit' | 'length' | 'byteOrder'>): number {
	if (sig.byteOrder === 'little_endian') return sig.startBit;
	const msbFromTop = 8 * (sig.startBit >> 3) + 7 - (sig.startBit & 7);
	return 64 - msbFromTop - sig.length;
}

/** Plans ≤32-bit integer signals that lie within the first 8 payload bytes. */
export function buildWordPlan(signals: readonly PlannedSignal[]): WordPlan {
	const groups: number[][] = [[], [], [], []];
	const scales: number[][] = [[], [], [], []];
	const straddle: number[] = [];
	const straddleScale: number[] = [];
	for (const { index, signal: sig, signed } of signals) {
		const p = lsbPosition(sig);
		const lo = sig.byteOrder === 'little_endian' ? LE_LO : BE_LO;
		if (p < 32 && p + sig.length > 32) {
			// JS shift counts are taken mod 32, so the high word's shift 32 − p is only valid for p ≥ 1, as here.
			straddle.push(index, lo, p, 32 - p, 32 - sig.length, signed ? 1 : 0);
			straddleScale.push(sig.factor, sig.offset);
			continue;
		}
		const raw = sig.factor === 1 && sig.offset === 0;
		const group = raw
			? signed
				? SIGNED_RAW
				: UNSIGNED_RAW
			: signed
				? SIGNED_SCALED
				: UNSIGNED_SCALED;
		groups[group].push(index, p < 32 ? lo : lo + 1, 32 - (p & 31) - sig.length, 32 - sig.length);
		if (!raw) scales[group].push(sig.factor, sig.offset);
	}
	let end = 0;
	return {
		narrow: Int32Array.from(groups.flat()),
		ends: Int32Array.from(groups, (g) => (end += g.length)),
		scale: Float64Array.from(scales.flat()),
		straddle: Int32Array.from(straddle),
		straddleScale: Float64Array.from(straddleScale)
	};
}
