import { kLineChecksum } from './checksum';
import { KLineChecksumError, KLineFrameError } from './errors';

/**
 * ISO 14230-2 §4.1 format byte, bits 7–6 (A1 A0): how the header addresses the message. `carb` is the
 * exception mode kept for CARB (OBD) use; like the addressed modes it carries two more header bytes.
 */
export const KwpAddressMode = { none: 0b00, carb: 0b01, physical: 0b10, functional: 0b11 } as const;
export type KwpAddressModeName = keyof typeof KwpAddressMode;

/** ISO 14230-4 (KWP2000 OBD) addresses: functional target 0x33, external tester 0xF1, engine ECU 0x10. */
export const KwpObdAddress = { functional: 0x33, tester: 0xf1, engine: 0x10 } as const;

/** Format byte length bits L5–L0 hold 1–63; longer data needs the separate length byte (ISO 14230-2 §4.1.2). */
export const KWP_MAX_INLINE_LENGTH = 63;
export const KWP_MAX_DATA_LENGTH = 255;

export interface KwpFrame {
	addressMode: KwpAddressModeName;
	/** Target address; present unless `addressMode` is 'none'. */
	target?: number;
	/** Source address; present unless `addressMode` is 'none'. */
	source?: number;
	/** Service id and parameters, without header or checksum. */
	data: Uint8Array;
}

export interface KwpEncodeOptions {
	/** Put the length in a separate byte even when it would fit the format byte. @default false */
	lengthByte?: boolean;
}

const MODE_NAMES: readonly KwpAddressModeName[] = ['none', 'carb', 'physical', 'functional'];

/**
 * Encodes one message in an ISO 14230-2 header format — `Fmt`, `Fmt Len`, `Fmt Tgt Src` or `Fmt Tgt Src Len` —
 * followed by the data and the checksum.
 */
export function encodeKwpFrame(frame: KwpFrame, options: KwpEncodeOptions = {}): Uint8Array {
	const { addressMode, data } = frame;
	const mode = KwpAddressMode[addressMode];
	if (mode === undefined) throw new TypeError(`unknown KWP address mode "${addressMode}"`);
	if (!(data instanceof Uint8Array) || data.length < 1 || data.length > KWP_MAX_DATA_LENGTH) {
		throw new RangeError(`KWP data must be 1–${KWP_MAX_DATA_LENGTH} bytes, got ${data?.length}`);
	}
	const addressed = mode !== KwpAddressMode.none;
	if (addressed) {
		checkByte(frame.target, 'target');
		checkByte(frame.source, 'source');
	} else if (frame.target !== undefined || frame.source !== undefined) {
		throw new TypeError("address mode 'none' carries no target or source");
	}
	const separate = options.lengthByte === true || data.length > KWP_MAX_INLINE_LENGTH;
	const header: number[] = [(mode << 6) | (separate ? 0 : data.length)];
	if (addressed) header.push(frame.target!, frame.source!);
	if (separate) header.push(data.length);
	const out = new Uint8Array(header.length + data.length + 1);
	out.set(header);
	out.set(data, header.length);
	out[out.length - 1] = kLineChecksum(out, out.length - 1);
	return out;
}

/**
 * Total message length (header + data + checksum) once enough of the header has arrived, else undefined. Lets a
 * byte stream be cut into messages before the checksum is known.
 */
export function kwpFrameLength(bytes: Uint8Array): number | undefined {
	if (bytes.length < 1) return undefined;
	const fmt = bytes[0];
	const header = 1 + (fmt >> 6 !== KwpAddressMode.none ? 2 : 0);
	const inline = fmt & 0x3f;
	if (inline !== 0) return header + inline + 1;
	if (bytes.length <= header) return undefined;
	return header + 1 + bytes[header] + 1;
}

/** Decodes one whole message, checking its length against the header and its checksum. */
export function decodeKwpFrame(bytes: Uint8Array): KwpFrame {
	const length = kwpFrameLength(bytes);
	if (length === undefined) {
		throw new KLineFrameError(`KWP message of ${bytes.length} bytes ends inside its header`, bytes);
	}
	const fmt = bytes[0];
	const addressed = fmt >> 6 !== KwpAddressMode.none;
	const headerLength = 1 + (addressed ? 2 : 0) + ((fmt & 0x3f) === 0 ? 1 : 0);
	if (length === headerLength + 1) {
		throw new KLineFrameError('KWP length byte 0: a message carries at least one data byte', bytes);
	}
	if (bytes.length !== length) {
		throw new KLineFrameError(
			`KWP header announces ${length} bytes, the message has ${bytes.length}`,
			bytes
		);
	}
	const expected = kLineChecksum(bytes, length - 1);
	if (expected !== bytes[length - 1]) {
		throw new KLineChecksumError(expected, bytes[length - 1], bytes.slice());
	}
	const frame: KwpFrame = {
		addressMode: MODE_NAMES[fmt >> 6],
		data: bytes.slice(headerLength, length - 1)
	};
	if (addressed) {
		frame.target = bytes[1];
		frame.source = bytes[2];
	}
	return frame;
}

function checkByte(value: number | undefined, what: string): void {
	if (value === undefined || !Number.isInteger(value) || value < 0 || value > 0xff) {
		throw new TypeError(`${what} address must be a byte, got ${value}`);
	}
}
