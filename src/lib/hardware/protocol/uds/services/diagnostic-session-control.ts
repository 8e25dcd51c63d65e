import { readUintBE } from '../bytes';
import { UdsProtocolError } from '../errors';
import { expectSubFunctionEcho } from '../response';
import { Sid } from '../sid';
import { subFunctionByte } from './sub-function';

export const SID = Sid.diagnosticSessionControl;

/** diagnosticSessionType, ISO 14229-1 0x40–0x7E are OEM/supplier sessions. */
export const DiagnosticSession = {
	default: 0x01,
	programming: 0x02,
	extendedDiagnostic: 0x03,
	safetySystemDiagnostic: 0x04
} as const;

export interface DiagnosticSessionControlRequest {
	session: number;
	suppressPositiveResponse?: boolean;
}

export interface DiagnosticSessionControlResponse {
	session: number;
	/** P2server_max in ms; absent when the ECU follows ISO 14229-1:2006, which made the record optional. */
	p2Ms?: number;
	/** P2*server_max in ms (sent in units of 10 ms). */
	p2StarMs?: number;
}

export function encodeRequest(request: DiagnosticSessionControlRequest): Uint8Array<ArrayBuffer> {
	const session = subFunctionByte('session', request.session, request.suppressPositiveResponse);
	if (request.session === 0) throw new RangeError('session 0x00 is ISO SAE reserved');
	return Uint8Array.of(SID, session);
}

/** `50 ss P2hi P2lo P2*hi P2*lo` (ISO 14229-1, sessionParameterRecord). */
export function decodeResponse(
	payload: Uint8Array,
	request: DiagnosticSessionControlRequest
): DiagnosticSessionControlResponse {
	expectSubFunctionEcho(payload, SID, request.session);
	const session = payload[1] & 0x7f;
	if (payload.length === 2) return { session };
	if (payload.length !== 6) {
		throw new UdsProtocolError(
			SID,
			`sessionParameterRecord must be 4 bytes, got ${payload.length - 2}`,
			payload
		);
	}
	return { session, p2Ms: readUintBE(payload, 2, 2), p2StarMs: readUintBE(payload, 4, 2) * 10 };
}
