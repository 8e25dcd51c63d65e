import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { formatDtc } from '../dtc';
import { UdsConfigError, UdsProtocolError } from '../errors';
import { decodeResponse, encodeRequest } from './read-dtc-information';

describe('ReadDTCInformation (0x19)', () => {
	it('encodes each implemented report type byte-exact', () => {
		expect(hex(encodeRequest({ subFunction: 0x01, statusMask: 0x09 }))).toBe('19 01 09');
		expect(hex(encodeRequest({ subFunction: 0x02, statusMask: 0xff }))).toBe('19 02 FF');
		expect(hex(encodeRequest({ subFunction: 0x04, dtc: 0x030100, recordNumber: 0xff }))).toBe(
			'19 04 03 01 00 FF'
		);
		expect(hex(encodeRequest({ subFunction: 0x06, dtc: 0x030100, recordNumber: 0x01 }))).toBe(
			'19 06 03 01 00 01'
		);
		expect(hex(encodeRequest({ subFunction: 0x0a }))).toBe('19 0A');
	});

	it('counts DTCs from 59 01 FF 01 00 02', () => {
		expect(
			decodeResponse(fromHex('59 01 FF 01 00 02'), { subFunction: 0x01, statusMask: 8 })
		).toEqual({ subFunction: 0x01, statusAvailabilityMask: 0xff, formatIdentifier: 1, count: 2 });
	});

	it('lists DTCs by status mask with the status bits decoded', () => {
		const response = decodeResponse(fromHex('59 02 FF 03 01 00 2F 42 20 00 08'), {
			subFunction: 0x02,
			statusMask: 0xff
		});
		expect(response.dtcs.map((d) => formatDtc(d.dtc))).toEqual(['P0301-00', 'C0220-00']);
		expect(response.dtcs[0].status).toEqual({
			testFailed: true,
			testFailedThisOperationCycle: true,
			pendingDtc: true,
			confirmedDtc: true,
			testNotCompletedSinceLastClear: false,
			testFailedSinceLastClear: true,
			testNotCompletedThisOperationCycle: false,
			warningIndicatorRequested: false
		});
		expect(response.dtcs[1].status.confirmedDtc).toBe(true);
		expect(response.dtcs[1].status.testFailed).toBe(false);
	});

	it('lists supported DTCs (0A) and rejects a list cut mid-record', () => {
		const request = { subFunction: 0x0a } as const;
		expect(decodeResponse(fromHex('59 0A 7F 03 01 00 00'), request).dtcs).toHaveLength(1);
		expect(() => decodeResponse(fromHex('59 0A 7F 03 01 00'), request)).toThrow(UdsProtocolError);
	});

	it('splits snapshot records with the DID lengths', () => {
		const response = decodeResponse(
			fromHex('59 04 03 01 00 2F 01 02 F4 0C 0B B8 F4 05 5A'),
			{ subFunction: 0x04, dtc: 0x030100, recordNumber: 0xff },
			{ didLengths: { 0xf40c: 2, 0xf405: 1 } }
		);
		expect(response.records).toHaveLength(1);
		expect(response.records[0].recordNumber).toBe(1);
		expect(hex(response.records[0].data.get(0xf40c)!)).toBe('0B B8');
		expect(hex(response.records[0].data.get(0xf405)!)).toBe('5A');
	});

	it('needs the DID length of a snapshot and checks the DTC echo', () => {
		const request = { subFunction: 0x04, dtc: 0x030100, recordNumber: 1 } as const;
		expect(() => decodeResponse(fromHex('59 04 03 01 00 2F 01 01 F4 0C 0B B8'), request)).toThrow(
			UdsConfigError
		);
		expect(() => decodeResponse(fromHex('59 04 03 02 00 2F'), request)).toThrow(UdsProtocolError);
	});

	it('reads one extended data record to the end and several with configured lengths', () => {
		const one = decodeResponse(fromHex('59 06 03 01 00 2F 01 05 00 10'), {
			subFunction: 0x06,
			dtc: 0x030100,
			recordNumber: 1
		});
		expect(hex(one.records[0].data)).toBe('05 00 10');
		const all = decodeResponse(
			fromHex('59 06 03 01 00 2F 01 05 02 00 10'),
			{ subFunction: 0x06, dtc: 0x030100, recordNumber: 0xff },
			{ extendedDataLengths: { 1: 1, 2: 2 } }
		);
		expect(all.records.map((r) => [r.recordNumber, hex(r.data)])).toEqual([
			[1, '05'],
			[2, '00 10']
		]);
	});
});
