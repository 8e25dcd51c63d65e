import { assertInt, hex, readUintBE, writeUintBE } from '../bytes';
import { lookupLength, type IdLengths } from '../did-lengths';
import { decodeDtcStatus, type DtcRecord } from '../dtc';
import { UdsConfigError, UdsProtocolError } from '../errors';
import { expectSubFunctionEcho } from '../response';
import { Sid } from '../sid';
import { subFunctionByte } from './sub-function';

export const SID = Sid.readDtcInformation;

/** reportType sub-functions implemented here (ISO 14229-1 ReadDTCInformation). */
export const DtcReportType = {
	reportNumberOfDtcByStatusMask: 0x01,
	reportDtcByStatusMask: 0x02,
	reportDtcSnapshotRecordByDtcNumber: 0x04,
	reportDtcExtDataRecordByDtcNumber: 0x06,
	reportSupportedDtc: 0x0a
} as const;

/** Record numbers 0xFF (snapshot, ext. data) and 0xFE (ext. data: all OBD records) ask for several records. */
export const ALL_RECORDS = 0xff;

export type ReadDtcInformationRequest =
	| { subFunction: 0x01 | 0x02; statusMask: number }
	| { subFunction: 0x04 | 0x06; dtc: number; recordNumber: number }
	| { subFunction: 0x0a };

export interface NumberOfDtcResponse {
	subFunction: 0x01;
	statusAvailabilityMask: number;
	/** DTCFormatIdentifier: 0x00 ISO 15031-6, 0x01 ISO 14229-1, 0x02 SAE J1939-73, 0x03 ISO 11992-4, 0x04 J2012-DA. */
	formatIdentifier: number;
	count: number;
}

export interface DtcListResponse {
	subFunction: 0x02 | 0x0a;
	statusAvailabilityMask: number;
	dtcs: DtcRecord[];
}

export interface SnapshotRecord {
	recordNumber: number;
	/** DID → data, in the order the ECU sent them. */
	data: Map<number, Uint8Array>;
}

export interface DtcSnapshotResponse extends DtcRecord {
	subFunction: 0x04;
	records: SnapshotRecord[];
}

export interface ExtendedDataRecord {
	recordNumber: number;
	data: Uint8Array;
}

export interface DtcExtendedDataResponse extends DtcRecord {
	subFunction: 0x06;
	records: ExtendedDataRecord[];
}

export type ReadDtcInformationResponse =
	NumberOfDtcResponse | DtcListResponse | DtcSnapshotResponse | DtcExtendedDataResponse;

export interface ReadDtcDecodeOptions {
	/** Data length of each DID that may appear in a snapshot record (0x04). */
	didLengths?: IdLengths;
	/** Length of each extended data record number, needed only when asking for several (0x06 with 0xFE/0xFF). */
	extendedDataLengths?: IdLengths;
}

export function encodeRequest(request: ReadDtcInformationRequest): Uint8Array<ArrayBuffer> {
	const subFunction = subFunctionByte('subFunction', request.subFunction);
	switch (request.subFunction) {
		case 0x01:
		case 0x02:
			assertInt('statusMask', request.statusMask, 0, 0xff);
			return Uint8Array.of(SID, subFunction, request.statusMask);
		case 0x04:
		case 0x06:
			assertInt('recordNumber', request.recordNumber, 0, 0xff);
			return Uint8Array.of(
				SID,
				subFunction,
				...writeUintBE(request.dtc, 3, 'dtc'),
				request.recordNumber
			);
		case 0x0a:
			return Uint8Array.of(SID, subFunction);
		default:
			throw new RangeError(
				`ReadDTCInformation sub-function ${hex([(request as { subFunction: number }).subFunction])} is not implemented`
			);
	}
}

type ResponseFor<R extends ReadDtcInformationRequest> = R['subFunction'] extends 0x01
	? NumberOfDtcResponse
	: R['subFunction'] extends 0x04
		? DtcSnapshotResponse
		: R['subFunction'] extends 0x06
			? DtcExtendedDataResponse
			: DtcListResponse;

export function decodeResponse<R extends ReadDtcInformationRequest>(
	payload: Uint8Array,
	request: R,
	options: ReadDtcDecodeOptions = {}
): ResponseFor<R> {
	expectSubFunctionEcho(payload, SID, request.subFunction);
	switch (request.subFunction) {
		case 0x01:
			return decodeNumberOfDtc(payload) as ResponseFor<R>;
		case 0x02:
		case 0x0a:
			return decodeDtcList(payload, request.subFunction) as ResponseFor<R>;
		case 0x04:
			return decodeSnapshot(payload, request.dtc, options.didLengths) as ResponseFor<R>;
		default:
			return decodeExtendedData(
				payload,
				(request as { dtc: number }).dtc,
				(request as { recordNumber: number }).recordNumber,
				options.extendedDataLengths
			) as ResponseFor<R>;
	}
}

