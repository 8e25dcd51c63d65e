import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { UdsProtocolError } from '../errors';
import { decodeResponse, encodeRequest } from './read-memory-by-address';

describe('ReadMemoryByAddress (0x23)', () => {
	it('encodes ALFID 0x24: 4 address bytes, 2 size bytes', () => {
		expect(
			hex(encodeRequest({ address: 0x20481392, size: 0x0103, addressBytes: 4, sizeBytes: 2 }))
		).toBe('23 24 20 48 13 92 01 03');
	});

	it('picks the smallest widths by default', () => {
		expect(hex(encodeRequest({ address: 0x1234, size: 4 }))).toBe('23 12 12 34 04');
	});

	it('rejects an address that does not fit the given width, and a zero size', () => {
		expect(() => encodeRequest({ address: 0x10000, size: 1, addressBytes: 2 })).toThrow(RangeError);
		expect(() => encodeRequest({ address: 0, size: 0 })).toThrow(RangeError);
		expect(() => encodeRequest({ address: 0, size: 1, addressBytes: 7 })).toThrow(RangeError);
	});

	it('returns exactly the requested bytes and rejects any other count', () => {
		const request = { address: 0x1234, size: 2 };
		expect(hex(decodeResponse(fromHex('63 AA BB'), request))).toBe('AA BB');
		expect(() => decodeResponse(fromHex('63 AA'), request)).toThrow(UdsProtocolError);
	});
});
