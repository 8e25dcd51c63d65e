import { hex, readUintBE, writeUintBE } from '../bytes';
import { lookupLength, type IdLengths } from '../did-lengths';
import { UdsConfigError, UdsProtocolError } from '../errors';
import { expectPositive } from '../response';
import { Sid } from '../sid';

export const SID = Sid.readDataByIdentifier;

/** Common identification DIDs, ISO 14229-1 Annex C.1. */
export const Did = {
	bootSoftwareIdentification: 0xf180,
	applicationSoftwareIdentification: 0xf181,
	activeDiagnosticSession: 0xf186,
	vehicleManufacturerSparePartNumber: 0xf187,
	vehicleManufacturerEcuSoftwareNumber: 0xf188,
	ecuSerialNumber: 0xf18c,
	vin: 0xf190,
	vehicleManufacturerEcuHardwareNumber: 0xf191,
	systemName: 0xf197
} as const;

export interface ReadDataByIdentifierRequest {
	dids: readonly number[];
}

export function encodeRequest(request: ReadDataByIdentifierRequest): Uint8Array<ArrayBuffer> {
	if (request.dids.length === 0) throw new RangeError('at least one DID is required');
	if (new Set(request.dids).size !== request.dids.length) {
		throw new RangeError('the same DID is requested twice, so the response could not be split');
	}
	const out = new Uint8Array(1 + request.dids.length * 2);
	out[0] = SID;
	request.dids.forEach((did, i) => out.set(writeUintBE(did, 2, 'DID'), 1 + i * 2));
	return out;
}

/**
 * `62 (DID data)*` (ISO 14229-1; protocols.md §7.3) split with `didLengths`. The data of the one DID still expected may
 * run to the end without a configured length, which covers the common single-DID read of a VIN or part number.
 */
export function decodeResponse(
	payload: Uint8Array,
	request: ReadDataByIdentifierRequest,
	didLengths?: IdLengths
): Map<number, Uint8Array> {
	expectPositive(payload, SID, 3);
	const remaining = new Set(request.dids);
	const values = new Map<number, Uint8Array>();
	let at = 1;
	while (at < payload.length) {
		if (at + 2 > payload.length) throw new UdsProtocolError(SID, 'truncated DID', payload);
		const did = readUintBE(payload, at, 2);
		const name = hex([did >> 8, did & 0xff]);
		if (!remaining.delete(did)) {
			throw new UdsProtocolError(SID, `DID ${name} was not requested or came twice`, payload);
		}
		let length = lookupLength(didLengths, did);
		if (length === undefined) {
			if (remaining.size > 0) throw new UdsConfigError(`DID ${name}: data length unknown`);
			length = payload.length - at - 2;
		}
		if (at + 2 + length > payload.length) {
			throw new UdsProtocolError(SID, `DID ${name}: ${length} data bytes expected`, payload);
		}
		values.set(did, payload.slice(at + 2, at + 2 + length));
		at += 2 + length;
	}
	if (remaining.size > 0) {
		const missing = [...remaining].map((d) => hex([d >> 8, d & 0xff])).join(', ');
		throw new UdsProtocolError(SID, `DID ${missing} missing from the response`, payload);
	}
	return values;
}
