import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { UdsProtocolError } from '../errors';
import {
	decodeRequestSeedResponse,
	decodeSendKeyResponse,
	encodeRequestSeed,
	encodeSendKey
} from './security-access';

describe('SecurityAccess (0x27)', () => {
	it('encodes requestSeed on the odd level and sendKey on level + 1', () => {
		expect(hex(encodeRequestSeed({ level: 0x11 }))).toBe('27 11');
		expect(hex(encodeSendKey({ level: 0x11, key: fromHex('DE AD') }))).toBe('27 12 DE AD');
	});

	it('rejects even, zero and reserved levels and empty keys', () => {
		for (const level of [0x00, 0x02, 0x7f, 0x81]) {
			expect(() => encodeRequestSeed({ level })).toThrow(RangeError);
		}
		expect(() => encodeSendKey({ level: 1, key: new Uint8Array() })).toThrow(RangeError);
	});

	it('returns the seed and spots an already-unlocked level', () => {
		expect(decodeRequestSeedResponse(fromHex('67 01 12 34'), { level: 1 })).toEqual({
			seed: fromHex('12 34'),
			alreadyUnlocked: false
		});
		expect(decodeRequestSeedResponse(fromHex('67 01 00 00'), { level: 1 }).alreadyUnlocked).toBe(
			true
		);
	});

	it('checks the sub-function echo of both steps', () => {
		expect(() => decodeRequestSeedResponse(fromHex('67 03 12 34'), { level: 1 })).toThrow(
			UdsProtocolError
		);
		expect(() => decodeSendKeyResponse(fromHex('67 01'), { level: 1 })).toThrow(UdsProtocolError);
		expect(() => decodeSendKeyResponse(fromHex('7F 27 36'), { level: 1 })).toThrow(
			/exceededNumberOfAttempts/
		);
	});
});
