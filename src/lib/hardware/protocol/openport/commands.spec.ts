import { describe, expect, it } from 'vitest';
import {
	encodeCloseInterface,
	encodeConnect,
	encodeDisconnect,
	encodeFastInit,
	encodeGetConfig,
	encodeIdentify,
	encodeOpenInterface,
	encodeReadVoltage,
	encodeSetConfig,
	encodeStartFilter,
	encodeStopFilter,
	encodeWriteMessage
} from './commands';
import { J2534Filter } from './constants';

const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));

describe('OpenPort command encoders (j2534.c)', () => {
	it('opens with two blank lines, ati and ata', () => {
		expect(text(encodeIdentify())).toBe('\r\n\r\nati\r\n');
		expect(text(encodeOpenInterface())).toBe('ata\r\n');
		expect(text(encodeCloseInterface())).toBe('atz\r\n');
	});

	it('writes connect, disconnect, config and voltage lines in decimal', () => {
		expect(text(encodeConnect(6, 0, 500000))).toBe('ato6 0 500000 0\r\n');
		expect(text(encodeConnect(5, 0x800, 250000))).toBe('ato5 2048 250000 0\r\n');
		expect(text(encodeDisconnect(4))).toBe('atc4\r\n');
		expect(text(encodeGetConfig(6, 0x1e))).toBe('atg6 30\r\n');
		expect(text(encodeSetConfig(5, 3, 1))).toBe('ats5 3 1\r\n');
		expect(text(encodeReadVoltage())).toBe('atr 16\r\n');
		expect(text(encodeStopFilter(6, 2))).toBe('atk6 2\r\n');
	});

	it('appends the message bytes raw after the att line', () => {
		const msg = hex('000007e00322f190');
		const wire = encodeWriteMessage(6, msg, 0x40);
		expect(text(wire.subarray(0, 13))).toBe('att6 8 64\r\n\0\0');
		expect([...wire.subarray(11)]).toEqual([...msg]);
		expect(wire.length).toBe('att6 8 64\r\n'.length + 8);
	});

	it('sends mask, pattern and flow control back to back after the atf line', () => {
		const wire = encodeStartFilter(6, {
			type: J2534Filter.FLOW_CONTROL,
			txFlags: 0x40,
			mask: hex('ffffffff'),
			pattern: hex('000007e8'),
			flowControl: hex('000007e0')
		});
		const head = 'atf6 3 64 4\r\n';
		expect(text(wire.subarray(0, head.length))).toBe(head);
		expect([...wire.subarray(head.length)]).toEqual([...hex('ffffffff000007e8000007e0')]);
	});

	it('encodes a pass-all CAN filter as eight zero bytes', () => {
		const wire = encodeStartFilter(5, {
			type: J2534Filter.PASS,
			txFlags: 0,
			mask: new Uint8Array(4),
			pattern: new Uint8Array(4)
		});
		expect(text(wire)).toBe('atf5 1 0 4\r\n\0\0\0\0\0\0\0\0');
	});

	it('frames a fast init request with its length', () => {
		expect([...encodeFastInit(4, hex('c133f18166'))]).toEqual([
			...new TextEncoder().encode('aty4 5 0\r\n'),
			0xc1,
			0x33,
			0xf1,
			0x81,
			0x66
		]);
	});

	it('refuses what the device could not represent', () => {
		expect(() => encodeConnect(0, 0, 500000)).toThrow(RangeError);
		expect(() => encodeConnect(10, 0, 500000)).toThrow(RangeError);
		expect(() => encodeConnect(6, -1, 500000)).toThrow(RangeError);
		expect(() => encodeConnect(6, 0, 0)).toThrow(RangeError);
		expect(() => encodeWriteMessage(6, new Uint8Array(0), 0)).toThrow(RangeError);
		expect(() => encodeWriteMessage(6, new Uint8Array(4129), 0)).toThrow(RangeError);
		expect(() => encodeFastInit(4, new Uint8Array(81))).toThrow(RangeError);
		const base = { txFlags: 0, mask: new Uint8Array(4), pattern: new Uint8Array(4) };
		expect(() => encodeStartFilter(5, { ...base, type: 4 as 1 })).toThrow(TypeError);
		expect(() => encodeStartFilter(5, { ...base, type: 1, pattern: new Uint8Array(3) })).toThrow(
			/pattern has 3 bytes/
		);
		expect(() =>
			encodeStartFilter(5, {
				...base,
				type: 1,
				mask: new Uint8Array(13),
				pattern: new Uint8Array(13)
			})
		).toThrow(RangeError);
		expect(() => encodeStartFilter(6, { ...base, type: 3 })).toThrow(/flow control message/);
		expect(() =>
			encodeStartFilter(5, { ...base, type: 1, flowControl: new Uint8Array(4) })
		).toThrow(/only FLOW_CONTROL/);
	});
});
