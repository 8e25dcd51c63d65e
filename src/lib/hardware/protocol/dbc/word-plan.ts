import type { DbcSignal } from './types';

/**
 * Slots at the head of a word plan that hold the current payload, read as a 64-bit LE integer (Intel) and as a
 * 64-bit BE integer (Motorola), each split into its low and high 32 bits. They share the plan's array so the
 * hot loop indexes one typed array: V8 re-checks each typed array's map on every loop iteration.
 */
export const LE_LO = 0;
export const LE_HI = 1;
export const BE_LO = 2;
export const BE_HI = 3;
/** Slots 4–7 hold the end offsets of the four entry groups; entries start at slot 8. */
export const FIRST_ENTRY = 8;

/** Entries pack the output index above bit 12, so global signal indexes must stay below 2^20. */
const MAX_INDEX = 1 << 20;

/**
 * How `TableMessage` reads the ≤32-bit integer signals of a message of at most 8 bytes. Each entry is one
 * int32: word slot (bits 0–1), left shift (2–6), right shift (7–11), global index (12–31), read as
 * `out[e >>> 12] = (plan[e & 3] << (e >>> 2)) >>> (e >>> 7)`, or `>>` when signed; JS shift counts are taken
 * mod 32, so the shifts need no masking. Groups: unsigned raw, signed raw, unsigned scaled, signed scaled.
 * Most real signals have factor 1 and offset 0 (971 of the 1040 in toyota_2017_ref_pt.dbc), so the raw groups
 * skip the multiply-add; the scaled groups take theirs from `scale`, two numbers per entry, in order.
 */
export interface WordPlan {
	plan: Int32Array;
	scale: Float64Array;
	/** Global indexes of the signals the plan cannot read: they straddle bit 32 or their index is too large. */
	rest: number[];
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

/**
 * Plans ≤32-bit integer signals that lie within the first 8 payload bytes. A signal that straddles bit 32
 * would need both words (3 of toyota's 1040 do), so it is left to the caller's bit-by-bit path.
 */
export function buildWordPlan(signals: readonly PlannedSignal[]): WordPlan {
	const groups: number[][] = [[], [], [], []];
	const scales: number[][] = [[], [], [], []];
	const rest: number[] = [];
	for (const { index, signal: sig, signed } of signals) {
		const p = lsbPosition(sig);
		if ((p < 32 && p + sig.length > 32) || index >= MAX_INDEX) {
			rest.push(index);
			continue;
		}
		const raw = sig.factor === 1 && sig.offset === 0;
		const group = (signed ? 1 : 0) + (raw ? 0 : 2);
		const slot = (sig.byteOrder === 'little_endian' ? LE_LO : BE_LO) + (p < 32 ? 0 : 1);
		const left = 32 - (p & 31) - sig.length;
		const right = 32 - sig.length;
		groups[group].push(slot | (left << 2) | (right << 7) | (index << 12));
		if (!raw) scales[group].push(sig.factor, sig.offset);
	}
	let end = FIRST_ENTRY;
	const ends = groups.map((g) => (end += g.length));
	return {
		plan: Int32Array.from([0, 0, 0, 0, ...ends, ...groups.flat()]),
		scale: Float64Array.from(scales.flat()),
		rest
	};
}
