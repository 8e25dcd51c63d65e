import { MalformedTransferError } from '../../errors';

export const ELM_ADAPTER = 'elm327';

/** One data line of an ELM answer: the CAN header if headers are on, and the bytes after it. */
export interface ElmDataLine {
	/** CAN id, or null with ATH0. */
	header: number | null;
	extended: boolean;
	bytes: Uint8Array;
}

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
	HEX_VALUE[0x41 + i] = 10 + i;
	HEX_VALUE[0x61 + i] = 10 + i;
}

/** Value of a hex digit's char code, or -1. */
export function hexDigit(code: number): number {
	return code < 128 ? HEX_VALUE[code] : -1;
}

function malformed(line: string, why: string): MalformedTransferError {
	return new MalformedTransferError(`ELM line ${JSON.stringify(line)}: ${why}`, ELM_ADAPTER);
}

/** Hex digits of a line with the spaces taken out; throws on anything else. */
export function compactHex(line: string): string {
	const s = line.replace(/ /g, '');
	for (let i = 0; i < s.length; i++) {
		if (hexDigit(s.charCodeAt(i)) < 0) throw malformed(line, `non-hex character at ${i}`);
	}
	return s;
}

export function hexToBytes(digits: string, line = digits): Uint8Array {
	if (digits.length % 2) throw malformed(line, 'odd number of hex digits');
	const out = new Uint8Array(digits.length / 2);
	for (let i = 0; i < out.length; i++) {
		out[i] = (hexDigit(digits.charCodeAt(2 * i)) << 4) | hexDigit(digits.charCodeAt(2 * i + 1));
	}
	return out;
}

/**
 * Parses a data line in any ATS/ATH combination. With headers the id width follows from the digit count:
 * an 11-bit header is 3 digits, so the line has an odd number of digits; a 29-bit one is 8, so even
 * (`7E8 06 41 0C 1A F8`, `7E806410C1AF8`, `18 DA F1 10 06 41 …`). That holds with spaces off too.
 */
export function parseDataLine(line: string, headers: boolean): ElmDataLine {
	const digits = compactHex(line.trim());
	if (digits.length === 0) throw malformed(line, 'no data');
	if (!headers) return { header: null, extended: false, bytes: hexToBytes(digits, line) };
	const extended = digits.length % 2 === 0;
	const idDigits = extended ? 8 : 3;
	if (digits.length <= idDigits) throw malformed(line, 'header without data');
	const header = parseInt(digits.slice(0, idDigits), 16);
	if (extended && header > 0x1fffffff) throw malformed(line, '29-bit header out of range');
	return { header, extended, bytes: hexToBytes(digits.slice(idDigits), line) };
}
