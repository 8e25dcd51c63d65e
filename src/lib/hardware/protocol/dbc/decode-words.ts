import { BE_HI, BE_LO, FIRST_ENTRY, LE_HI, LE_LO } from './word-plan';

/**
 * The hot loop for messages of at most 8 bytes (see `WordPlan`): builds the four payload words once, then
 * reads each planned signal with one word load and two shifts. `data` must hold at least 8 bytes; bytes
 * outside the planned fields may hold anything.
 */
export function decodeWords(
	plan: Int32Array,
	scale: Float64Array,
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
	plan[LE_LO] = b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
	plan[LE_HI] = b4 | (b5 << 8) | (b6 << 16) | (b7 << 24);
	plan[BE_LO] = (b4 << 24) | (b5 << 16) | (b6 << 8) | b7;
	plan[BE_HI] = (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
	let j = FIRST_ENTRY;
	for (const end = plan[4]; j < end; j++) {
		const e = plan[j];
		out[e >>> 12] = (plan[e & 3] << (e >>> 2)) >>> (e >>> 7);
	}
	for (const end = plan[5]; j < end; j++) {
		const e = plan[j];
		out[e >>> 12] = (plan[e & 3] << (e >>> 2)) >> (e >>> 7);
	}
	let s = 0;
	for (const end = plan[6]; j < end; j++, s += 2) {
		const e = plan[j];
		out[e >>> 12] = ((plan[e & 3] << (e >>> 2)) >>> (e >>> 7)) * scale[s] + scale[s + 1];
	}
	for (const end = plan[7]; j < end; j++, s += 2) {
		const e = plan[j];
		out[e >>> 12] = ((plan[e & 3] << (e >>> 2)) >> (e >>> 7)) * scale[s] + scale[s + 1];
	}
}
