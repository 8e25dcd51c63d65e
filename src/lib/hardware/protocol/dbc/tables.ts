import { lastByteOf, signalPieces } from './layout';
import type { DbcMessage, DbcSignal } from './types';

// Signal kinds for the general path.
export const U32 = 0;
export const S32 = 1;
export const U64 = 2;
export const S64 = 3;
export const F32 = 4;
export const F64 = 5;
export const ABSENT = 6;

/**
 * Flat typed-array tables for every signal of a database, indexed by global signal index, plus the bit pieces
 * (see `BitPiece`) the general path reads. Built once by `compileDbc`; decoding only reads them.
 */
export interface Tables {
	kind: Uint8Array;
	loStart: Int32Array;
	loEnd: Int32Array;
	hiEnd: Int32Array;
	/** 32 − length for ≤32-bit signals; 64 − length for wider ones (applied to the high word). */
	signShift: Int32Array;
	lastByte: Int32Array;
	factor: Float64Array;
	offset: Float64Array;
	muxSwitch: Int32Array;
	muxRangeStart: Int32Array;
	muxRangeEnd: Int32Array;
	muxLo: Float64Array;
	muxHi: Float64Array;
	pByte: Int32Array;
	pShift: Int32Array;
	pMask: Int32Array;
	pPos: Int32Array;
	/**
	 * The 32-bit window a signal can be read through, or `window[g*4+3] = -1` when none: a 4-byte word read at
	 * `window[g*4]` (LE for Intel, BE for Motorola), then `(w << window[g*4+1]) >>> or >> window[g*4+2]`.
	 */
	window: Int32Array;
	/** Last decoded raw value per signal; multiplexed signals read their switch's entry. */
	raw: Float64Array;
	/** 64 payload bytes + 4 so a window read at the last byte stays in bounds. */
	bytes: Uint8Array;
	view: DataView;
}

/** Window read modes: bit 0 = signed, bit 1 = big-endian. */
export const WINDOW_NONE = -1;

export function buildTables(messages: readonly DbcMessage[]): Tables {
	const sigs: { sig: DbcSignal; msg: DbcMessage }[] = [];
	for (const msg of messages) for (const sig of msg.signals) sigs.push({ sig, msg });
	const n = sigs.length;
	const pieces = sigs.map((s) => signalPieces(s.sig));
	const pieceCount = pieces.reduce((a, p) => a + p.length, 0);
	const rangeCount = sigs.reduce((a, s) => a + (s.sig.multiplexerRanges?.length ?? 1), 0);
	const bytes = new Uint8Array(72);
	const t: Tables = {
		kind: new Uint8Array(n),
		loStart: new Int32Array(n),
		loEnd: new Int32Array(n),
		hiEnd: new Int32Array(n),
		signShift: new Int32Array(n),
		lastByte: new Int32Array(n),
		factor: new Float64Array(n),
		offset: new Float64Array(n),
		muxSwitch: new Int32Array(n).fill(-1),
		muxRangeStart: new Int32Array(n),
		muxRangeEnd: new Int32Array(n),
		muxLo: new Float64Array(rangeCount),
		muxHi: new Float64Array(rangeCount),
		pByte: new Int32Array(pieceCount),
		pShift: new Int32Array(pieceCount),
		pMask: new Int32Array(pieceCount),
		pPos: new Int32Array(pieceCount),
		window: new Int32Array(n * 4),
		raw: new Float64Array(n),
		bytes,
		view: new DataView(bytes.buffer)
	};
	let p = 0;
	let r = 0;
	for (let g = 0; g < n; g++) {
		const { sig, msg } = sigs[g];
		const last = lastByteOf(pieces[g]);
		t.kind[g] = last < msg.length ? kindOf(sig) : ABSENT;
		t.signShift[g] = sig.length <= 32 ? 32 - sig.length : 64 - sig.length;
		t.lastByte[g] = last;
		t.factor[g] = sig.factor;
		t.offset[g] = sig.offset;
		t.loStart[g] = p;
		for (const word of [0, 1]) {
			for (const piece of pieces[g]) {
				if (piece.word !== word) continue;
				t.pByte[p] = piece.byte;
				t.pShift[p] = piece.shift;
				t.pMask[p] = piece.mask;
				t.pPos[p] = piece.pos;
				p++;
			}
			if (word === 0) t.loEnd[g] = p;
		}
		t.hiEnd[g] = p;
		t.muxRangeStart[g] = r;
		const ranges =
			sig.multiplexerRanges ??
			(sig.multiplexerValue !== undefined
				? [{ lo: sig.multiplexerValue, hi: sig.multiplexerValue }]
				: []);
		for (const range of ranges) {
			t.muxLo[r] = range.lo;
			t.muxHi[r] = range.hi;
			r++;
		}
		t.muxRangeEnd[g] = r;
		setWindow(t.window, g, sig, t.kind[g]);
	}
	let base = 0;
	for (const msg of messages) {
		for (let i = 0; i < msg.signals.length; i++) {
			const sw = msg.signals[i].multiplexerSignal;
			if (sw !== undefined)
				t.muxSwitch[base + i] = base + msg.signals.findIndex((s) => s.name === sw);
		}
		base += msg.signals.length;
	}
	return t;
}

function kindOf(sig: DbcSignal): number {
	if (sig.valueType === 'float32') return F32;
	if (sig.valueType === 'float64') return F64;
	if (sig.length <= 32) return sig.signed ? S32 : U32;
	return sig.signed ? S64 : U64;
}

/**
 * Integer signals whose bits lie within 32 consecutive bits of the byte-ordered payload are read with one word
 * load and two shifts. Intel: the word is LE from the LSB's byte and the LSB sits `start & 7` bits up.
 * Motorola: the word is BE from the MSB's byte and the MSB sits `7 − (start & 7)` bits below the top.
 */
function setWindow(window: Int32Array, g: number, sig: DbcSignal, kind: number): void {
	window[g * 4 + 3] = WINDOW_NONE;
	if (kind !== U32 && kind !== S32) return;
	const byte = sig.startBit >> 3;
	const bit = sig.startBit & 7;
	const right = 32 - sig.length;
	const bigEndian = sig.byteOrder === 'big_endian';
	const left = bigEndian ? 7 - bit : 32 - bit - sig.length;
	if (bigEndian ? left + sig.length > 32 : left < 0) return;
	window[g * 4] = byte;
	window[g * 4 + 1] = left;
	window[g * 4 + 2] = right;
	window[g * 4 + 3] = (kind === S32 ? 1 : 0) | (bigEndian ? 2 : 0);
}
