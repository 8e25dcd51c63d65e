import {
	MLG_DISPLAY_STYLES,
	MLG_FIELD_TYPES,
	MLG_LAYOUT,
	MLG_MAGIC,
	MLG_STRING_BYTES,
	MlgFormatError,
	isMlgFieldType,
	type MlgField,
	type MlgHeader,
	type MlgVersion
} from './mlg-format';

/**
 * Header bytes we are willing to buffer before the first block (descriptors, bit-field names, info text). A real
 * header is a few KiB (1389 fields × 89 B ≈ 120 KiB is the largest seen); a larger `dataBeginIndex` means damage.
 */
export const MLG_MAX_HEADER_BYTES = 16 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8');

/** The fixed part every version starts with, enough to learn how many header bytes to wait for. */
export const MLG_PREAMBLE_BYTES = 8;

/** Checks magic and version from the first {@link MLG_PREAMBLE_BYTES} bytes. */
export function readMlgVersion(bytes: Uint8Array): MlgVersion {
	for (let i = 0; i < MLG_MAGIC.length; i++) {
		if (bytes[i] !== MLG_MAGIC.charCodeAt(i))
			throw new MlgFormatError('magic', 'not an MLG file: the magic "MLVLG\\0" is missing', {
				offset: i,
				record: null
			});
	}
	const version = (bytes[6] << 8) | bytes[7];
	if (version !== 1 && version !== 2)
		throw new MlgFormatError('version', `unsupported MLG format version ${version}`, {
			offset: 6,
			record: null
		});
	return version;
}

/** `dataBeginIndex`, read once the version's fixed header has arrived; validated against the field count. */
export function readMlgDataBegin(bytes: Uint8Array, version: MlgVersion): number {
	const { headerBytes, fieldBytes } = MLG_LAYOUT[version];
	const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
	const dataBegin = view.getInt32(headerBytes - 8);
	const fieldCount = view.getUint16(headerBytes - 2);
	const fieldsEnd = headerBytes + fieldCount * fieldBytes;
	if (dataBegin < fieldsEnd || dataBegin > MLG_MAX_HEADER_BYTES)
		throw new MlgFormatError(
			'header',
			`data begin index ${dataBegin} is outside ${fieldsEnd}..${MLG_MAX_HEADER_BYTES} for ${fieldCount} fields`,
			{ offset: headerBytes - 8, record: null }
		);
	return dataBegin;
}

/** Decodes the whole header; `bytes` holds at least `dataBeginIndex` bytes from the start of the file. */
export function decodeMlgHeader(bytes: Uint8Array): MlgHeader {
	const formatVersion = readMlgVersion(bytes);
	const { headerBytes, fieldBytes } = MLG_LAYOUT[formatVersion];
	const dataBeginIndex = readMlgDataBegin(bytes, formatVersion);
	const view = new DataView(bytes.buffer, bytes.byteOffset, dataBeginIndex);
	const seconds = view.getInt32(8);
	const infoDataStart = formatVersion === 1 ? view.getUint16(12) : view.getInt32(12);
	const recordLength = view.getUint16(headerBytes - 4);
	const fieldCount = view.getUint16(headerBytes - 2);
	const fieldsEnd = headerBytes + fieldCount * fieldBytes;
	// v2 writers put 0 here when there is no info text (mlg_types.h "set to 0 if no Log Info Data").
	if (infoDataStart !== 0 && (infoDataStart < fieldsEnd || infoDataStart > dataBeginIndex))
		throw new MlgFormatError(
			'header',
			`info data start ${infoDataStart} is outside ${fieldsEnd}..${dataBeginIndex}`,
			{ offset: 12, record: null }
		);

	const fields: MlgField[] = [];
	let size = 0;
	for (let i = 0; i < fieldCount; i++) {
		const at = headerBytes + i * fieldBytes;
		const field = decodeField(bytes, view, at, formatVersion);
		size += MLG_FIELD_TYPES[field.type].size;
		fields.push(field);
	}
	if (size !== recordLength)
		throw new MlgFormatError(
			'header',
			`the ${fieldCount} field descriptors add up to ${size} bytes per record but the header says ${recordLength}`,
			{ offset: headerBytes - 4, record: null }
		);

	const namesEnd = infoDataStart === 0 ? dataBeginIndex : infoDataStart;
	return {
		formatVersion,
		timestamp: seconds === 0 ? null : new Date(seconds * 1000),
		infoDataStart,
		dataBeginIndex,
		recordLength,
		fields,
		bitFieldNames: utf8.decode(bytes.subarray(fieldsEnd, namesEnd)),
		info: infoDataStart === 0 ? '' : infoText(bytes.subarray(infoDataStart, dataBeginIndex))
	};
}

function decodeField(bytes: Uint8Array, view: DataView, at: number, version: MlgVersion): MlgField {
	const type = bytes[at];
	if (!isMlgFieldType(type))
		throw new MlgFormatError('field-type', `unknown field type ${type}`, {
			offset: at,
			record: null
		});
	let p = at + 1;
	const name = fixedString(bytes, p, MLG_STRING_BYTES.name);
	p += MLG_STRING_BYTES.name;
	const units = fixedString(bytes, p, MLG_STRING_BYTES.units);
	p += MLG_STRING_BYTES.units;
	const style = bytes[p++];
	const displayStyle = MLG_DISPLAY_STYLES[style] ?? style;
	const category = version === 2 ? fixedString(bytes, at + 55, MLG_STRING_BYTES.category) : '';
	if (MLG_FIELD_TYPES[type].bitField) {
		return {
			type,
			name,
			units,
			displayStyle,
			scale: 1,
			transform: 0,
			digits: 0,
			category,
			bitField: { style: bytes[p], namesIndex: view.getInt32(p + 1), bits: bytes[p + 5] }
		};
	}
	return {
		type,
		name,
		units,
		displayStyle,
		scale: view.getFloat32(p),
		transform: view.getFloat32(p + 4),
		digits: view.getInt8(p + 8),
		category
	};
}

/** A NUL-terminated string in a fixed-width slot (mlg_types.h: "ASCII string, null terminated"). */
function fixedString(bytes: Uint8Array, at: number, width: number): string {
	let end = at;
	while (end < at + width && bytes[end] !== 0) end++;
	return utf8.decode(bytes.subarray(at, end)).trim();
}

/**
 * The info block is NUL-terminated text whose lines TunerStudio writes in double quotes
 * (`"speeduino 202009-dev: …"\n"Capture Date: …"`); the quotes are presentation, not content.
 */
function infoText(bytes: Uint8Array): string {
	const nul = bytes.indexOf(0);
	return utf8
		.decode(nul < 0 ? bytes : bytes.subarray(0, nul))
		.split(/\r?\n/)
		.map((line) => {
			const t = line.trim();
			return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
		})
		.join('\n')
		.trim();
}
