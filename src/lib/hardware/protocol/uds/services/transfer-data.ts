import { assertInt, concatBytes, hex } from '../bytes';
import { UdsProtocolError } from '../errors';
import { expectPositive } from '../response';
import { Sid } from '../sid';

export const SID = Sid.transferData;

/** The first TransferData after RequestDownload carries counter 0x01 (ISO 14229-1; protocols.md §7.3). */
export const FIRST_BLOCK_SEQUENCE_COUNTER = 0x01;

/** The counter wraps 0xFF → 0x00, not back to 0x01 (ISO 14229-1; protocols.md §7.3). */
export function nextBlockSequenceCounter(counter: number): number {
	return (counter + 1) & 0xff;
}

export interface TransferDataRequest {
	blockSequenceCounter: number;
	data: Uint8Array;
}

export interface TransferDataResponse {
	blockSequenceCounter: number;
	/** transferResponseParameterRecord, OEM-defined (often empty, sometimes a checksum). */
	parameterRecord: Uint8Array;
}

export function encodeRequest(request: TransferDataRequest): Uint8Array<ArrayBuffer> {
	assertInt('blockSequenceCounter', request.blockSequenceCounter, 0x00, 0xff);
	return concatBytes([SID, request.blockSequenceCounter], request.data);
}

/** `76 BSC parameterRecord…`; the counter must echo the request. */
export function decodeResponse(
	payload: Uint8Array,
	request: TransferDataRequest
): TransferDataResponse {
	expectPositive(payload, SID, 2);
	if (payload[1] !== request.blockSequenceCounter) {
		throw new UdsProtocolError(
			SID,
			`block sequence counter echo ${hex([payload[1]])} does not match request ${hex([request.blockSequenceCounter])}`,
			payload
		);
	}
	return { blockSequenceCounter: payload[1], parameterRecord: payload.slice(2) };
}
