import { describe, expect, it } from 'vitest';
import { MalformedTransferError } from '../../errors';
import { canFrame } from '../can-frame';
import { decodeFrameLine, encodeFrameLine, lawicelTxAck, parseFrameLine } from './frame-line';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('SLCAN frame lines', () => {
	it('decodes the Linux slcan-core.c examples', () => {
		expect(decodeFrameLine('t1230').frame).toMatchObject({
			id: 0x123,
			extended: false,
			rtr: false
		});
		expect(decodeFrameLine('t1230').frame.data).toEqual(new Uint8Array(0));
		const three = decodeFrameLine('t4563112233');
		expect(three.frame.id).toBe(0x456);
		expect(three.frame.data).toEqual(Uint8Array.of(0x11, 0x22, 0x33));
		const ext = decodeFrameLine('T12ABCDEF2AA55');
		expect(ext.frame).toMatchObject({ id: 0x12abcdef, extended: true });
		expect(ext.frame.data).toEqual(Uint8Array.of(0xaa, 0x55));
		expect(decodeFrameLine('r1230').frame).toMatchObject({ id: 0x123, rtr: true });
	});

	it('round-trips every classic DLC 0–8 for 11-bit and 29-bit ids', () => {
		for (let dlc = 0; dlc <= 8; dlc++) {
			const data = Uint8Array.from({ length: dlc }, (_, i) => (i * 37 + 0xa5) & 0xff);
			for (const [id, extended] of [
				[0x7ff, false],
				[0x000, false],
				[0x1fffffff, true],
				[0x00000001, true]
			] as const) {
				const frame = canFrame({ id, extended, data });
				const line = encodeFrameLine(frame);
				expect(line.length).toBe(1 + (extended ? 8 : 3) + 1 + 2 * dlc);
				const back = decodeFrameLine(line);
				expect(back.frame).toEqual({ ...frame, timestampUs: 0 });
				expect(back.timestampMs).toBeNull();
			}
		}
	});

	it('encodes uppercase hex with the id zero-padded', () => {
		expect(
			encodeFrameLine(canFrame({ id: 0x7e8, data: Uint8Array.of(0x03, 0x41, 0x0c, 0xab) }))
		).toBe('t7E8403410CAB');
		expect(encodeFrameLine(canFrame({ id: 0x18daf110, data: Uint8Array.of(0xff) }))).toBe(
			'T18DAF1101FF'
		);
		expect(encodeFrameLine(canFrame({ id: 0x5, extended: false, data: new Uint8Array(0) }))).toBe(
			't0050'
		);
	});

	it('encodes a remote frame with its DLC and no data, and decodes it back to a zero payload of that length', () => {
		const rtr = canFrame({ id: 0x123, rtr: true, data: new Uint8Array(4) });
		expect(encodeFrameLine(rtr)).toBe('r1234');
		expect(encodeFrameLine({ ...rtr, id: 0x1abcdef, extended: true })).toBe('R01ABCDEF4');
		expect(decodeFrameLine('R01ABCDEF4').frame).toMatchObject({
			rtr: true,
			extended: true,
			data: new Uint8Array(4)
		});
	});

	it('reads and writes the Z1 millisecond timestamp after the data, modulo 60000', () => {
		const line = decodeFrameLine('t1232AABBEA5F');
		expect(line.timestampMs).toBe(0xea5f);
		expect(line.frame.data).toEqual(Uint8Array.of(0xaa, 0xbb));
		expect(decodeFrameLine('r1230002A').timestampMs).toBe(42);
		const frame = canFrame({ id: 0x123, data: Uint8Array.of(0xaa, 0xbb) });
		expect(encodeFrameLine(frame, 59_999.9)).toBe('t1232AABBEA5F');
		expect(encodeFrameLine(frame, 60_001)).toBe('t1232AABB0001');
		expect(
			encodeFrameLine(canFrame({ id: 0x11112222, data: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) }), 0)
		).toBe('T1111222280102030405060708' + '0000');
	});

	it('decodes FD lines with a hex DLC code, with and without bit-rate switch', () => {
		const d = decodeFrameLine('d123C' + '00'.repeat(24));
		expect(d.frame).toMatchObject({ fd: true, brs: false, extended: false });
		expect(d.frame.data.length).toBe(24);
		const b = decodeFrameLine('B00000100F' + 'EE'.repeat(64));
		expect(b.frame).toMatchObject({ fd: true, brs: true, extended: true, id: 0x100 });
		expect(b.frame.data.length).toBe(64);
		expect(encodeFrameLine({ ...b.frame })).toBe('B00000100F' + 'EE'.repeat(64));
	});

	it('accepts lowercase hex from the device', () => {
		expect(decodeFrameLine('t7e82abcd').frame.data).toEqual(Uint8Array.of(0xab, 0xcd));
	});

	it.each([
		['', 'empty'],
		['x1230', 'unknown type'],
		['t12', 'truncated id'],
		['t123', 'missing DLC'],
		['t1239' + '00'.repeat(9), 'classic DLC above 8'],
		['t8000', '11-bit id above 0x7FF'],
		['T200000000', '29-bit id above 0x1FFFFFFF'],
		['t1232001122', 'one data byte too many'],
		['t123200', 'one data byte short'],
		['t1231G0', 'bad hex in data'],
		['t12310000F', 'timestamp not 4 digits'],
		['t1230EA60', 'timestamp at or past 60000'],
		['t1230ZZZZ', 'bad hex in timestamp']
	])('rejects %j (%s)', (line) => {
		expect(parseFrameLine(bytes(line), 0, line.length)).toBeNull();
		expect(() => decodeFrameLine(line)).toThrow(MalformedTransferError);
	});

	it('parses a line in the middle of a larger buffer', () => {
		const buf = bytes('garbage\rt1231FF\rmore');
		expect(parseFrameLine(buf, 8, 15)?.frame.data).toEqual(Uint8Array.of(0xff));
	});

	it('refuses to encode what the format cannot carry', () => {
		expect(() =>
			encodeFrameLine(canFrame({ id: 0x800, extended: false, data: new Uint8Array(0) }))
		).toThrow(RangeError);
		expect(() => encodeFrameLine(canFrame({ id: 1, data: new Uint8Array(9) }))).toThrow(RangeError);
		expect(() => encodeFrameLine(canFrame({ id: 1, fd: true, data: new Uint8Array(9) }))).toThrow(
			/pad to 12/
		);
		expect(() =>
			encodeFrameLine(canFrame({ id: 1, fd: true, rtr: true, data: new Uint8Array(0) }))
		).toThrow(RangeError);
	});

	it('names the Lawicel TX ack by identifier format', () => {
		expect(lawicelTxAck({ extended: false })).toBe('z');
		expect(lawicelTxAck({ extended: true })).toBe('Z');
	});
});
