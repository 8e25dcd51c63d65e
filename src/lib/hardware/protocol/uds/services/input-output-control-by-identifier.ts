import { assertInt, writeUintBE } from '../bytes';
import { UdsProtocolError } from '../errors';
import { expectIdentifierEcho } from '../response';
import { Sid } from '../sid';

export const SID = Sid.inputOutputControlByIdentifier;

/** inputOutputControlParameter, ISO 14229-1 Annex E.1. */
export const IoControlParameter = {
	returnControlToEcu: 0x00,
	resetToDefault: 0x01,
	freezeCurrentState: 0x02,
	shortTermAdjustment: 0x03
} as const;

export interface InputOutputControlRequest {
	did: number;
	controlParameter: number;
	/** controlState bytes, used with shortTermAdjustment. */
	controlState?: Uint8Array;
	/** controlEnableMaskRecord, for DIDs that pack several signals. */
	controlEnableMask?: Uint8Array;
}

export interface InputOutputControlResponse {
	did: number;
	controlParameter: number;
	controlState: Uint8Array;
}

export function encodeRequest(request: InputOutputControlRequest): Uint8Array<ArrayBuffer> {
	assertInt('controlParameter', request.controlParameter, 0x00, 0x03);
	return Uint8Array.of(
		SID,
		...writeUintBE(request.did, 2, 'DID'),
		request.controlParameter,
		...(request.controlState ?? []),
		...(request.controlEnableMask ?? [])
	);
}

/** `6F DIDhi DIDlo controlParameter controlState…` (ISO 14229-1; protocols.md §7.3). */
export function decodeResponse(
	payload: Uint8Array,
	request: InputOutputControlRequest
): InputOutputControlResponse {
	expectIdentifierEcho(payload, SID, 1, request.did);
	if (payload.length < 4 || payload[3] !== request.controlParameter) {
		throw new UdsProtocolError(SID, 'controlParameter echo does not match the request', payload);
	}
	return {
		did: request.did,
		controlParameter: payload[3],
		controlState: payload.slice(4)
	};
}
