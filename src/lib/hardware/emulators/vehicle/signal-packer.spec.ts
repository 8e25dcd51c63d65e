import { describe, expect, it } from 'vitest';
import { packRaw, packSignal, toRaw, type SignalLayout } from './signal-packer';

const layout = (over: Partial<SignalLayout>): SignalLayout => ({
	name: 'S',
	start: 0,
	length: 8,
	byteOrder: 'intel',
	signed: false,
	factor: 1,
	offset: 0,
	...over
});

const hex = (data: Uint8Array) => Buffer.from(data).toString('hex');

describe('signal packer', () => {
	it('packs an Intel field LSB-first across a byte boundary', () => {
		const data = new Uint8Array(8);
		packRaw(data, layout({ start: 28, length: 12 }), 0xabc);
		expect(hex(data)).toBe('000000c0ab000000');
	});

	// cantools motohawk.dbc, ID 496, data C0 06 E0 00 … (protocols.md §8.2): Enable 7|1@0+, AverageRadius 6|6@0+
	// (0.1,0) = 3.2 m, Temperature 0|12@0- (0.01,250) = 250.55 degK.
	it('packs Motorola fields to the bytes cantools decodes in its motohawk example', () => {
		const data = new Uint8Array(8);
		packSignal(data, layout({ start: 7, length: 1, byteOrder: 'motorola' }), 1);
		packSignal(data, layout({ start: 6, length: 6, byteOrder: 'motorola', factor: 0.1 }), 3.2);
		const temperature = layout({
			start: 0,
			length: 12,
			byteOrder: 'motorola',
			signed: true,
			factor: 0.01,
			offset: 250
		});
		packSignal(data, temperature, 250.55);
		expect(hex(data)).toBe('c006e00000000000');
	});

	it('packs a negative Motorola value in two’s complement over the field width', () => {
		const data = new Uint8Array(8);
		const temperature = layout({
			start: 0,
			length: 12,
			byteOrder: 'motorola',
			signed: true,
			factor: 0.01,
			offset: 250
		});
		packSignal(data, temperature, 229.53);
		expect(hex(data)).toBe('0100200000000000');
	});

	it('saturates values the field cannot hold instead of wrapping them', () => {
		expect(toRaw(layout({ length: 16 }), 70000)).toBe(65535);
		expect(toRaw(layout({ length: 16 }), -5)).toBe(0);
		expect(toRaw(layout({ length: 8, signed: true }), -300)).toBe(-128);
		expect(toRaw(layout({ length: 8 }), Number.NaN)).toBe(0);
	});

	it('rejects a field that runs past the payload with a RangeError', () => {
		expect(() => packRaw(new Uint8Array(2), layout({ start: 12, length: 8 }), 1)).toThrow(
			RangeError
		);
	});
});
