import { describe, expect, it } from 'vitest';
import { MalformedTransferError } from '../../errors';
import { decodeDtcResponse, decodeVinResponse } from '../obd2';
import { encodeIso9141ObdResponse } from '../kline';
import {
	assembleResponses,
	classifyStatusLine,
	mergeLegacyObdResponses,
	parseLegacyMessage,
	parseProtocolNumber,
	protocolFamily,
	splitLegacyObdResponse
} from './index';

const bytes = (hex: string) => Uint8Array.from(hex.split(' '), (h) => parseInt(h, 16));
const hexOf = (u: Uint8Array) =>
	[...u].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe('K-line messages as the ELM shows them', () => {
	it('reads the sender address and data of ISO 9141-2 and KWP messages', () => {
		expect(parseLegacyMessage(bytes('48 6B 10 41 0C 1A F8 22'), 'iso9141')).toEqual({
			source: 0x10,
			data: bytes('41 0C 1A F8')
		});
		expect(parseLegacyMessage(bytes('84 F1 10 41 0C 1A F8 E4'), 'kwp')).toEqual({
			source: 0x10,
			data: bytes('41 0C 1A F8')
		});
		expect(parseLegacyMessage(bytes('02 41 00 43'), 'kwp')).toEqual({
			source: null,
			data: bytes('41 00')
		});
		expect(parseLegacyMessage(bytes('48 6B 10 41 00 BE 1F 00'), 'j1850').data).toEqual(
			bytes('41 00 BE 1F')
		);
	});

	it('rejects a wrong checksum, a length that does not fit and a cut message as malformed', () => {
		const bad = (hex: string, family: 'iso9141' | 'kwp' | 'j1850') => () =>
			parseLegacyMessage(bytes(hex), family);
		expect(bad('48 6B 10 41 0C 1A F8 23', 'iso9141')).toThrow(MalformedTransferError);
		expect(bad('48 6B 10 41 0C 1A F8 23', 'iso9141')).toThrow(/checksum 0x23 should be 0x22/);
		expect(bad('85 F1 10 41 0C 1A F8 E5', 'kwp')).toThrow(/announces 9 bytes, the message has 8/);
		expect(bad('48 6B 10 41', 'iso9141')).toThrow(MalformedTransferError);
		expect(bad('41 6B 10', 'j1850')).toThrow(MalformedTransferError);
	});
});

describe('SAE J1979 non-CAN multi-message answers', () => {
	const VIN = 'WCTZZZ000RS000042';
	const canVin = Uint8Array.of(0x49, 0x02, 0x01, ...ascii(VIN));

	it('splits a VIN into five numbered messages, the first with 3 fill bytes, and merges it back', () => {
		const messages = splitLegacyObdResponse(canVin);
		expect(messages.map(hexOf)).toEqual([
			'49 02 01 00 00 00 57',
			'49 02 02 43 54 5A 5A',
			'49 02 03 5A 30 30 30',
			'49 02 04 52 53 30 30',
			'49 02 05 30 30 34 32'
		]);
		const [merged] = mergeLegacyObdResponses([...messages].reverse());
		expect(decodeVinResponse(merged)).toBe(VIN);
	});

	it('throws on a missing or repeated VIN message', () => {
		const messages = splitLegacyObdResponse(canVin);
		expect(() => mergeLegacyObdResponses([messages[0], messages[1], messages[3]])).toThrow(
			/numbered 1, 2, 4, expected 1–3/
		);
	});

	it('sends DTCs three per message padded with 00 00, and merges them into the counted CAN form', () => {
		const can = bytes('43 04 01 33 04 20 01 71 03 00');
		const messages = splitLegacyObdResponse(can);
		expect(messages.map(hexOf)).toEqual(['43 01 33 04 20 01 71', '43 03 00 00 00 00 00']);
		const [merged] = mergeLegacyObdResponses(messages);
		expect(decodeDtcResponse(merged, 0x03)).toEqual(['P0133', 'P0420', 'P0171', 'P0300']);
		expect(splitLegacyObdResponse(bytes('43 00')).map(hexOf)).toEqual(['43 00 00 00 00 00 00']);
		expect(
			decodeDtcResponse(mergeLegacyObdResponses([bytes('43 00 00 00 00 00 00')])[0], 3)
		).toEqual([]);
	});

	it('passes single-message answers through, in arrival order around merged ones', () => {
		const merged = mergeLegacyObdResponses([
			bytes('41 0C 1A F8'),
			bytes('43 01 33 00 00 00 00'),
			bytes('7F 01 12'),
			bytes('43 04 20 00 00 00 00')
		]);
		expect(merged.map(hexOf)).toEqual(['41 0C 1A F8', '43 02 01 33 04 20', '7F 01 12']);
		expect(splitLegacyObdResponse(bytes('49 00 54 40 00 00')).map(hexOf)).toEqual([
			'49 00 54 40 00 00'
		]);
	});
});

describe('ELM answers on the K-line', () => {
	it('groups messages by sender address and merges each ECU’s VIN (ATH1)', () => {
		const line = (source: number, data: string) =>
			hexOf(encodeIso9141ObdResponse(source, bytes(data)));
		const answers = assembleResponses(
			[
				line(0x10, '49 02 01 00 00 00 31'),
				line(0x10, '49 02 02 44 34 47 50'),
				line(0x18, '41 00 80 00 00 00'),
				line(0x10, '49 02 03 30 30 52 35'),
				line(0x10, '49 02 04 35 42 31 32'),
				line(0x10, '49 02 05 33 34 35 36')
			],
			true,
			'iso9141'
		);
		expect(line(0x10, '49 02 01 00 00 00 31')).toBe('48 6B 10 49 02 01 00 00 00 31 40');
		expect(answers.map((a) => a.header)).toEqual([0x10, 0x18]);
		expect(decodeVinResponse(answers[0].data)).toBe('1D4GP00R55B123456');
		expect(hexOf(answers[1].data)).toBe('41 00 80 00 00 00');
	});

	it('reads bare data lines with headers off, as one unnamed ECU', () => {
		const answers = assembleResponses(['43 01 33 04 20 00 00'], false, 'kwp');
		expect(answers).toEqual([{ header: null, extended: false, data: bytes('43 02 01 33 04 20') }]);
	});

	it('knows the bus of each protocol digit and reads ATDPN', () => {
		expect(protocolFamily('3')).toBe('iso9141');
		expect(protocolFamily('5')).toBe('kwp');
		expect(protocolFamily('a')).toBe('can');
		expect(protocolFamily('0')).toBeNull();
		expect(parseProtocolNumber('A3')).toBe('3');
		expect(parseProtocolNumber('6')).toBe('6');
		expect(parseProtocolNumber('A0')).toBeNull();
		expect(parseProtocolNumber('?')).toBeNull();
	});

	it('classifies the ends of a bus init and the ELM’s checksum error marker', () => {
		expect(classifyStatusLine('BUS INIT: ...OK')).toBe('informational');
		expect(classifyStatusLine('BUS INIT: OK')).toBe('informational');
		expect(classifyStatusLine('BUS INIT: ...ERROR')).toBe('bus-init-error');
		expect(classifyStatusLine('BUS INIT: .STOPPED')).toBe('stopped');
		expect(classifyStatusLine('41 0C 1A F8 <DATA ERROR')).toBe('data-error');
	});
});
