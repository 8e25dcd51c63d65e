import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { UdsProtocolError } from '../errors';
import {
	IoControlParameter,
	decodeResponse,
	encodeRequest
} from './input-output-control-by-identifier';

describe('InputOutputControlByIdentifier (0x2F)', () => {
	const request = {
		did: 0x9b00,
		controlParameter: IoControlParameter.shortTermAdjustment,
		controlState: fromHex('3C')
	};

	it('encodes 2F DID control state', () => {
		expect(hex(encodeRequest(request))).toBe('2F 9B 00 03 3C');
		expect(hex(encodeRequest({ did: 0x9b00, controlParameter: 0 }))).toBe('2F 9B 00 00');
		expect(() => encodeRequest({ did: 0x9b00, controlParameter: 4 })).toThrow(RangeError);
	});

	it('returns the controlState the ECU reports and checks the control echo', () => {
		expect(hex(decodeResponse(fromHex('6F 9B 00 03 3C'), request).controlState)).toBe('3C');
		expect(() => decodeResponse(fromHex('6F 9B 00 02 3C'), request)).toThrow(UdsProtocolError);
	});
});
