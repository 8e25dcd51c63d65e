import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { NegativeResponseError, UdsProtocolError } from '../errors';
import { ResetType, decodeResponse, encodeRequest } from './ecu-reset';

describe('ECUReset (0x11)', () => {
	it('encodes a hard reset as 11 01', () => {
		expect(hex(encodeRequest({ resetType: ResetType.hardReset }))).toBe('11 01');
	});

	it('reads powerDownTime only for enableRapidPowerShutDown', () => {
		expect(decodeResponse(fromHex('51 04 0A'), { resetType: 4 })).toEqual({
			resetType: 4,
			powerDownTimeS: 10
		});
		expect(() => decodeResponse(fromHex('51 04'), { resetType: 4 })).toThrow(UdsProtocolError);
	});

	it('maps 7F 11 22 to conditionsNotCorrect', () => {
		expect(() => decodeResponse(fromHex('7F 11 22'), { resetType: 1 })).toThrow(
			NegativeResponseError
		);
		expect(() => decodeResponse(fromHex('7F 11 22'), { resetType: 1 })).toThrow(
			/conditionsNotCorrect/
		);
	});
});
