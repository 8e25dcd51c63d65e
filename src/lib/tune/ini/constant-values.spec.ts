import { describe, expect, it } from 'vitest';
import { parseIni, readConstant, writeConstant, type Constant } from '.';

const def = parseIni(`
[MegaTune]
   signature = "t"
[Constants]
   endianness = little
   nPages = 1
   pageSize = 16
   page = 1
   temp  = scalar, U08, 0, "F", 1.8, -22.23, -40, 215, 0
   bins  = array,  S16, 1, [2x2], "kPa", 0.5, 0, -100, 100, 1
   mode  = bits,   U08, 9, [2:3], "Off", "Low", "High", "INVALID"
   name  = string, ASCII, 10, 4
   trim  = scalar, U08, 14, "%", { 0.1 / stoich }, 0
`);
const c = (name: string): Constant => def.pages[0].constants.find((k) => k.name === name)!;

describe('readConstant / writeConstant', () => {
	it('applies user = (raw + translate) × scale and its inverse', () => {
		const page = new Uint8Array(16);
		writeConstant(page, c('temp'), 'little', 32);
		// 32 °F ↔ raw 40 (0 °C offset by 40): 32 / 1.8 + 22.23 = 40.01 → 40.
		expect(page[0]).toBe(40);
		expect(readConstant(page, c('temp'), 'little')).toBeCloseTo(32, 1);
	});

	it('stores arrays row-major in the ini endianness', () => {
		const page = new Uint8Array(16);
		writeConstant(page, c('bins'), 'little', [1, -1, 10.5, 100]);
		expect([...page.subarray(1, 9)]).toEqual([2, 0, 0xfe, 0xff, 21, 0, 200, 0]);
		expect(readConstant(page, c('bins'), 'little')).toEqual([1, -1, 10.5, 100]);
	});

	it('sets only its bits, by label or index', () => {
		const page = new Uint8Array(16);
		page[9] = 0b1111_0011;
		writeConstant(page, c('mode'), 'little', 'High');
		expect(page[9]).toBe(0b1111_1011);
		expect(readConstant(page, c('mode'), 'little')).toBe(2);
		writeConstant(page, c('mode'), 'little', 1);
		expect(page[9]).toBe(0b1111_0111);
		expect(() => writeConstant(page, c('mode'), 'little', 'Max')).toThrow(/no option "Max"/);
		expect(() => writeConstant(page, c('mode'), 'little', 4)).toThrow(RangeError);
	});

	it('pads strings with NULs and reads up to the first', () => {
		const page = new Uint8Array(16);
		writeConstant(page, c('name'), 'little', 'ab');
		expect([...page.subarray(10, 14)]).toEqual([0x61, 0x62, 0, 0]);
		expect(readConstant(page, c('name'), 'little')).toBe('ab');
	});

	it('clamps to the storage type as the ECU would', () => {
		const page = new Uint8Array(16);
		writeConstant(page, c('temp'), 'little', 1000);
		expect(page[0]).toBe(255);
	});

	it('refuses expression scaling instead of guessing', () => {
		expect(() => readConstant(new Uint8Array(16), c('trim'), 'little')).toThrow(
			/trim: scaling \{0.1 \/ stoich\} needs a scope \(definitionScope\)/
		);
	});

	it('refuses a page too short for the constant', () => {
		expect(() => readConstant(new Uint8Array(4), c('bins'), 'little')).toThrow(RangeError);
	});
});
