import { expectPositive } from '../response';
import { Sid } from '../sid';

export const SID = Sid.requestTransferExit;

export interface RequestTransferExitRequest {
	/** transferRequestParameterRecord, OEM-defined (e.g. a CRC of the downloaded image). */
	parameterRecord?: Uint8Array;
}

export function encodeRequest(request: RequestTransferExitRequest = {}): Uint8Array<ArrayBuffer> {
	return Uint8Array.of(SID, ...(request.parameterRecord ?? []));
}

/** `77 transferResponseParameterRecord…` (ISO 14229-1; protocols.md §7.3). */
export function decodeResponse(payload: Uint8Array): Uint8Array {
	expectPositive(payload, SID, 1);
	return payload.slice(1);
}
