import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { decodeResponse, encodeRequest } from './request-transfer-exit';

describe('RequestTransferExit (0x37)', () => {
	it('encodes 37 with an optional record and returns the reply record', () => {
		expect(hex(encodeRequest())).toBe('37');
		expect(hex(encodeRequest({ parameterRecord: fromHex('12 34') }))).toBe('37 12 34');
		expect(hex(decodeResponse(fromHex('77 12 34')))).toBe('12 34');
		expect(() => decodeResponse(fromHex('7F 37 24'))).toThrow(/requestSequenceError/);
	});
});
