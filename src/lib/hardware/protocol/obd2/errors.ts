/** Base of every OBD-II decode/encode failure, so callers can catch the family at once. */
export class ObdError extends Error {
	override name = 'ObdError';
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
	}
}

/** The ECU answered `7F <sid> <nrc>` (the ISO 14229-1 negative-response format, which OBD reuses). */
export class ObdNegativeResponseError extends ObdError {
	override name = 'ObdNegativeResponseError';
	constructor(
		readonly sid: number,
		readonly nrc: number,
		options?: { cause?: unknown }
	) {
		super(`negative response to service ${hex(sid)}: NRC ${hex(nrc)}`, options);
	}
}

/** The response's first byte is not the request's service + 0x40. */
export class ObdServiceMismatchError extends ObdError {
	override name = 'ObdServiceMismatchError';
	constructor(
		readonly expectedSid: number,
		readonly actualSid: number,
		options?: { cause?: unknown }
	) {
		super(`expected response ${hex(expectedSid)}, got ${hex(actualSid)}`, options);
	}
}

/** The response echoes a different PID (or InfoType, or freeze-frame number) than was asked for. */
export class ObdPidMismatchError extends ObdError {
	override name = 'ObdPidMismatchError';
	constructor(
		readonly expectedPid: number,
		readonly actualPid: number,
		options?: { cause?: unknown }
	) {
		super(`expected PID ${hex(expectedPid)}, got ${hex(actualPid)}`, options);
	}
}

/** The payload ends before the bytes its PID or count byte promises. */
export class ObdShortPayloadError extends ObdError {
	override name = 'ObdShortPayloadError';
	constructor(
		readonly expected: number,
		readonly actual: number,
		what: string,
		options?: { cause?: unknown }
	) {
		super(`${what}: need ${expected} bytes, got ${actual}`, options);
	}
}

/** Input that is well-sized but not valid (bad DTC text, non-VIN characters, unknown PID, out-of-range argument). */
export class ObdFormatError extends ObdError {
	override name = 'ObdFormatError';
}

export function hex(byte: number): string {
	return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}
