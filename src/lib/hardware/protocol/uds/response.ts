import { NegativeResponseError, UdsProtocolError } from './errors';
import { hex, readUintBE } from './bytes';
import { NEGATIVE_RESPONSE_SID, POSITIVE_RESPONSE_OFFSET } from './sid';

/** `7F sid nrc` → its parts, or undefined for anything else (ISO 14229-1; protocols.md §7.3). */
export function parseNegativeResponse(
	payload: Uint8Array
): { sid: number; nrc: number } | undefined {
	if (payload.length < 3 || payload[0] !== NEGATIVE_RESPONSE_SID) return undefined;
	return { sid: payload[1], nrc: payload[2] };
}

/**
 * Checks that `payload` is a positive response to `sid` of at least `minLength` bytes (SID byte included).
 * A negative response to `sid` becomes {@link NegativeResponseError}; anything else {@link UdsProtocolError}.
 */
export function expectPositive(payload: Uint8Array, sid: number, minLength = 1): void {
	if (payload.length === 0) throw new UdsProtocolError(sid, 'empty response', payload);
	if (payload[0] === NEGATIVE_RESPONSE_SID) {
		const negative = parseNegativeResponse(payload);
		if (!negative) throw new UdsProtocolError(sid, 'truncated negative response', payload);
		if (negative.sid !== sid) {
			throw new UdsProtocolError(
				sid,
				`negative response echoes SID ${hex([negative.sid])}`,
				payload
			);
		}
		throw new NegativeResponseError(sid, negative.nrc);
	}
	if (payload[0] !== sid + POSITIVE_RESPONSE_OFFSET) {
		throw new UdsProtocolError(
			sid,
			`expected response SID ${hex([sid + POSITIVE_RESPONSE_OFFSET])}, got ${hex([payload[0]])}`,
			payload
		);
	}
	if (payload.length < minLength) {
		throw new UdsProtocolError(
			sid,
			`response too short: ${payload.length} bytes, need at least ${minLength}`,
			payload
		);
	}
}

/** The server echoes the sub-function without the suppress bit (ISO 14229-1, sub-function parameter definition). */
export function expectSubFunctionEcho(payload: Uint8Array, sid: number, subFunction: number): void {
	expectPositive(payload, sid, 2);
	if ((payload[1] & 0x7f) !== (subFunction & 0x7f)) {
		throw new UdsProtocolError(
			sid,
			`sub-function echo ${hex([payload[1]])} does not match request ${hex([subFunction & 0x7f])}`,
			payload
		);
	}
}

/** For services that echo a 16-bit identifier right after the SID (2E, 2F, 31 after its sub-function). */
export function expectIdentifierEcho(
	payload: Uint8Array,
	sid: number,
	offset: number,
	identifier: number
): void {
	expectPositive(payload, sid, offset + 2);
	const echoed = readUintBE(payload, offset, 2);
	if (echoed !== identifier) {
		throw new UdsProtocolError(
			sid,
			`identifier echo ${hex(payload.subarray(offset, offset + 2))} does not match request ${hex([identifier >> 8, identifier & 0xff])}`,
			payload
		);
	}
}
