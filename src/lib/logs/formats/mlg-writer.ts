import {
	MLG_BLOCK_HEADER_BYTES,
	MLG_DISPLAY_STYLES,
	MLG_FIELD_TYPES,
	MLG_LAYOUT,
	MLG_MAGIC,
	MLG_MARKER_BLOCK_BYTES,
	MLG_STRING_BYTES,
	MLG_TICK_US,
	MlgBlockType,
	type MlgBitField,
	type MlgDisplayStyle,
	type MlgFieldTypeCode,
	type MlgFieldTypeName,
	type MlgVersion
} from './mlg-format';

export interface MlgWriterField {
	name: string;
	/** @default '' */
	units?: string;
	/** @default 'F32' */
	type?: MlgFieldTypeName;
	/** @default 'Float' */
	displayStyle?: MlgDisplayStyle;
	/** @default 1 */
	scale?: number;
	/** @default 0 */
	transform?: number;
	/** @default 3 for F32, else 0 */
	digits?: number;
	/** v2 only. @default '' */
	category?: string;
	/** Required for the *_BITFIELD types. */
	bitField?: MlgBitField;
}

export interface MlgWriterOptions {
	fields: readonly MlgWriterField[];
	/** @default 2 */
	formatVersion?: MlgVersion;
	/** Capture time for the header. @default none (0) */
	timestamp?: Date | null;
	/** Info text (firmware, capture notes). */
	info?: string;
	bitFieldNames?: string;
}

const utf8 = new TextEncoder();
const TYPE_BY_NAME = new Map(
	Object.entries(MLG_FIELD_TYPES).map(([code, t]) => [
		t.name as string,
		Number(code) as MlgFieldTypeCode
	])
);
const INTEGER_RANGE: Record<number, [number, number]> = {
	0: [0, 0xff],
	1: [-0x80, 0x7f],
	2: [0, 0xffff],
	3: [-0x8000, 0x7fff],
	4: [0, 0xffff_ffff],
	5: [-0x8000_0000, 0x7fff_ffff],
	6: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
	10: [0, 0xff],
	11: [0, 0xffff],
	12: [0, 0xffff_ffff]
};

interface PlannedField {
	code: MlgFieldTypeCode;
	name: string;
	scale: number;
	transform: number;
}

/**
 * Writes an MLG file (v2 by default, v1 on request) block by block: `header` first, then {@link record} and
 * {@link marker} append blocks to an internal buffer that {@link take} hands out, so an export streams.
 * Each data block ends with the byte-sum checksum MegaLogViewer and rusEFI use.
 */
export class MlgWriter {
	/** The file header; write it before anything {@link take} returns. */
	readonly header: Uint8Array;
	readonly recordLength: number;
	private readonly fields: PlannedField[];
	private buffer = new Uint8Array(64 * 1024);
	private view = new DataView(this.buffer.buffer);
	private length = 0;
	private counter = 0;

	constructor(options: MlgWriterOptions) {
		const version = options.formatVersion ?? 2;
		if (version !== 1 && version !== 2)
			throw new TypeError(`formatVersion must be 1 or 2, got ${String(version)}`);
		if (!Array.isArray(options.fields)) throw new TypeError('MlgWriter needs a fields array');
		if (options.fields.length > 0xffff)
			throw new TypeError(`${options.fields.length} fields exceed the format's 65535`);
		this.fields = options.fields.map((f, i) => planField(f, i));
		this.recordLength = this.fields.reduce((n, f) => n + MLG_FIELD_TYPES[f.code].size, 0);
		if (this.recordLength > 0xffff)
			throw new TypeError(`a record of ${this.recordLength} bytes exceeds the format's 65535`);
		this.header = encodeHeader(options, version, this.fields, this.recordLength);
	}

	/** Bytes appended since the last {@link take}. */
	get pending(): number {
		return this.length;
	}

	/** Blocks written so far. */
	get blocks(): number {
		return this.counter;
	}

	/**
	 * Appends a data block from physical values (raw = value / scale − transform, rounded for integer types).
	 * `tUs` sets the block's 10 µs timestamp, which wraps.
	 * @throws RangeError when a value does not fit its field's type.
	 */
	record(tUs: number, values: ArrayLike<number>): void {
		this.checkLength(values);
		const at = this.openBlock(
			MLG_BLOCK_HEADER_BYTES + this.recordLength + 1,
			MlgBlockType.data,
			tUs
		);
		let p = at + MLG_BLOCK_HEADER_BYTES;
		for (let i = 0; i < this.fields.length; i++) {
			const f = this.fields[i];
			p = this.putValue(p, f, values[i] / f.scale - f.transform, true);
		}
		this.closeDataBlock(at);
	}

