import { nrcName } from './nrc';
import { hex } from './bytes';

/** Base of every UDS-layer failure, so callers can catch the layer as a whole. */
export class UdsError extends Error {
	override name = 'UdsError';
}

/** The ECU answered `7F sid nrc` (ISO 14229-1; protocols.md §7.3). */
export class NegativeResponseError extends UdsError {
	override name = 'NegativeResponseError';
	readonly sid: number;
	readonly nrc: number;
	readonly nrcName: string;

	constructor(sid: number, nrc: number, options?: { cause?: unknown }) {
		const name = nrcName(nrc);
		super(`service ${hex([sid])} refused: ${name} (NRC ${hex([nrc])})`, options);
		this.sid = sid;
		this.nrc = nrc;
		this.nrcName = name;
	}
}

/** No (final) response within P2, or within P2* after a responsePending (ISO 14229-2 timing). */
export class UdsTimeoutError extends UdsError {
	override name = 'UdsTimeoutError';
	readonly sid: number;
	readonly timeoutMs: number;
	/** How many `7F sid 78` arrived before the client gave up. */
	readonly pendingResponses: number;

	constructor(
		sid: number,
		timeoutMs: number,
		pendingResponses: number,
		options?: { cause?: unknown; message?: string }
	) {
		super(
			options?.message ??
				`no response to service ${hex([sid])} within ${timeoutMs} ms` +
					(pendingResponses > 0 ? ` after ${pendingResponses} responsePending` : ''),
			options
		);
		this.sid = sid;
		this.timeoutMs = timeoutMs;
		this.pendingResponses = pendingResponses;
	}
}

/** A response that does not fit the service: wrong SID echo, too short, wrong sub-function or identifier echo. */
export class UdsProtocolError extends UdsError {
	override name = 'UdsProtocolError';
	readonly sid: number;
	readonly response: Uint8Array;

	constructor(sid: number, message: string, response: Uint8Array, options?: { cause?: unknown }) {
		super(`service ${hex([sid])}: ${message} (response: ${hex(response) || 'empty'})`, options);
		this.sid = sid;
		this.response = response;
	}
}

/** A response the client cannot split without knowing more, e.g. a DID whose data length is not configured. */
export class UdsConfigError extends UdsError {
	override name = 'UdsConfigError';
}
