import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { UdsProtocolError } from '../errors';
import { decodeResponse, encodeRequest } from './write-data-by-identifier';

describe('WriteDataByIdentifier (0x2E)', () => {
	const request = { did: 0xf190, data: fromHex('57 56 57') };

	it('encodes 2E F1 90 data…', () => {
		expect(hex(encodeRequest(request))).toBe('2E F1 90 57 56 57');
		expect(() => encodeRequest({ did: 0xf190, data: new Uint8Array() })).toThrow(RangeError);
	});

	it('accepts 6E F1 90 and rejects another DID echo', () => {
		expect(() => decodeResponse(fromHex('6E F1 90'), request)).not.toThrow();
		expect(() => decodeResponse(fromHex('6E F1 91'), request)).toThrow(UdsProtocolError);
		expect(() => decodeResponse(fromHex('7F 2E 33'), request)).toThrow(/securityAccessDenied/);
	});
});
