/** ASCII command encoding for ELM327/STN (protocols.md §1.1: commands end with CR, spaces are ignored). */

const CR = 0x0d;

export function encodeCommand(command: string): Uint8Array {
	if (/[\r\n>]/.test(command))
		throw new TypeError(`ELM command must be one line: ${JSON.stringify(command)}`);
	const out = new Uint8Array(command.length + 1);
	for (let i = 0; i < command.length; i++) {
		const c = command.charCodeAt(i);
		if (c < 0x20 || c > 0x7e) throw new TypeError(`ELM command has a non-printable character`);
		out[i] = c;
	}
	out[command.length] = CR;
	return out;
}

/** Canonical form for comparing a command with its echo: upper case, no spaces (the ELM ignores them). */
export function normalizeCommand(command: string): string {
	return command.replace(/ /g, '').toUpperCase();
}

export function hex(value: number, digits: number): string {
	return value.toString(16).toUpperCase().padStart(digits, '0');
}

/**
 * An OBD request line: service bytes in hex, plus the optional single-digit expected-response count that
 * lets the ELM return without waiting out ATST (protocols.md §1.2 "Requests").
 */
export function formatRequest(bytes: Uint8Array, expectedResponses?: number): string {
	if (bytes.length < 1 || bytes.length > 7) {
		throw new RangeError(
			`an ELM request carries 1–7 bytes in one single frame, got ${bytes.length}`
		);
	}
	let s = '';
	for (const b of bytes) s += hex(b, 2);
	if (expectedResponses === undefined) return s;
	if (!Number.isInteger(expectedResponses) || expectedResponses < 1 || expectedResponses > 15) {
		throw new RangeError(`expected response count must be 1–15, got ${expectedResponses}`);
	}
	return s + hex(expectedResponses, 1);
}

/** `ATBRD hh`: the ELM's rate is 4000 kbps / hh (ELM327DSJ p.13), so the divisor for `baudRate`. */
export function baudRateDivisor(baudRate: number): number {
	const divisor = Math.round(4_000_000 / baudRate);
	if (divisor < 1 || divisor > 0xff) throw new RangeError(`${baudRate} baud has no ATBRD divisor`);
	const actual = 4_000_000 / divisor;
	if (Math.abs(actual - baudRate) / baudRate > 0.03) {
		throw new RangeError(`${baudRate} baud is not within 3 % of 4000k/${divisor}`);
	}
	return divisor;
}

/** `ATCF`/`ATCM`/`ATCRA` take 3 hex digits for 11-bit ids and 8 for 29-bit ones. */
export function formatCanId(id: number, extended: boolean): string {
	const max = extended ? 0x1fffffff : 0x7ff;
	if (!Number.isInteger(id) || id < 0 || id > max)
		throw new RangeError(`CAN id ${id} out of range`);
	return hex(id, extended ? 8 : 3);
}
