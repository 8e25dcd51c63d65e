/**
 * MegaLogViewer binary log ("MLVLG", EFI Analytics MLG_Binary_LogFormat 1.0 / 2.0), as tables. Everything on the
 * wire is big-endian (protocols.md §6.5; rusefi firmware/console/binary_mlg_log/mlg_types.h).
 *
 * ```
 * header  "MLVLG\0" · i16 version · i32 unix seconds · infoDataStart (v1 u16, v2 i32) · i32 dataBeginIndex
 *         · u16 recordLength · u16 field count                                   (22 B in v1, 24 B in v2)
 * field   u8 type · char[34] name · char[10] units · u8 displayStyle · 9 B type-specific · v2: char[34] category
 * then    bit-field names, info text (infoDataStart .. dataBeginIndex - 1), blocks from dataBeginIndex
 * block   u8 blockType · u8 rolling counter · u16 timestamp (10 µs, wraps) · payload
 * ```
 */
export const MLG_MAGIC = 'MLVLG\0';

export const MLG_LAYOUT = {
	1: { headerBytes: 22, fieldBytes: 55 },
	2: { headerBytes: 24, fieldBytes: 89 }
} as const;

export type MlgVersion = keyof typeof MLG_LAYOUT;

export const MLG_STRING_BYTES = { name: 34, units: 10, category: 34, marker: 50 } as const;

/** Block header: type, rolling counter, u16 timestamp. */
export const MLG_BLOCK_HEADER_BYTES = 4;
export const MLG_MARKER_BLOCK_BYTES = MLG_BLOCK_HEADER_BYTES + MLG_STRING_BYTES.marker;
/** One tick of the block timestamp (rusefi binary_mlg_logging.cpp writeSdBlock: `nowUs / 10`). */
export const MLG_TICK_US = 10;

export const MlgBlockType = { data: 0, marker: 1 } as const;

/**
 * Field value types (mlg_types.h `Field::Scalar`, spec 1.0 bit fields 10–12). `size` is the bytes the value takes
 * in a data record; the bit-field types read as unsigned integers.
 */
export const MLG_FIELD_TYPES = {
	0: { name: 'U08', size: 1, bitField: false },
	1: { name: 'S08', size: 1, bitField: false },
	2: { name: 'U16', size: 2, bitField: false },
	3: { name: 'S16', size: 2, bitField: false },
	4: { name: 'U32', size: 4, bitField: false },
	5: { name: 'S32', size: 4, bitField: false },
	6: { name: 'S64', size: 8, bitField: false },
	7: { name: 'F32', size: 4, bitField: false },
	10: { name: 'U08_BITFIELD', size: 1, bitField: true },
	11: { name: 'U16_BITFIELD', size: 2, bitField: true },
	12: { name: 'U32_BITFIELD', size: 4, bitField: true }
} as const;

export type MlgFieldTypeCode = keyof typeof MLG_FIELD_TYPES;
export type MlgFieldTypeName = (typeof MLG_FIELD_TYPES)[MlgFieldTypeCode]['name'];

export function isMlgFieldType(code: number): code is MlgFieldTypeCode {
	return Object.hasOwn(MLG_FIELD_TYPES, code);
}

/** Display styles (mlg_types.h "Display Style"); unknown codes are kept as their number. */
export const MLG_DISPLAY_STYLES = [
	'Float',
	'Hex',
	'bits',
	'Date',
	'On/Off',
	'Yes/No',
	'High/Low',
	'Active/Inactive',
	'True/False'
] as const;

export type MlgDisplayStyle = (typeof MLG_DISPLAY_STYLES)[number];

export interface MlgBitField {
	style: number;
	/** Index into the header's bit-field names block. */
	namesIndex: number;
	bits: number;
}

export interface MlgField {
	type: MlgFieldTypeCode;
	name: string;
	units: string;
	displayStyle: MlgDisplayStyle | number;
	/** Display value = (raw + transform) × scale. Scalar fields only; bit fields read 1 and 0. */
	scale: number;
	transform: number;
	/** Decimal places to show (signed byte). */
	digits: number;
	/** v2 only; '' in v1. */
	category: string;
	bitField?: MlgBitField;
}

export interface MlgHeader {
	formatVersion: MlgVersion;
	/** Capture time from the header, or null when the writer left it 0. */
	timestamp: Date | null;
	infoDataStart: number;
	dataBeginIndex: number;
	recordLength: number;
	fields: MlgField[];
	bitFieldNames: string;
	info: string;
}

/** The physical value of a raw field value. */
export function mlgDisplayValue(field: MlgField, raw: number): number {
	return (raw + field.transform) * field.scale;
}

export type MlgFormatProblem =
	'magic' | 'version' | 'header' | 'field-type' | 'block-type' | 'crc' | 'truncated';

/**
 * A damaged or foreign MLG file. `offset` is the byte where the damage starts, counted from the start of the file;
 * `record` is the index of the block there (data and marker blocks counted together from 0), or null in the header.
 */
export class MlgFormatError extends Error {
	override name = 'MlgFormatError';
	readonly problem: MlgFormatProblem;
	readonly offset: number;
	readonly record: number | null;

	constructor(
		problem: MlgFormatProblem,
		message: string,
		at: { offset: number; record: number | null },
		options?: { cause?: unknown }
	) {
		super(
			`${message} at byte ${at.offset} (${at.record === null ? 'header' : `record ${at.record}`})`,
			options
		);
		this.problem = problem;
		this.offset = at.offset;
		this.record = at.record;
	}
}
