import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { UdsProtocolError } from '../errors';
import { decodeResponse, encodeRequest } from './read-data-by-identifier';

describe('ReadDataByIdentifier (0x22)', () => {
	it('encodes several DIDs as 22 F1 90 F1 87', () => {
		expect(hex(encodeRequest({ dids: [0xf190, 0xf187] }))).toBe('22 F1 90 F1 87');
	});

	it('rejects no DIDs, duplicate DIDs and DIDs past 16 bits', () => {
		expect(() => encodeRequest({ dids: [] })).toThrow(RangeError);
		expect(() => encodeRequest({ dids: [0xf190, 0xf190] })).toThrow(RangeError);
		expect(() => encodeRequest({ dids: [0x10000] })).toThrow(RangeError);
	});

	it('accepts DIDs in any order the ECU sends them', () => {
		const values = decodeResponse(
			fromHex('62 F1 87 41 42 F1 90 43'),
			{ dids: [0xf190, 0xf187] },
			{
				0xf187: 2
			}
		);
		expect(hex(values.get(0xf190)!)).toBe('43');
	});

	it('rejects a response that leaves out a requested DID or runs short', () => {
		const request = { dids: [0xf190, 0xf187] };
		expect(() => decodeResponse(fromHex('62 F1 90 41'), request, { 0xf190: 1 })).toThrow(
			/F1 87 missing/
		);
		expect(() => decodeResponse(fromHex('62 F1 90 41'), request, { 0xf190: 2, 0xf187: 1 })).toThrow(
			UdsProtocolError
		);
	});
});
