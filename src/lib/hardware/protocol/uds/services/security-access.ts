import { expectSubFunctionEcho } from '../response';
import { Sid } from '../sid';
import { subFunctionByte } from './sub-function';

export const SID = Sid.securityAccess;

/**
 * A security level is named by its odd requestSeed sub-function (0x01, 0x03, … 0x7D); sendKey is level + 1
 * (ISO 14229-1; protocols.md §7.3). 0x7F is ISO reserved, so 0x7D is the last usable level.
 */
function assertLevel(level: number): void {
	if (!Number.isInteger(level) || level < 0x01 || level > 0x7d || level % 2 === 0) {
		throw new RangeError(
			`security level must be an odd requestSeed value 0x01..0x7D, got ${level}`
		);
	}
}

export interface RequestSeedRequest {
	level: number;
	/** securityAccessDataRecord: optional OEM data sent with requestSeed. */
	dataRecord?: Uint8Array;
}

export interface SendKeyRequest {
	level: number;
	key: Uint8Array;
}

export function encodeRequestSeed(request: RequestSeedRequest): Uint8Array<ArrayBuffer> {
	assertLevel(request.level);
	return Uint8Array.of(SID, subFunctionByte('level', request.level), ...(request.dataRecord ?? []));
}

export function encodeSendKey(request: SendKeyRequest): Uint8Array<ArrayBuffer> {
	assertLevel(request.level);
	if (request.key.length === 0) throw new RangeError('the security key is empty');
	return Uint8Array.of(SID, request.level + 1, ...request.key);
}

/** `67 level seed…`. An all-zero seed means this level is already unlocked (ISO 14229-1 SecurityAccess, requestSeed). */
export function decodeRequestSeedResponse(
	payload: Uint8Array,
	request: Pick<RequestSeedRequest, 'level'>
): { seed: Uint8Array; alreadyUnlocked: boolean } {
	expectSubFunctionEcho(payload, SID, request.level);
	const seed = payload.slice(2);
	return { seed, alreadyUnlocked: seed.length > 0 && seed.every((b) => b === 0) };
}

/** `67 level+1`. */
export function decodeSendKeyResponse(
	payload: Uint8Array,
	request: Pick<SendKeyRequest, 'level'>
): void {
	expectSubFunctionEcho(payload, SID, request.level + 1);
}
