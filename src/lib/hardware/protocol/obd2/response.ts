import { decodeDtcList, type DtcFraming } from './dtc';
import {
	ObdNegativeResponseError,
	ObdPidMismatchError,
	ObdServiceMismatchError,
	ObdShortPayloadError
} from './errors';
import { decodePid, type PidValue } from './pid-decode';
import { requirePidDefinition } from './pid-table';
import { NEGATIVE_RESPONSE_SID, ObdService, POSITIVE_RESPONSE_OFFSET } from './services';

/**
 * Checks a response payload (the ISO-TP message, SID first) against the request's service and returns the
 * bytes after the SID. `7F sid nrc` becomes ObdNegativeResponseError.
 */
export function expectPositiveResponse(payload: Uint8Array, sid: number): Uint8Array {
	if (payload.length < 1) throw new ObdShortPayloadError(1, 0, 'response');
	if (payload[0] === NEGATIVE_RESPONSE_SID) {
		if (payload.length < 3) throw new ObdShortPayloadError(3, payload.length, 'negative response');
		if (payload[1] !== sid) throw new ObdServiceMismatchError(sid, payload[1]);
		throw new ObdNegativeResponseError(payload[1], payload[2]);
	}
	const expected = sid + POSITIVE_RESPONSE_OFFSET;
	if (payload[0] !== expected) throw new ObdServiceMismatchError(expected, payload[0]);
	return payload.subarray(1);
}

/**
 * Service 01 response with one or more `PID data…` records, in the order the ECU chose. Each record's
 * length comes from the PID table, so every PID in it must have a known length; a PID that was not asked
 * for is an echo mismatch.
 */
export function decodeCurrentDataResponse(
	payload: Uint8Array,
	requested?: readonly number[]
): PidValue[] {
	const body = expectPositiveResponse(payload, ObdService.currentData);
	if (body.length < 1) throw new ObdShortPayloadError(2, payload.length, 'service 01 response');
	const values: PidValue[] = [];
	let at = 0;
	while (at < body.length) {
		const pid = body[at];
		if (requested && !requested.includes(pid)) {
			throw new ObdPidMismatchError(requested[values.length] ?? requested[0], pid);
		}
		const length = requirePidDefinition(pid).bytes ?? body.length - at - 1;
		const data = body.subarray(at + 1, at + 1 + length);
		values.push(decodePid(pid, data));
		at += 1 + length;
	}
	return values;
}

/** Service 02 response `42 PID frame data…` for one PID. */
export function decodeFreezeFrameResponse(
	payload: Uint8Array,
	pid: number,
	frame = 0
): PidValue & { frame: number } {
	const body = expectPositiveResponse(payload, ObdService.freezeFrameData);
	if (body.length < 2) throw new ObdShortPayloadError(3, payload.length, 'service 02 response');
	if (body[0] !== pid) throw new ObdPidMismatchError(pid, body[0]);
	if (body[1] !== frame) throw new ObdPidMismatchError(frame, body[1]);
	return { ...decodePid(pid, body.subarray(2)), frame };
}

const DTC_SERVICES = [ObdService.storedDtcs, ObdService.pendingDtcs, ObdService.permanentDtcs];

/** Services 03 / 07 / 0A: `43 [count] DTC…` → codes such as "P0133". */
export function decodeDtcResponse(
	payload: Uint8Array,
	service: 0x03 | 0x07 | 0x0a,
	framing: DtcFraming = 'can'
): string[] {
	if (!DTC_SERVICES.includes(service)) throw new ObdServiceMismatchError(0x03, service);
	return decodeDtcList(expectPositiveResponse(payload, service), framing);
}

/** Service 04 answers a bare `44`; anything else is an error. */
export function decodeClearDtcsResponse(payload: Uint8Array): void {
	expectPositiveResponse(payload, ObdService.clearDtcs);
}

/** Service 09: checks the InfoType echo and returns the bytes after it (count byte first on CAN). */
export function expectVehicleInfo(payload: Uint8Array, infoType: number): Uint8Array {
	const body = expectPositiveResponse(payload, ObdService.vehicleInformation);
	if (body.length < 1) throw new ObdShortPayloadError(2, payload.length, 'service 09 response');
	if (body[0] !== infoType) throw new ObdPidMismatchError(infoType, body[0]);
	return body.subarray(1);
}
