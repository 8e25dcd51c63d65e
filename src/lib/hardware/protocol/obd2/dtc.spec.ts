import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDtc, decodeDtcList, encodeDtc, encodeDtcList } from './dtc';
import { describeDtc } from './dtc-descriptions';
import { ObdFormatError, ObdShortPayloadError } from './errors';

const b = (...bytes: number[]) => Uint8Array.of(...bytes);

describe('DTC codec', () => {
	it.each([
		[0x01, 0x33, 'P0133'],
		[0x04, 0x20, 'P0420'],
		[0x30, 0x00, 'P3000'],
		[0x41, 0x23, 'C0123'],
		[0x5a, 0xbc, 'C1ABC'],
		[0x81, 0x00, 'B0100'],
		[0xa2, 0x0f, 'B220F'],
		[0xc1, 0x55, 'U0155'],
		[0xff, 0xff, 'U3FFF']
	])('decodes %i %i as %s', (a, bb, code) => {
		expect(decodeDtc(a, bb)).toBe(code);
		expect([...encodeDtc(code)]).toEqual([a, bb]);
	});

	it('round-trips every two-byte value', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 0xffff }), (v) => {
				const code = decodeDtc(v >> 8, v & 0xff);
				expect(code).toMatch(/^[PCBU][0-3][0-9A-F]{3}$/);
				expect([...encodeDtc(code)]).toEqual([v >> 8, v & 0xff]);
			})
		);
	});

	it('accepts lower-case codes', () => {
		expect([...encodeDtc('p0420')]).toEqual([0x04, 0x20]);
	});

	it.each(['X0133', 'P4133', 'P013', 'P01333', '', 'P01G3'])('rejects "%s"', (code) => {
		expect(() => encodeDtc(code)).toThrow(ObdFormatError);
	});
});

describe('DTC lists', () => {
	it('reads a CAN list by its count byte and ignores padding after it', () => {
		expect(decodeDtcList(b(0x02, 0x01, 0x33, 0x04, 0x20, 0xcc))).toEqual(['P0133', 'P0420']);
		expect(decodeDtcList(b(0x00))).toEqual([]);
	});

	it('keeps a real 0000 pair on CAN, where the count byte says it is there', () => {
		expect(decodeDtcList(b(0x01, 0x00, 0x00))).toEqual(['P0000']);
	});

	it('rejects a CAN list shorter than its count byte promises', () => {
		expect(() => decodeDtcList(b(0x03, 0x01, 0x33, 0x04, 0x20))).toThrow(ObdShortPayloadError);
		expect(() => decodeDtcList(b())).toThrow(ObdShortPayloadError);
	});

	it('reads a legacy list without a count byte, dropping 0000 padding', () => {
		expect(decodeDtcList(b(0x01, 0x33, 0x00, 0x00, 0x00, 0x00), 'legacy')).toEqual(['P0133']);
		expect(decodeDtcList(b(0x01, 0x33, 0xc1, 0x55, 0x04, 0x20), 'legacy')).toEqual([
			'P0133',
			'U0155',
			'P0420'
		]);
	});

	it('rejects a legacy list of odd length', () => {
		expect(() => decodeDtcList(b(0x01, 0x33, 0x04), 'legacy')).toThrow(ObdFormatError);
	});

	it('encodes a CAN list the decoder reads back', () => {
		const codes = ['P0133', 'C0123', 'B0100', 'U0155'];
		expect(decodeDtcList(encodeDtcList(codes))).toEqual(codes);
	});
});

describe('DTC descriptions (partial table)', () => {
	it('describes common generic codes and returns undefined for the rest', () => {
		expect(describeDtc('P0420')).toBe('Catalyst system efficiency below threshold (bank 1)');
		expect(describeDtc('p0133')).toMatch(/slow response/);
		expect(describeDtc('P1234')).toBeUndefined();
	});
});
