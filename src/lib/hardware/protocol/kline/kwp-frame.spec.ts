import { describe, expect, it } from 'vitest';
import { decodeKwpFrame, encodeKwpFrame, kwpFrameLength } from './kwp-frame';
import { kLineChecksum } from './checksum';
import { KLineChecksumError, KLineFrameError } from './errors';
import {
	decodeStartCommunicationResponse,
	encodeStartCommunication,
	kwpHeader
} from './kwp-services';
import { KLineNegativeResponseError } from './errors';

const hex = (s: string) => Uint8Array.from(s.split(' '), (b) => parseInt(b, 16));

describe('ISO 14230-2 KWP frames', () => {
	it('sums every byte before the checksum modulo 256', () => {
		expect(kLineChecksum(hex('c1 33 f1 81'))).toBe(0x66);
		expect(kLineChecksum(hex('ff ff 02'))).toBe(0x00);
		expect(kLineChecksum(hex('c1 33 f1 81 66'), 4)).toBe(0x66);
	});

	it('encodes the ISO 14230-4 StartCommunication requests byte for byte', () => {
		expect([...encodeStartCommunication()]).toEqual([...hex('c1 33 f1 81 66')]);
		expect([...encodeStartCommunication({ mode: 'physical' })]).toEqual([...hex('81 10 f1 81 03')]);
	});

	it('encodes an OBD mode 01 request with the length in the format byte', () => {
		const frame = encodeKwpFrame({ ...kwpHeader(), data: hex('01 0c') });
		expect([...frame]).toEqual([...hex('c2 33 f1 01 0c f3')]);
	});

	it('moves the length to its own byte above 63 data bytes or on request', () => {
		const data = new Uint8Array(64).fill(1);
		const frame = encodeKwpFrame({ addressMode: 'physical', target: 0x10, source: 0xf1, data });
		expect([...frame.subarray(0, 4)]).toEqual([0x80, 0x10, 0xf1, 64]);
		expect(frame.length).toBe(4 + 64 + 1);
		expect([
			...encodeKwpFrame({ addressMode: 'none', data: hex('3e') }, { lengthByte: true })
		]).toEqual([0x00, 0x01, 0x3e, 0x3f]);
		expect([...encodeKwpFrame({ addressMode: 'none', data: hex('3e') })]).toEqual([
			0x01, 0x3e, 0x3f
		]);
	});

	it('decodes all four header formats', () => {
		expect(decodeKwpFrame(hex('83 f1 10 c1 ef 8f c3'))).toEqual({
			addressMode: 'physical',
			target: 0xf1,
			source: 0x10,
			data: hex('c1 ef 8f')
		});
		expect(decodeKwpFrame(hex('01 3e 3f'))).toEqual({ addressMode: 'none', data: hex('3e') });
		expect(decodeKwpFrame(hex('00 01 3e 3f'))).toEqual({ addressMode: 'none', data: hex('3e') });
		expect(decodeKwpFrame(hex('c0 33 f1 01 3e 23'))).toEqual({
			addressMode: 'functional',
			target: 0x33,
			source: 0xf1,
			data: hex('3e')
		});
	});

	it('knows a message length from its header alone', () => {
		expect(kwpFrameLength(hex('c2'))).toBe(6);
		expect(kwpFrameLength(hex('80 10 f1'))).toBeUndefined();
		expect(kwpFrameLength(hex('80 10 f1 40'))).toBe(4 + 64 + 1);
		expect(kwpFrameLength(new Uint8Array(0))).toBeUndefined();
	});

	it('rejects a wrong checksum with both values', () => {
		const err = (() => {
			try {
				decodeKwpFrame(hex('83 f1 10 c1 ef 8f c4'));
			} catch (e) {
				return e;
			}
		})();
		expect(err).toBeInstanceOf(KLineChecksumError);
		expect(err).toMatchObject({ expected: 0xc3, received: 0xc4 });
	});

	it('rejects messages whose length does not match the header', () => {
		expect(() => decodeKwpFrame(hex('83 f1 10 c1 ef'))).toThrow(KLineFrameError);
		expect(() => decodeKwpFrame(hex('81 f1 10 c1 ef 8f c3'))).toThrow(/announces 5 bytes/);
		expect(() => decodeKwpFrame(hex('80 f1'))).toThrow(/inside its header/);
		expect(() => decodeKwpFrame(hex('80 f1 10 00 81'))).toThrow(/length byte 0/);
	});

	it('refuses frames it cannot encode', () => {
		expect(() => encodeKwpFrame({ addressMode: 'none', data: new Uint8Array(0) })).toThrow(
			RangeError
		);
		expect(() => encodeKwpFrame({ addressMode: 'none', data: new Uint8Array(256) })).toThrow(
			RangeError
		);
		expect(() =>
			encodeKwpFrame({ addressMode: 'physical', target: 0x10, data: hex('01') })
		).toThrow(/source address/);
		expect(() => encodeKwpFrame({ addressMode: 'none', target: 1, data: hex('01') })).toThrow(
			TypeError
		);
	});

	it('reads the key bytes from a StartCommunication response', () => {
		const keys = decodeStartCommunicationResponse(decodeKwpFrame(hex('83 f1 10 c1 ef 8f c3')));
		expect(keys).toMatchObject({ protocol: 'iso14230', keyBytes: [0xef, 0x8f], obd: true });
		expect(() =>
			decodeStartCommunicationResponse({ addressMode: 'none', data: hex('7f 81 10') })
		).toThrow(KLineNegativeResponseError);
		expect(() =>
			decodeStartCommunicationResponse({ addressMode: 'none', data: hex('c1 ef') })
		).toThrow(KLineFrameError);
	});
});
