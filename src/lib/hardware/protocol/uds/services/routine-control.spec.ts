import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { UdsProtocolError } from '../errors';
import { RoutineId, decodeResponse, encodeRequest } from './routine-control';

describe('RoutineControl (0x31)', () => {
	const erase = {
		controlType: 1,
		routineId: RoutineId.eraseMemory,
		data: fromHex('44 00 08 00 00 00 01 00 00')
	};

	it('encodes startRoutine eraseMemory with its option record', () => {
		expect(hex(encodeRequest(erase))).toBe('31 01 FF 00 44 00 08 00 00 00 01 00 00');
		expect(() => encodeRequest({ controlType: 4, routineId: 1 })).toThrow(RangeError);
	});

	it('returns the status record and checks type and identifier echoes', () => {
		expect(hex(decodeResponse(fromHex('71 01 FF 00 00'), erase).statusRecord)).toBe('00');
		expect(() => decodeResponse(fromHex('71 03 FF 00 00'), erase)).toThrow(UdsProtocolError);
		expect(() => decodeResponse(fromHex('71 01 FF 01 00'), erase)).toThrow(UdsProtocolError);
	});
});
