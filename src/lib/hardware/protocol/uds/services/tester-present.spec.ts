import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { UdsProtocolError } from '../errors';
import { decodeResponse, encodeRequest } from './tester-present';

describe('TesterPresent (0x3E)', () => {
	it('encodes 3E 00, or 3E 80 with suppressPosRspMsgIndicationBit', () => {
		expect(hex(encodeRequest())).toBe('3E 00');
		expect(hex(encodeRequest({ suppressPositiveResponse: true }))).toBe('3E 80');
	});

	it('accepts exactly 7E 00', () => {
		expect(() => decodeResponse(fromHex('7E 00'))).not.toThrow();
		expect(() => decodeResponse(fromHex('7E'))).toThrow(UdsProtocolError);
		expect(() => decodeResponse(fromHex('7E 01'))).toThrow(UdsProtocolError);
		expect(() => decodeResponse(fromHex('7E 00 00'))).toThrow(UdsProtocolError);
	});
});
