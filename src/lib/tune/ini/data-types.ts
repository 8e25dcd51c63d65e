import type { DataType, Endianness } from './model';

/** Size and range of each storage type (TunerStudio ini spec; protocols.md §6.3). */
export const DATA_TYPES = {
	U08: { size: 1, min: 0, max: 0xff, float: false },
	S08: { size: 1, min: -0x80, max: 0x7f, float: false },
	U16: { size: 2, min: 0, max: 0xffff, float: false },
	S16: { size: 2, min: -0x8000, max: 0x7fff, float: false },
	U32: { size: 4, min: 0, max: 0xffff_ffff, float: false },
	S32: { size: 4, min: -0x8000_0000, max: 0x7fff_ffff, float: false },
	F32: { size: 4, min: -3.4028234663852886e38, max: 3.4028234663852886e38, float: true }
} as const satisfies Record<DataType, { size: number; min: number; max: number; float: boolean }>;

export function isDataType(text: string): text is DataType {
	return Object.hasOwn(DATA_TYPES, text);
}

/** Reads one raw value at `offset`; the caller guarantees it fits. */
export function readRaw(
	view: DataView,
	offset: number,
	type: DataType,
	endianness: Endianness
): number {
	const le = endianness === 'little';
	switch (type) {
		case 'U08':
			return view.getUint8(offset);
		case 'S08':
			return view.getInt8(offset);
		case 'U16':
			return view.getUint16(offset, le);
		case 'S16':
			return view.getInt16(offset, le);
		case 'U32':
			return view.getUint32(offset, le);
		case 'S32':
			return view.getInt32(offset, le);
		case 'F32':
			return view.getFloat32(offset, le);
	}
}

/** Writes one raw value, rounded and clamped to what the type can hold (an ECU cannot store more). */
export function writeRaw(
	view: DataView,
	offset: number,
	type: DataType,
	endianness: Endianness,
	raw: number
): void {
	const le = endianness === 'little';
	const t = DATA_TYPES[type];
	const value = t.float ? raw : Math.min(t.max, Math.max(t.min, Math.round(raw)));
	switch (type) {
		case 'U08':
			return view.setUint8(offset, value);
		case 'S08':
			return view.setInt8(offset, value);
		case 'U16':
			return view.setUint16(offset, value, le);
		case 'S16':
			return view.setInt16(offset, value, le);
		case 'U32':
			return view.setUint32(offset, value, le);
		case 'S32':
			return view.setInt32(offset, value, le);
		case 'F32':
			return view.setFloat32(offset, value, le);
	}
}

/**
 * TunerStudio's scaling, as the speeduino.ini [Constants] header states it (lines 147-148):
 * `userValue = (msValue + translate) * scale`, `msValue = userValue / scale - translate`.
 */
export function rawToUser(raw: number, scale: number, translate: number): number {
	return (raw + translate) * scale;
}

export function userToRaw(user: number, scale: number, translate: number): number {
	return user / scale - translate;
}

/** The bits [low, high] of an unsigned raw word. */
export function extractBits(raw: number, low: number, high: number): number {
	const width = high - low + 1;
	return Math.floor(raw / 2 ** low) % 2 ** width;
}

/** `word` with bits [low, high] replaced by `value`. */
export function insertBits(word: number, low: number, high: number, value: number): number {
	const width = high - low + 1;
	const field = 2 ** width;
	const old = extractBits(word, low, high);
	return word + ((value % field) - old) * 2 ** low;
}
