import { UdsProtocolError } from '../errors';
import { expectSubFunctionEcho } from '../response';
import { Sid } from '../sid';
import { subFunctionByte } from './sub-function';

export const SID = Sid.ecuReset;

/** resetType, ISO 14229-1 */
export const ResetType = {
	hardReset: 0x01,
	keyOffOnReset: 0x02,
	softReset: 0x03,
	enableRapidPowerShutDown: 0x04,
	disableRapidPowerShutDown: 0x05
} as const;

export interface EcuResetRequest {
	resetType: number;
	suppressPositiveResponse?: boolean;
}

export interface EcuResetResponse {
	resetType: number;
	/** Seconds until power down, only for enableRapidPowerShutDown; 0xFF means failure or time unavailable. */
	powerDownTimeS?: number;
}

export function encodeRequest(request: EcuResetRequest): Uint8Array<ArrayBuffer> {
	const resetType = subFunctionByte(
		'resetType',
		request.resetType,
		request.suppressPositiveResponse
	);
	if (request.resetType === 0) throw new RangeError('resetType 0x00 is ISO SAE reserved');
	return Uint8Array.of(SID, resetType);
}

export function decodeResponse(payload: Uint8Array, request: EcuResetRequest): EcuResetResponse {
	expectSubFunctionEcho(payload, SID, request.resetType);
	const resetType = payload[1] & 0x7f;
	if (resetType !== ResetType.enableRapidPowerShutDown) return { resetType };
	if (payload.length < 3) throw new UdsProtocolError(SID, 'missing powerDownTime', payload);
	return { resetType, powerDownTimeS: payload[2] };
}
