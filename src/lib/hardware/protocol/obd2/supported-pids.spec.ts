import { describe, expect, it } from 'vitest';
import { ObdFormatError, ObdShortPayloadError } from './errors';
import {
	decodeBitmap,
	encodeBitmap,
	nextDiscoveryPid,
	planDiscoveryRequests,
	supportedPids
} from './supported-pids';

const b = (...bytes: number[]) => Uint8Array.of(...bytes);

describe('supported-PID bitmaps', () => {
	it('reads BE 1F A8 13 from PID 00 as the PIDs it flags, MSB first', () => {
		expect(decodeBitmap(0x00, b(0xbe, 0x1f, 0xa8, 0x13))).toEqual([
			0x01, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x13, 0x15, 0x1c,
			0x1f, 0x20
		]);
	});

	it('offsets a later bitmap by its base PID', () => {
		expect(decodeBitmap(0x40, b(0x80, 0, 0, 0x01))).toEqual([0x41, 0x60]);
	});

	it('encodes what it decodes', () => {
		const pids = [0x21, 0x2f, 0x33, 0x40];
		expect(decodeBitmap(0x20, encodeBitmap(0x20, pids))).toEqual(pids);
	});

	it('merges the bitmaps of several ECUs into one set', () => {
		const set = supportedPids([
			[0x00, b(0x80, 0, 0, 0x01)],
			[0x00, b(0x40, 0, 0, 0)],
			[0x20, b(0, 0, 0x20, 0)]
		]);
		expect([...set].sort((x, y) => x - y)).toEqual([0x01, 0x02, 0x20, 0x33]);
	});

	it('rejects a non-bitmap base and a short bitmap', () => {
		expect(() => decodeBitmap(0x10, b(0, 0, 0, 0))).toThrow(ObdFormatError);
		expect(() => decodeBitmap(0x00, b(0, 0))).toThrow(ObdShortPayloadError);
	});
});

describe('discovery planning', () => {
	it('asks PID 00 first', () => {
		expect(nextDiscoveryPid(new Map())).toBe(0x00);
	});

	it('follows the chain while each bitmap flags the next one', () => {
		const answers = new Map([[0x00, b(0, 0, 0, 0x01)]]);
		expect(nextDiscoveryPid(answers)).toBe(0x20);
		answers.set(0x20, b(0xff, 0, 0, 0x01));
		expect(nextDiscoveryPid(answers)).toBe(0x40);
		answers.set(0x40, b(0xff, 0, 0, 0x00));
		expect(nextDiscoveryPid(answers)).toBeUndefined();
	});

	it('stops at 0xE0, the last bitmap PID', () => {
		const all = b(0xff, 0xff, 0xff, 0xff);
		const answers = new Map([0x00, 0x20, 0x40, 0x60, 0x80, 0xa0, 0xc0, 0xe0].map((p) => [p, all]));
		expect(nextDiscoveryPid(answers)).toBeUndefined();
	});

	it('batches the bitmap PIDs six to a request, as ISO 15765-4 allows', () => {
		expect(planDiscoveryRequests()).toEqual([
			[0x00, 0x20, 0x40, 0x60, 0x80, 0xa0],
			[0xc0, 0xe0]
		]);
	});
});