	/** Appends a data block of raw values exactly as they go on the wire. */
	recordRaw(tUs: number, raw: ArrayLike<number>): void {
		this.checkLength(raw);
		const at = this.openBlock(
			MLG_BLOCK_HEADER_BYTES + this.recordLength + 1,
			MlgBlockType.data,
			tUs
		);
		let p = at + MLG_BLOCK_HEADER_BYTES;
		for (let i = 0; i < this.fields.length; i++)
			p = this.putValue(p, this.fields[i], raw[i], false);
		this.closeDataBlock(at);
	}

	/** Appends a marker block; the message is cut to 50 bytes on a character boundary. */
	marker(tUs: number, message: string): void {
		const at = this.openBlock(MLG_MARKER_BLOCK_BYTES, MlgBlockType.marker, tUs);
		this.buffer.fill(0, at + MLG_BLOCK_HEADER_BYTES, at + MLG_MARKER_BLOCK_BYTES);
		putString(this.buffer, at + MLG_BLOCK_HEADER_BYTES, MLG_STRING_BYTES.marker, message, true);
	}

	/** The blocks appended since the last call. */
	take(): Uint8Array {
		const out = this.buffer.slice(0, this.length);
		this.length = 0;
		return out;
	}

	private checkLength(values: ArrayLike<number>): void {
		if (values.length !== this.fields.length)
			throw new TypeError(`a record needs ${this.fields.length} values, got ${values.length}`);
	}

	private openBlock(size: number, type: number, tUs: number): number {
		if (!Number.isFinite(tUs) || tUs < 0)
			throw new RangeError(`block time must be a non-negative number of µs, got ${tUs}`);
		if (this.length + size > this.buffer.length) {
			const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + size));
			grown.set(this.buffer.subarray(0, this.length));
			this.buffer = grown;
			this.view = new DataView(grown.buffer);
		}
		const at = this.length;
		this.buffer[at] = type;
		this.buffer[at + 1] = this.counter & 0xff;
		this.view.setUint16(at + 2, Math.floor(tUs / MLG_TICK_US) & 0xffff);
		this.length += size;
		this.counter++;
		return at;
	}

	private closeDataBlock(at: number): void {
		const start = at + MLG_BLOCK_HEADER_BYTES;
		let sum = 0;
		for (let i = start; i < start + this.recordLength; i++) sum += this.buffer[i];
		this.buffer[start + this.recordLength] = sum & 0xff;
	}

	private putValue(p: number, f: PlannedField, x: number, round: boolean): number {
		const v = this.view;
		if (f.code === 7) {
			v.setFloat32(p, x);
			return p + 4;
		}
		const n = round ? Math.round(x) : x;
		const [min, max] = INTEGER_RANGE[f.code];
		if (!Number.isInteger(n) || n < min || n > max) {
			this.length -= MLG_BLOCK_HEADER_BYTES + this.recordLength + 1;
			this.counter--;
			throw new RangeError(
				`field "${f.name}" (${MLG_FIELD_TYPES[f.code].name}) cannot hold raw value ${x}`
			);
		}
		switch (MLG_FIELD_TYPES[f.code].size) {
			case 1:
				v.setUint8(p, n & 0xff);
				return p + 1;
			case 2:
				v.setUint16(p, n & 0xffff);
				return p + 2;
			case 4:
				v.setUint32(p, n >>> 0);
				return p + 4;
			default:
				v.setBigInt64(p, BigInt(n));
				return p + 8;
		}
	}
}

