import { kLineChecksum } from './checksum';
import { KLineChecksumError, KLineFrameError, hex } from './errors';

/**
 * SAE J1979 / ISO 9141-2 OBD message headers: a request is `68 6A F1`, a response `48 6B <ECU address>`, then up
 * to 7 data bytes and the checksum.
 */
export const Iso9141ObdHeader = {
	requestPriority: 0x68,
	requestTarget: 0x6a,
	responsePriority: 0x48,
	responseTarget: 0x6b,
	tester: 0xf1
} as const;

export const ISO9141_OBD_MAX_DATA = 7;

export function encodeIso9141ObdRequest(data: Uint8Array): Uint8Array {
	return encode(
		Iso9141ObdHeader.requestPriority,
		Iso9141ObdHeader.requestTarget,
		Iso9141ObdHeader.tester,
		data
	);
}

/** An ECU's answer, for emulators and tests. */
export function encodeIso9141ObdResponse(source: number, data: Uint8Array): Uint8Array {
	if (!Number.isInteger(source) || source < 0 || source > 0xff) {
		throw new TypeError(`ECU address must be a byte, got ${source}`);
	}
	return encode(Iso9141ObdHeader.responsePriority, Iso9141ObdHeader.responseTarget, source, data);
}

/** Checks the `48 6B` header, length and checksum; returns the ECU address and the data. */
export function decodeIso9141ObdResponse(bytes: Uint8Array): { source: number; data: Uint8Array } {
	if (bytes.length < 5 || bytes.length > 4 + ISO9141_OBD_MAX_DATA) {
		throw new KLineFrameError(
			`ISO 9141-2 OBD response must be 5–${4 + ISO9141_OBD_MAX_DATA} bytes, got ${bytes.length}`,
			bytes
		);
	}
	if (
		bytes[0] !== Iso9141ObdHeader.responsePriority ||
		bytes[1] !== Iso9141ObdHeader.responseTarget
	) {
		throw new KLineFrameError(
			`ISO 9141-2 OBD response header must be 48 6B, got ${hex(bytes[0])} ${hex(bytes[1])}`,
			bytes
		);
	}
	const expected = kLineChecksum(bytes, bytes.length - 1);
	if (expected !== bytes[bytes.length - 1]) {
		throw new KLineChecksumError(expected, bytes[bytes.length - 1], bytes.slice());
	}
	return { source: bytes[2], data: bytes.slice(3, bytes.length - 1) };
}

function encode(priority: number, target: number, source: number, data: Uint8Array): Uint8Array {
	if (!(data instanceof Uint8Array) || data.length < 1 || data.length > ISO9141_OBD_MAX_DATA) {
		throw new RangeError(
			`ISO 9141-2 OBD data must be 1–${ISO9141_OBD_MAX_DATA} bytes, got ${data?.length}`
		);
	}
	const out = new Uint8Array(4 + data.length);
	out.set([priority, target, source]);
	out.set(data, 3);
	out[out.length - 1] = kLineChecksum(out, out.length - 1);
	return out;
}
