import { ObdFormatError, ObdShortPayloadError } from './errors';

/** SAE J2012 systems, from the top two bits of the first byte. */
const LETTERS = ['P', 'C', 'B', 'U'] as const;
export type DtcSystem = (typeof LETTERS)[number];

const DTC_PATTERN = /^([PCBU])([0-3])([0-9A-F]{3})$/;

/** Two bytes → "P0133" (SAE J2012 / J1979 service 03, protocols.md §7.2: letter A7–6, digit A5–4, then three hex nibbles). */
export function decodeDtc(a: number, b: number): string {
	const letter = LETTERS[(a >> 6) & 3];
	const digits = (((a & 0x3f) << 8) | (b & 0xff)).toString(16).toUpperCase().padStart(4, '0');
	return letter + digits;
}

export function encodeDtc(code: string): Uint8Array {
	const match = DTC_PATTERN.exec(code.toUpperCase());
	if (!match)
		throw new ObdFormatError(`"${code}" is not a DTC like P0133 (letter PCBU, 0–3, 3 hex digits)`);
	const letter = LETTERS.indexOf(match[1] as DtcSystem);
	const value = (letter << 14) | (Number(match[2]) << 12) | parseInt(match[3], 16);
	return Uint8Array.of(value >> 8, value & 0xff);
}

export type DtcFraming = 'can' | 'legacy';

/**
 * The DTC list of a 43/47/4A response, `body` being the bytes after the SID. On CAN (ISO 15765-4) the first
 * byte counts the DTCs that follow; legacy K-line/J1850 sends no count, three DTCs per message, padded with
 * 00 00, so zero pairs are dropped there (P0000 is not a real code). Concatenate legacy messages' bodies first.
 */
export function decodeDtcList(body: Uint8Array, framing: DtcFraming = 'can'): string[] {
	let bytes = body;
	if (framing === 'can') {
		if (body.length < 1) throw new ObdShortPayloadError(1, 0, 'DTC count byte');
		const count = body[0];
		const need = 1 + 2 * count;
		if (body.length < need) throw new ObdShortPayloadError(need, body.length, `${count} DTCs`);
		bytes = body.subarray(1, need);
	} else if (body.length % 2 !== 0) {
		throw new ObdFormatError(`legacy DTC list has an odd length of ${body.length} bytes`);
	}
	const codes: string[] = [];
	for (let i = 0; i + 1 < bytes.length; i += 2) {
		if (framing === 'legacy' && bytes[i] === 0 && bytes[i + 1] === 0) continue;
		codes.push(decodeDtc(bytes[i], bytes[i + 1]));
	}
	return codes;
}

/** Builds the CAN-framed list body (count byte + pairs), as an ECU sends it. */
export function encodeDtcList(codes: readonly string[]): Uint8Array {
	if (codes.length > 0xff)
		throw new ObdFormatError(`at most 255 DTCs fit a count byte, got ${codes.length}`);
	const out = new Uint8Array(1 + 2 * codes.length);
	out[0] = codes.length;
	codes.forEach((code, i) => out.set(encodeDtc(code), 1 + 2 * i));
	return out;
}
