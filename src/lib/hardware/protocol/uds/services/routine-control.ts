import { writeUintBE } from '../bytes';
import { expectIdentifierEcho, expectSubFunctionEcho } from '../response';
import { Sid } from '../sid';
import { subFunctionByte } from './sub-function';

export const SID = Sid.routineControl;

/** routineControlType, ISO 14229-1 */
export const RoutineControlType = {
	startRoutine: 0x01,
	stopRoutine: 0x02,
	requestRoutineResults: 0x03
} as const;

/** A few routine identifiers from ISO 14229-1 Annex F.1 (0xFF00 eraseMemory, 0xFF01 checkProgrammingDependencies). */
export const RoutineId = { eraseMemory: 0xff00, checkProgrammingDependencies: 0xff01 } as const;

export interface RoutineControlRequest {
	controlType: number;
	routineId: number;
	/** routineControlOptionRecord. */
	data?: Uint8Array;
	suppressPositiveResponse?: boolean;
}

export interface RoutineControlResponse {
	controlType: number;
	routineId: number;
	/** routineInfo + routineStatusRecord, OEM-defined. */
	statusRecord: Uint8Array;
}

export function encodeRequest(request: RoutineControlRequest): Uint8Array<ArrayBuffer> {
	if (![1, 2, 3].includes(request.controlType)) {
		throw new RangeError(`routineControlType must be 1, 2 or 3, got ${request.controlType}`);
	}
	return Uint8Array.of(
		SID,
		subFunctionByte('controlType', request.controlType, request.suppressPositiveResponse),
		...writeUintBE(request.routineId, 2, 'routineId'),
		...(request.data ?? [])
	);
}

/** `71 type RIDhi RIDlo statusRecord…` (ISO 14229-1; protocols.md §7.3). */
export function decodeResponse(
	payload: Uint8Array,
	request: RoutineControlRequest
): RoutineControlResponse {
	expectSubFunctionEcho(payload, SID, request.controlType);
	expectIdentifierEcho(payload, SID, 2, request.routineId);
	return {
		controlType: payload[1] & 0x7f,
		routineId: request.routineId,
		statusRecord: payload.slice(4)
	};
}
