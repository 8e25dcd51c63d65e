import { describe, expect, it } from 'vitest';
import { MalformedTransferError } from '../../errors';
import {
	assembleResponses,
	baudRateDivisor,
	classifyReply,
	classifyStatusLine,
	encodeCommand,
	formatFrameLine,
	formatRequest,
	isStnId,
	parseDataLine,
	parseElmVersion,
	parseMonitorLine,
	replyLines
} from './index';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const bytes = (u: Uint8Array) => [...u];
const VIN = [0x49, 0x02, 0x01, ...ascii('1D4GP00R55B123456')];

describe('ELM327 command formatting', () => {
	it('ends commands with CR and refuses line breaks', () => {
		expect(bytes(encodeCommand('ATZ'))).toEqual([0x41, 0x54, 0x5a, 0x0d]);
		expect(() => encodeCommand('AT\rZ')).toThrow(TypeError);
	});

	it('formats requests with the optional expected-response digit', () => {
		expect(formatRequest(Uint8Array.of(0x01, 0x0c))).toBe('010C');
		expect(formatRequest(Uint8Array.of(0x01, 0x0c), 1)).toBe('010C1');
		expect(() => formatRequest(new Uint8Array(8))).toThrow(RangeError);
	});

	it('computes ATBRD divisors and refuses rates it cannot make', () => {
		expect(baudRateDivisor(115200)).toBe(0x23);
		expect(baudRateDivisor(500000)).toBe(0x08);
		expect(() => baudRateDivisor(3_000_000)).toThrow(RangeError);
	});
});

describe('ELM327 reply lines', () => {
	it('drops the echo, blank lines, LF and the prompt', () => {
		expect(replyLines('ATE0\rOK\r\r>', 'ATE0')).toEqual(['OK']);
		expect(replyLines('AT E0\r\nOK\r\n\r\n>', 'ATE0')).toEqual(['OK']);
	});

	it('classifies status lines and keeps data lines', () => {
		expect(classifyStatusLine('BUS INIT: ...ERROR')).toBe('bus-init-error');
		expect(classifyStatusLine('BUS INIT: ...OK')).toBe('informational');
		expect(classifyReply(['SEARCHING...', '7E8064100BE1FA813'])).toEqual({
			data: ['7E8064100BE1FA813'],
			status: null,
			statusLine: null
		});
		expect(classifyReply(['CAN ERROR']).status).toBe('can-error');
	});

	it('reads identification strings', () => {
		expect(parseElmVersion('ELM327 v1.5')).toEqual([1, 5]);
		expect(parseElmVersion('OBDII v2')).toBeNull();
		expect(isStnId('STN1110 v5.0.0')).toBe(true);
		expect(isStnId('?')).toBe(false);
	});
});

describe('ELM327 data lines', () => {
	it('parses 11-bit and 29-bit headers with spaces on and off', () => {
		expect(parseDataLine('7E8 03 41 0C 1A F8', true)).toMatchObject({
			header: 0x7e8,
			extended: false
		});
		expect(bytes(parseDataLine('7E803410C', true).bytes)).toEqual([0x03, 0x41, 0x0c]);
		const ext = parseDataLine('18 DA F1 10 03 41 0C 1A', true);
		expect(ext).toMatchObject({ header: 0x18daf110, extended: true });
		expect(bytes(parseDataLine('18DAF11003410C1A', true).bytes)).toEqual([0x03, 0x41, 0x0c, 0x1a]);
		expect(bytes(parseDataLine('410C1AF8', false).bytes)).toEqual([0x41, 0x0c, 0x1a, 0xf8]);
	});

	it('rejects non-hex and cut lines with MalformedTransferError', () => {
		expect(() => parseDataLine('7E8 06 41 0C 1', true)).toThrow(MalformedTransferError);
		expect(() => parseDataLine('NO DAT', false)).toThrow(MalformedTransferError);
		expect(() => parseDataLine('7E8', true)).toThrow(MalformedTransferError);
	});

	it('prints frames the way the ELM does', () => {
		expect(formatFrameLine({ id: 0x7e8, extended: false }, Uint8Array.of(6, 0x41), true)).toBe(
			'7E8 06 41 '
		);
		expect(formatFrameLine({ id: 0x18daf110, extended: true }, Uint8Array.of(2), false)).toBe(
			'18DAF11002'
		);
	});
});

describe('ELM327 multi-frame answers', () => {
	it('reassembles ISO-TP frames per header with headers on', () => {
		const r = assembleResponses(
			[
				'7E8 10 14 49 02 01 31 44 34',
				'7E9 03 41 0D 32',
				'7E8 21 47 50 30 30 52 35 35',
				'7E8 22 42 31 32 33 34 35 36'
			],
			true
		);
		expect(r.map((x) => [x.header, bytes(x.data)])).toEqual([
			[0x7e9, [0x41, 0x0d, 0x32]],
			[0x7e8, VIN]
		]);
	});

	it('reassembles the numbered form with headers off', () => {
		const r = assembleResponses(
			['014', '0: 49 02 01 31 44 34', '1:47503030523535', '2: 42 31 32 33 34 35 36'],
			false
		);
		expect(r.map((x) => bytes(x.data))).toEqual([VIN]);
	});

	it('throws on a missing consecutive frame or a short answer', () => {
		expect(() =>
			assembleResponses(['7E8 10 14 49 02 01 31 44 34', '7E8 22 42 31 32 33 34 35 36'], true)
		).toThrow(/sequence 2, expected 1/);
		expect(() => assembleResponses(['014', '0: 49 02 01 31 44 34'], false)).toThrow(/6 of 20/);
		expect(() => assembleResponses(['7E8 06 41 00 BE'], true)).toThrow(MalformedTransferError);
	});
});

describe('ELM327 monitor lines', () => {
	const parse = (s: string) => parseMonitorLine(ascii(s), 0, s.length, 42);

	it('turns ATMA lines into CanFrames', () => {
		expect(parse('7E8 03 41 0D 00 00 00 00 00')).toMatchObject({
			id: 0x7e8,
			extended: false,
			timestampUs: 42
		});
		expect(bytes(parse('18FEF100FF01')!.data)).toEqual([0xff, 0x01]);
		expect(parse('18FEF100FF01')!.extended).toBe(true);
		expect(parse('123')!.data.length).toBe(0);
	});

	it('returns null for status text and impossible frames', () => {
		expect(parse('BUFFER FULL')).toBeNull();
		expect(parse('7E8 00 11 22 33 44 55 66 77 88')).toBeNull();
		expect(parse('12')).toBeNull();
	});
});