function planField(f: MlgWriterField, i: number): PlannedField {
	const where = `field ${i} ("${f?.name}")`;
	if (typeof f?.name !== 'string' || f.name.trim() === '')
		throw new TypeError(`field ${i} needs a name`);
	const code = TYPE_BY_NAME.get(f.type ?? 'F32');
	if (code === undefined) throw new TypeError(`${where}: unknown type ${f.type}`);
	if (MLG_FIELD_TYPES[code].bitField && !f.bitField)
		throw new TypeError(`${where}: a ${f.type} field needs bitField`);
	const checks: [string, string | undefined, number][] = [
		['name', f.name, MLG_STRING_BYTES.name],
		['units', f.units, MLG_STRING_BYTES.units],
		['category', f.category, MLG_STRING_BYTES.category]
	];
	for (const [what, text, width] of checks) {
		if (text !== undefined && utf8.encode(text).length > width)
			throw new TypeError(`${where}: ${what} is longer than ${width} bytes`);
	}
	if (f.displayStyle !== undefined && !MLG_DISPLAY_STYLES.includes(f.displayStyle))
		throw new TypeError(`${where}: unknown display style ${f.displayStyle}`);
	if (
		f.digits !== undefined &&
		!(Number.isInteger(f.digits) && f.digits >= -128 && f.digits <= 127)
	)
		throw new TypeError(`${where}: digits must be an integer in -128..127`);
	const scale = f.scale ?? 1;
	const transform = f.transform ?? 0;
	if (!Number.isFinite(scale) || scale === 0)
		throw new TypeError(`${where}: scale must be a finite non-zero number`);
	if (!Number.isFinite(transform)) throw new TypeError(`${where}: transform must be finite`);
	return { code, name: f.name, scale, transform };
}

function encodeHeader(
	options: MlgWriterOptions,
	version: MlgVersion,
	fields: PlannedField[],
	recordLength: number
): Uint8Array {
	const { headerBytes, fieldBytes } = MLG_LAYOUT[version];
	const names = utf8.encode(options.bitFieldNames ?? '');
	const info = utf8.encode(options.info ?? '');
	const fieldsEnd = headerBytes + fields.length * fieldBytes;
	const hasInfo = version === 1 || info.length > 0;
	// Info text is NUL-terminated; v2 writers mark "no info" with infoDataStart 0 (mlg_types.h).
	const infoStart = hasInfo ? fieldsEnd + names.length : 0;
	const dataBegin = fieldsEnd + names.length + (hasInfo ? info.length + 1 : 0);
	if (version === 1 && infoStart > 0xffff)
		throw new TypeError(`a v1 header cannot place info text at byte ${infoStart} (u16); use v2`);
	const out = new Uint8Array(dataBegin);
	const view = new DataView(out.buffer);
	for (let i = 0; i < MLG_MAGIC.length; i++) out[i] = MLG_MAGIC.charCodeAt(i);
	view.setInt16(6, version);
	view.setInt32(8, options.timestamp ? Math.floor(options.timestamp.getTime() / 1000) : 0);
	if (version === 1) view.setUint16(12, infoStart);
	else view.setInt32(12, infoStart);
	view.setInt32(headerBytes - 8, dataBegin);
	view.setUint16(headerBytes - 4, recordLength);
	view.setUint16(headerBytes - 2, fields.length);
	options.fields.forEach((f, i) => {
		const at = headerBytes + i * fieldBytes;
		const code = fields[i].code;
		out[at] = code;
		putString(out, at + 1, MLG_STRING_BYTES.name, f.name, false);
		putString(out, at + 35, MLG_STRING_BYTES.units, f.units ?? '', false);
		out[at + 45] = MLG_DISPLAY_STYLES.indexOf(f.displayStyle ?? 'Float');
		if (f.bitField) {
			out[at + 46] = f.bitField.style;
			view.setInt32(at + 47, f.bitField.namesIndex);
			out[at + 51] = f.bitField.bits;
		} else {
			view.setFloat32(at + 46, fields[i].scale);
			view.setFloat32(at + 50, fields[i].transform);
			view.setInt8(at + 54, f.digits ?? (code === 7 ? 3 : 0));
		}
		if (version === 2) putString(out, at + 55, MLG_STRING_BYTES.category, f.category ?? '', false);
	});
	out.set(names, fieldsEnd);
	if (hasInfo) out.set(info, fieldsEnd + names.length);
	return out;
}

/** Writes UTF-8 into a zero-filled slot; `cut` trims over-long text on a character boundary. */
function putString(out: Uint8Array, at: number, width: number, text: string, cut: boolean): void {
	let bytes = utf8.encode(text);
	if (bytes.length > width) {
		if (!cut) throw new TypeError(`"${text}" is longer than ${width} bytes`);
		let end = width;
		while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
		bytes = bytes.subarray(0, end);
	}
	out.set(bytes, at);
}
