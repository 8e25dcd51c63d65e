import { describe, expect, it } from 'vitest';
import { decodeStMin, encodeStMin } from './st-min';

describe('STmin', () => {
	it('reads 0x00–0x7F as milliseconds', () => {
		expect(decodeStMin(0x00)).toBe(0);
		expect(decodeStMin(0x0a)).toBe(10_000);
		expect(decodeStMin(0x7f)).toBe(127_000);
	});

	it('reads 0xF1–0xF9 as 100–900 microseconds', () => {
		expect(decodeStMin(0xf1)).toBe(100);
		expect(decodeStMin(0xf9)).toBe(900);
	});

	it('reads every reserved value as 127 ms', () => {
		for (const reserved of [0x80, 0xa5, 0xf0, 0xfa, 0xff])
			expect(decodeStMin(reserved)).toBe(127_000);
	});

	it('encodes separation times rounded up so the sender is never faster than asked', () => {
		expect(encodeStMin(0)).toBe(0x00);
		expect(encodeStMin(100)).toBe(0xf1);
		expect(encodeStMin(150)).toBe(0xf2);
		expect(encodeStMin(950)).toBe(0x01);
		expect(encodeStMin(5_000)).toBe(0x05);
		expect(encodeStMin(127_000)).toBe(0x7f);
	});

	it('refuses separation times it cannot encode', () => {
		expect(() => encodeStMin(-1)).toThrow(RangeError);
		expect(() => encodeStMin(127_001)).toThrow(RangeError);
		expect(() => encodeStMin(Number.NaN)).toThrow(RangeError);
	});
});
