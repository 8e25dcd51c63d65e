import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { UdsProtocolError } from '../errors';
import { decodeResponse, encodeRequest } from './diagnostic-session-control';

describe('DiagnosticSessionControl (0x10)', () => {
	it('encodes 10 03 and 10 83 with suppressPosRsp', () => {
		expect(hex(encodeRequest({ session: 3 }))).toBe('10 03');
		expect(hex(encodeRequest({ session: 3, suppressPositiveResponse: true }))).toBe('10 83');
	});

	it('rejects session 0x00 and values past 7 bits', () => {
		expect(() => encodeRequest({ session: 0 })).toThrow(RangeError);
		expect(() => encodeRequest({ session: 0x80 })).toThrow(RangeError);
	});

	it('reads P2 in ms and P2* in units of 10 ms from 50 03 00 32 01 F4', () => {
		expect(decodeResponse(fromHex('50 03 00 32 01 F4'), { session: 3 })).toEqual({
			session: 3,
			p2Ms: 50,
			p2StarMs: 5000
		});
	});

	it('accepts the 2006-style bare echo 50 01 without timing', () => {
		expect(decodeResponse(fromHex('50 01'), { session: 1 })).toEqual({ session: 1 });
	});

	it('rejects a partial sessionParameterRecord', () => {
		expect(() => decodeResponse(fromHex('50 03 00 32 01'), { session: 3 })).toThrow(
			UdsProtocolError
		);
	});
});
