import { assertInt } from '../bytes';
import { UdsProtocolError } from '../errors';
import { encodeMemoryLocation, type MemoryLocation } from '../memory-location';
import { expectPositive } from '../response';
import { Sid } from '../sid';

export const SID = Sid.readMemoryByAddress;

export type ReadMemoryByAddressRequest = MemoryLocation;

export function encodeRequest(request: ReadMemoryByAddressRequest): Uint8Array<ArrayBuffer> {
	assertInt('size', request.size, 1, Number.MAX_SAFE_INTEGER);
	return Uint8Array.of(SID, ...encodeMemoryLocation(request));
}

/** `63 dataRecord…`; the ECU returns exactly memorySize bytes (ISO 14229-1 ReadMemoryByAddress positive response). */
export function decodeResponse(
	payload: Uint8Array,
	request: ReadMemoryByAddressRequest
): Uint8Array {
	expectPositive(payload, SID, 1);
	if (payload.length - 1 !== request.size) {
		throw new UdsProtocolError(
			SID,
			`asked for ${request.size} bytes, got ${payload.length - 1}`,
			payload
		);
	}
	return payload.slice(1);
}
