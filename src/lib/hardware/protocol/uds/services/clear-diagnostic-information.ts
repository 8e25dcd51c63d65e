import { writeUintBE } from '../bytes';
import { expectPositive } from '../response';
import { Sid } from '../sid';

export const SID = Sid.clearDiagnosticInformation;

/** groupOfDTC 0xFFFFFF = all groups (ISO 14229-1 Annex D.1). */
export const ALL_DTC_GROUPS = 0xffffff;

export interface ClearDiagnosticInformationRequest {
	/** @default ALL_DTC_GROUPS */
	groupOfDtc?: number;
}

export function encodeRequest(
	request: ClearDiagnosticInformationRequest = {}
): Uint8Array<ArrayBuffer> {
	const group = writeUintBE(request.groupOfDtc ?? ALL_DTC_GROUPS, 3, 'groupOfDtc');
	return Uint8Array.of(SID, ...group);
}

/** The positive response is the bare `54` (ISO 14229-1; protocols.md §7.3). */
export function decodeResponse(payload: Uint8Array): void {
	expectPositive(payload, SID, 1);
}
