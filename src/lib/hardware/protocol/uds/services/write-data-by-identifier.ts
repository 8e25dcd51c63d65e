import { concatBytes, writeUintBE } from '../bytes';
import { expectIdentifierEcho } from '../response';
import { Sid } from '../sid';

export const SID = Sid.writeDataByIdentifier;

export interface WriteDataByIdentifierRequest {
	did: number;
	data: Uint8Array;
}

export function encodeRequest(request: WriteDataByIdentifierRequest): Uint8Array<ArrayBuffer> {
	if (request.data.length === 0) throw new RangeError('dataRecord must hold at least one byte');
	return concatBytes([SID], writeUintBE(request.did, 2, 'DID'), request.data);
}

/** `6E DIDhi DIDlo` (ISO 14229-1; protocols.md §7.3). */
export function decodeResponse(payload: Uint8Array, request: WriteDataByIdentifierRequest): void {
	expectIdentifierEcho(payload, SID, 1, request.did);
}
