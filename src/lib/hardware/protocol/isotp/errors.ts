/** Base of every ISO-TP failure, so callers can catch the layer as a whole. */
export class IsoTpError extends Error {
	override name = 'IsoTpError';
}

/**
 * Network-layer timers of ISO 15765-2:2016 §9.7, Table 22: N_As (our frame not confirmed sent), N_Bs (no flow
 * control after a first frame or block), N_Cr (no consecutive frame in time); `response` is the link's own wait for
 * the first frame of an answer, which belongs to the application protocol (OBD P2, UDS P2/P2*).
 */
export type IsoTpTimer = 'N_As' | 'N_Bs' | 'N_Cr' | 'response';

export class IsoTpTimeoutError extends IsoTpError {
	override name = 'IsoTpTimeoutError';
	readonly timer: IsoTpTimer;
	readonly timeoutUs: number;

	constructor(timer: IsoTpTimer, timeoutUs: number, options?: { cause?: unknown }) {
		super(`ISO-TP ${timer} timeout after ${Math.round(timeoutUs / 1000)} ms`, options);
		this.timer = timer;
		this.timeoutUs = timeoutUs;
	}
}

/** A consecutive frame arrived out of order, so the reception was aborted (N_WRONG_SN, §9.6.4.3). */
export class IsoTpSequenceError extends IsoTpError {
	override name = 'IsoTpSequenceError';
	readonly expected: number;
	readonly received: number;

	constructor(expected: number, received: number, options?: { cause?: unknown }) {
		super(`ISO-TP consecutive frame SN ${received}, expected ${expected}`, options);
		this.expected = expected;
		this.received = received;
	}
}

/**
 * A message longer than the receiver's buffer: either our receiver refused a first frame, or the peer answered our
 * first frame with FC OVFLW (N_BUFFER_OVFLW, §9.6.5.2).
 */
export class IsoTpOverflowError extends IsoTpError {
	override name = 'IsoTpOverflowError';
	readonly length: number;
	readonly maxLength: number | undefined;

	constructor(length: number, maxLength: number | undefined, options?: { cause?: unknown }) {
		super(
			maxLength === undefined
				? `ISO-TP peer refused a ${length}-byte message (flow control overflow)`
				: `ISO-TP message of ${length} bytes exceeds the ${maxLength}-byte receive buffer`,
			options
		);
		this.length = length;
		this.maxLength = maxLength;
	}
}

/**
 * A frame that breaks the protocol: malformed (short, bad PCI, impossible length), unexpected in the current state
 * (N_UNEXP_PDU), reserved flow status (N_INVALID_FS) or too many wait frames (N_WFT_OVRN) (§9.8, Table 23).
 */
export class IsoTpProtocolError extends IsoTpError {
	override name = 'IsoTpProtocolError';
	readonly frame: Uint8Array | undefined;

	constructor(message: string, frame?: Uint8Array, options?: { cause?: unknown }) {
		super(message, options);
		this.frame = frame;
	}
}
