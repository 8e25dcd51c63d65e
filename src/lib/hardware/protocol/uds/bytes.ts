/** `22 F1 90`: the spacing used by transcripts and error messages. */
export function hex(bytes: ArrayLike<number>): string {
	return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

export function fromHex(text: string): Uint8Array<ArrayBuffer> {
	const digits = text.replace(/\s+/g, '');
	if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) {
		throw new SyntaxError(`not an even string of hex digits: "${text}"`);
	}
	const out = new Uint8Array(digits.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
	return out;
}

export function concatBytes(...parts: ArrayLike<number>[]): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}

/** Unsigned big-endian read of up to 6 bytes (beyond that a JS number loses integers). */
export function readUintBE(bytes: Uint8Array, offset: number, length: number): number {
	let value = 0;
	for (let i = 0; i < length; i++) value = value * 256 + bytes[offset + i];
	return value;
}

/** Unsigned big-endian write; throws RangeError when `value` does not fit `length` bytes. */
export function writeUintBE(value: number, length: number, what: string): Uint8Array<ArrayBuffer> {
	if (!Number.isSafeInteger(value) || value < 0 || value >= 256 ** length) {
		throw new RangeError(`${what} must be an integer in 0..${256 ** length - 1}, got ${value}`);
	}
	const out = new Uint8Array(length);
	for (let i = length - 1, v = value; i >= 0; i--, v = Math.floor(v / 256)) out[i] = v % 256;
	return out;
}

export function assertInt(what: string, value: number, min: number, max: number): void {
	if (!Number.isInteger(value) || value < min || value > max) {
		throw new RangeError(`${what} must be an integer in ${min}..${max}, got ${value}`);
	}
}

/** Smallest number of bytes (at least 1) that holds `value`. */
export function byteWidth(value: number): number {
	let n = 1;
	while (value >= 256 ** n) n++;
	return n;
}
