import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { UdsProtocolError } from '../errors';
import { decodeResponse, encodeRequest } from './clear-diagnostic-information';

describe('ClearDiagnosticInformation (0x14)', () => {
	it('clears all groups by default (14 FF FF FF) or one group', () => {
		expect(hex(encodeRequest())).toBe('14 FF FF FF');
		expect(hex(encodeRequest({ groupOfDtc: 0x000100 }))).toBe('14 00 01 00');
	});

	it('rejects a group beyond 24 bits', () => {
		expect(() => encodeRequest({ groupOfDtc: 0x1000000 })).toThrow(RangeError);
	});

	it('accepts 54 and rejects another SID', () => {
		expect(() => decodeResponse(fromHex('54'))).not.toThrow();
		expect(() => decodeResponse(fromHex('59'))).toThrow(UdsProtocolError);
	});
});
