/** Base of every K-line (ISO 9141-2 / ISO 14230-2) codec failure. */
export class KLineError extends Error {
	override name = 'KLineError';
}

/** A message whose length does not match its header, or a header this codec cannot represent. */
export class KLineFrameError extends KLineError {
	override name = 'KLineFrameError';
	readonly frame: Uint8Array | undefined;

	constructor(message: string, frame?: Uint8Array, options?: { cause?: unknown }) {
		super(message, options);
		this.frame = frame;
	}
}

/** The last byte is not the 8-bit sum of the others (ISO 14230-2 §4.4, ISO 9141-2 §6.3). */
export class KLineChecksumError extends KLineError {
	override name = 'KLineChecksumError';
	readonly expected: number;
	readonly received: number;
	readonly frame: Uint8Array;

	constructor(expected: number, received: number, frame: Uint8Array) {
		super(
			`K-line checksum 0x${hex(received)} should be 0x${hex(expected)} in ${Array.from(frame, hex).join(' ')}`
		);
		this.expected = expected;
		this.received = received;
		this.frame = frame;
	}
}

/** Key bytes from an ECU's 5-baud or fast init answer that no known protocol uses. */
export class KLineKeyBytesError extends KLineError {
	override name = 'KLineKeyBytesError';
}

export function hex(byte: number): string {
	return byte.toString(16).toUpperCase().padStart(2, '0');
}

/** The ECU answered `7F sid nrc` (ISO 14230-3 negative response). */
export class KLineNegativeResponseError extends KLineError {
	override name = 'KLineNegativeResponseError';
	readonly sid: number;
	readonly nrc: number;

	constructor(sid: number, nrc: number) {
		super(`ECU refused service 0x${hex(sid)} with NRC 0x${hex(nrc)}`);
		this.sid = sid;
		this.nrc = nrc;
	}
}
