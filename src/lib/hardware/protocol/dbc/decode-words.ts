import { BE_HI, BE_LO, LE_HI, LE_LO, NARROW_STRIDE, STRADDLE_STRIDE, type WordPlan } from './word-plan';

/**
 * The hot loop for messages of at most 8 bytes: builds the four payload words once, then reads each planned
 * signal with one or two word loads and two shifts (see `WordPlan`). `data` must hold at least 8 bytes; bytes
 * outside the planned fields may hold anything.
 */
export function decodeWords(
	plan: WordPlan,
	w: Int32Array,
	data: Uint8Array,
	out: Float64Array
): void {
	const b0 = data[0];
	const b1 = data[1];
	const b2 = data[2];
	const b3 = data[3];
	const b4 = data[4];
	const b5 = data[5];
	const b6 = data[6];
	const b7 = data[7];
	w[LE_LO] = b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
	w[LE_HI] = b4 | (b5 << 8) | (b6 << 16) | (b7 << 24);
	w[BE_LO] = (b4 << 24) | (b5 << 16) | (b6 << 8) | b7;
	w[BE_HI] = (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
	const f = plan.narrow;
	const ends = plan.ends;
	let j = 0;
	for (const end = ends[0]; j < end; j += NARROW_STRIDE) {
		out[f[j]] = (w[f[j + 1]] << f[j + 2]) >>> f[j + 3];
	}
	for (const end = ends[1]; j < end; j += NARROW_STRIDE) {
		out[f[j]] = (w[f[j + 1]] << f[j + 2]) >> f[j + 3];
	}
	const k = plan.scale;
	let s = 0;
	for (const end = ends[2]; j < end; j += NARROW_STRIDE, s += 2) {
		out[f[j]] = ((w[f[j + 1]] << f[j + 2]) >>> f[j + 3]) * k[s] + k[s + 1];
	}
	for (const end = ends[3]; j < end; j += NARROW_STRIDE, s += 2) {
		out[f[j]] = ((w[f[j + 1]] << f[j + 2]) >> f[j + 3]) * k[s] + k[s + 1];
	}
	const x = plan.straddle;
	const xk = plan.straddleScale;
	for (let i = 0, q = 0; i < x.length; i += STRADDLE_STRIDE, q += 2) {
		const lo = x[i + 1];
		const v = (w[lo] >>> x[i + 2]) | (w[lo + 1] << x[i + 3]);
		const shift = x[i + 4];
		const raw = x[i + 5] === 1 ? (v << shift) >> shift : (v << shift) >>> shift;
		out[x[i]] = raw * xk[q] + xk[q + 1];
	}
}
