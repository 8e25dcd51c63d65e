/**
 * A minimal DBC signal packer for the simulated car's own frames (the general codec lives in protocol/dbc).
 * Bit numbering follows the DBC "sawtooth" convention: bit k is byte k >> 3, bit k & 7 with 7 the byte's MSB.
 */
export interface SignalLayout {
	name: string;
	/** DBC start bit: the LSB for Intel, the MSB for Motorola (as written in SG_ lines). */
	start: number;
	length: number;
	byteOrder: 'intel' | 'motorola';
	signed: boolean;
	factor: number;
	offset: number;
}

/** Physical value → raw integer, rounded and saturated to what the field can hold (never wrapped). */
export function toRaw(layout: SignalLayout, physical: number): number {
	const raw = Math.round((physical - layout.offset) / layout.factor);
	const span = 2 ** layout.length;
	const lo = layout.signed ? -span / 2 : 0;
	const hi = layout.signed ? span / 2 - 1 : span - 1;
	if (Number.isNaN(raw)) return 0;
	return raw < lo ? lo : raw > hi ? hi : raw;
}

/** Write `raw` (already in range; two's complement if negative) into `data`, up to 32 bits. */
export function packRaw(data: Uint8Array, layout: SignalLayout, raw: number): void {
	const { start, length } = layout;
	if (length < 1 || length > 32)
		throw new RangeError(`${layout.name}: length ${length} is outside 1–32`);
	const bits = length === 32 ? raw >>> 0 : (raw & (2 ** length - 1)) >>> 0;
	if (layout.byteOrder === 'intel') {
		for (let i = 0; i < length; i++) setBit(data, start + i, (bits >>> i) & 1, layout.name);
		return;
	}
	// Motorola: start is the MSB; walk down within a byte, then to bit 7 of the next byte.
	let pos = start;
	for (let i = length - 1; i >= 0; i--) {
		setBit(data, pos, (bits >>> i) & 1, layout.name);
		pos = (pos & 7) === 0 ? pos + 15 : pos - 1;
	}
}

export function packSignal(data: Uint8Array, layout: SignalLayout, physical: number): void {
	packRaw(data, layout, toRaw(layout, physical));
}

function setBit(data: Uint8Array, bit: number, value: number, name: string): void {
	const byte = bit >> 3;
	if (byte >= data.length)
		throw new RangeError(`${name}: bit ${bit} is past a ${data.length}-byte payload`);
	const mask = 1 << (bit & 7);
	data[byte] = value ? data[byte] | mask : data[byte] & ~mask;
}
