import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { decodeResponse, encodeRequest, nextBlockSequenceCounter } from './transfer-data';

describe('TransferData (0x36)', () => {
	it('encodes 36 BSC data and returns the ECU parameter record', () => {
		expect(hex(encodeRequest({ blockSequenceCounter: 1, data: fromHex('AA BB') }))).toBe(
			'36 01 AA BB'
		);
		expect(
			hex(
				decodeResponse(fromHex('76 01 12'), { blockSequenceCounter: 1, data: new Uint8Array() })
					.parameterRecord
			)
		).toBe('12');
	});

	it('wraps the counter FF → 00 → 01', () => {
		expect(nextBlockSequenceCounter(0xfe)).toBe(0xff);
		expect(nextBlockSequenceCounter(0xff)).toBe(0x00);
		expect(nextBlockSequenceCounter(0x00)).toBe(0x01);
	});

	it('rejects a counter outside a byte', () => {
		expect(() => encodeRequest({ blockSequenceCounter: 256, data: new Uint8Array() })).toThrow(
			RangeError
		);
	});
});
