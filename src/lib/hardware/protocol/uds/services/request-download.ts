import { assertInt, readUintBE } from '../bytes';
import { UdsProtocolError } from '../errors';
import { encodeMemoryLocation, type MemoryLocation } from '../memory-location';
import { expectPositive } from '../response';
import { Sid } from '../sid';

export const SID = Sid.requestDownload;

export interface RequestDownloadRequest extends MemoryLocation {
	/** dataFormatIdentifier: compressionMethod << 4 | encryptingMethod; 0x00 = plain. @default 0x00 */
	dataFormatIdentifier?: number;
}

export interface RequestDownloadResponse {
	/**
	 * Largest TransferData request the ECU accepts, SID and block sequence counter included
	 * (ISO 14229-1; protocols.md §7.3), so each block carries `maxNumberOfBlockLength - 2` data bytes.
	 */
	maxNumberOfBlockLength: number;
}

export function encodeRequest(request: RequestDownloadRequest): Uint8Array<ArrayBuffer> {
	const dfi = request.dataFormatIdentifier ?? 0x00;
	assertInt('dataFormatIdentifier', dfi, 0x00, 0xff);
	assertInt('size', request.size, 1, Number.MAX_SAFE_INTEGER);
	return Uint8Array.of(SID, dfi, ...encodeMemoryLocation(request));
}

/** `74 LFI maxNumberOfBlockLength…`: LFI high nibble = byte count of the length, low nibble reserved. */
export function decodeResponse(payload: Uint8Array): RequestDownloadResponse {
	expectPositive(payload, SID, 2);
	const lengthBytes = payload[1] >> 4;
	if (lengthBytes < 1 || lengthBytes > 6) {
		throw new UdsProtocolError(
			SID,
			`lengthFormatIdentifier ${lengthBytes} bytes is unsupported`,
			payload
		);
	}
	if (payload.length !== 2 + lengthBytes) {
		throw new UdsProtocolError(
			SID,
			`expected ${lengthBytes} bytes of maxNumberOfBlockLength, got ${payload.length - 2}`,
			payload
		);
	}
	const maxNumberOfBlockLength = readUintBE(payload, 2, lengthBytes);
	if (maxNumberOfBlockLength < 3) {
		throw new UdsProtocolError(
			SID,
			`maxNumberOfBlockLength ${maxNumberOfBlockLength} leaves no room for data`,
			payload
		);
	}
	return { maxNumberOfBlockLength };
}
