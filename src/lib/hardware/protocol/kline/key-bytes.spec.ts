import { describe, expect, it } from 'vitest';
import { hasOddParity, identifyKeyBytes, invertKeyByte } from './key-bytes';
import { KLineKeyBytesError } from './errors';

describe('K-line key bytes', () => {
	it('recognises the ISO 9141-2 pairs 08 08 and 94 94', () => {
		expect(identifyKeyBytes(0x08, 0x08)).toEqual({ protocol: 'iso9141-2', keyBytes: [8, 8] });
		expect(identifyKeyBytes(0x94, 0x94)).toEqual({ protocol: 'iso9141-2', keyBytes: [0x94, 0x94] });
	});

	it('decodes KWP2000 KB1 capability bits with KB2 = 8F', () => {
		expect(identifyKeyBytes(0xef, 0x8f)).toEqual({
			protocol: 'iso14230',
			keyBytes: [0xef, 0x8f],
			lengthInFormat: true,
			lengthByte: true,
			formatOnlyHeader: true,
			addressedHeader: true,
			timingSet: 2,
			obd: true
		});
		expect(identifyKeyBytes(0xe9, 0x8f)).toMatchObject({
			lengthInFormat: true,
			lengthByte: false,
			formatOnlyHeader: false,
			addressedHeader: true,
			obd: true
		});
		for (const kb1 of [0x6b, 0x6d])
			expect(identifyKeyBytes(kb1, 0x8f)).toMatchObject({ obd: true });
	});

	it('checks odd parity and refuses unknown pairs', () => {
		expect(hasOddParity(0x8f)).toBe(true);
		expect(hasOddParity(0xee)).toBe(false);
		expect(() => identifyKeyBytes(0xee, 0x8f)).toThrow(KLineKeyBytesError);
		expect(() => identifyKeyBytes(0x08, 0x94)).toThrow(/08 94/);
	});

	it('inverts KB2 for the tester acknowledgement', () => {
		expect(invertKeyByte(0x8f)).toBe(0x70);
		expect(invertKeyByte(0x33)).toBe(0xcc);
	});
});