/** `59 01 availabilityMask formatIdentifier countHi countLo` (ISO 14229-1 ReadDTCInformation). */
function decodeNumberOfDtc(payload: Uint8Array): NumberOfDtcResponse {
	if (payload.length !== 6) {
		throw new UdsProtocolError(SID, `expected 6 bytes, got ${payload.length}`, payload);
	}
	return {
		subFunction: 0x01,
		statusAvailabilityMask: payload[2],
		formatIdentifier: payload[3],
		count: readUintBE(payload, 4, 2)
	};
}

/** `59 st availabilityMask (DTC[3] status)*` (ISO 14229-1 ReadDTCInformation). */
function decodeDtcList(payload: Uint8Array, subFunction: 0x02 | 0x0a): DtcListResponse {
	if (payload.length < 3 || (payload.length - 3) % 4 !== 0) {
		throw new UdsProtocolError(SID, 'DTC list is not a whole number of 4-byte records', payload);
	}
	const dtcs: DtcRecord[] = [];
	for (let at = 3; at < payload.length; at += 4) dtcs.push(dtcRecord(payload, at));
	return { subFunction, statusAvailabilityMask: payload[2], dtcs };
}

function dtcRecord(payload: Uint8Array, at: number): DtcRecord {
	const statusByte = payload[at + 3];
	return { dtc: readUintBE(payload, at, 3), statusByte, status: decodeDtcStatus(statusByte) };
}

function expectDtcEcho(payload: Uint8Array, dtc: number): DtcRecord {
	if (payload.length < 6) throw new UdsProtocolError(SID, 'missing DTC and status', payload);
	const record = dtcRecord(payload, 2);
	if (record.dtc !== dtc) {
		throw new UdsProtocolError(
			SID,
			`DTC echo ${hex(payload.subarray(2, 5))} does not match request`,
			payload
		);
	}
	return record;
}

/** `59 04 DTC[3] status (recordNumber count (DID data)*count)*` (ISO 14229-1 ReadDTCInformation). */
function decodeSnapshot(
	payload: Uint8Array,
	dtc: number,
	didLengths: IdLengths | undefined
): DtcSnapshotResponse {
	const record = expectDtcEcho(payload, dtc);
	const records: SnapshotRecord[] = [];
	let at = 6;
	while (at < payload.length) {
		if (at + 2 > payload.length)
			throw new UdsProtocolError(SID, 'truncated snapshot header', payload);
		const recordNumber = payload[at];
		const count = payload[at + 1];
		at += 2;
		const data = new Map<number, Uint8Array>();
		for (let i = 0; i < count; i++) {
			if (at + 2 > payload.length)
				throw new UdsProtocolError(SID, 'truncated snapshot DID', payload);
			const did = readUintBE(payload, at, 2);
			const length = lookupLength(didLengths, did);
			if (length === undefined) {
				throw new UdsConfigError(
					`snapshot DID ${hex([did >> 8, did & 0xff])}: data length unknown`
				);
			}
			if (at + 2 + length > payload.length) {
				throw new UdsProtocolError(
					SID,
					`snapshot DID ${hex([did >> 8, did & 0xff])} truncated`,
					payload
				);
			}
			data.set(did, payload.slice(at + 2, at + 2 + length));
			at += 2 + length;
		}
		records.push({ recordNumber, data });
	}
	return { subFunction: 0x04, ...record, records };
}

/** `59 06 DTC[3] status (recordNumber data)*` (ISO 14229-1 ReadDTCInformation). */
function decodeExtendedData(
	payload: Uint8Array,
	dtc: number,
	requested: number,
	lengths: IdLengths | undefined
): DtcExtendedDataResponse {
	const record = expectDtcEcho(payload, dtc);
	const records: ExtendedDataRecord[] = [];
	const several = requested === 0xfe || requested === ALL_RECORDS;
	let at = 6;
	while (at < payload.length) {
		const recordNumber = payload[at];
		let length: number | undefined;
		if (!several) {
			if (recordNumber !== requested) {
				throw new UdsProtocolError(SID, `record ${hex([recordNumber])} was not requested`, payload);
			}
			length = payload.length - at - 1;
		} else {
			length = lookupLength(lengths, recordNumber);
			if (length === undefined) {
				throw new UdsConfigError(`extended data record ${hex([recordNumber])}: length unknown`);
			}
		}
		if (at + 1 + length > payload.length) {
			throw new UdsProtocolError(
				SID,
				`extended data record ${hex([recordNumber])} truncated`,
				payload
			);
		}
		records.push({ recordNumber, data: payload.slice(at + 1, at + 1 + length) });
		at += 1 + length;
	}
	return { subFunction: 0x06, ...record, records };
}
