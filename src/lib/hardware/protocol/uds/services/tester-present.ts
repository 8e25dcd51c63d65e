import { UdsProtocolError } from '../errors';
import { expectSubFunctionEcho } from '../response';
import { Sid } from '../sid';
import { subFunctionByte } from './sub-function';

export const SID = Sid.testerPresent;

export interface TesterPresentRequest {
	/** `3E 80`: keep the session alive without a reply, the usual periodic form. */
	suppressPositiveResponse?: boolean;
}

/** zeroSubFunction is the only defined value (ISO 14229-1; protocols.md §7.3). */
export function encodeRequest(request: TesterPresentRequest = {}): Uint8Array<ArrayBuffer> {
	return Uint8Array.of(
		SID,
		subFunctionByte('zeroSubFunction', 0, request.suppressPositiveResponse)
	);
}

/** `7E 00`. */
export function decodeResponse(payload: Uint8Array): void {
	expectSubFunctionEcho(payload, SID, 0);
	if (payload.length !== 2) throw new UdsProtocolError(SID, 'expected exactly 2 bytes', payload);
}
