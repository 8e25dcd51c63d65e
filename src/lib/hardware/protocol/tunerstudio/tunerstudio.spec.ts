import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIni } from '../../../tune/ini';
import { AdapterRejectedError, MalformedTransferError } from '../../errors';
import {
	EcuBusyError,
	EcuRangeError,
	EcuReturnCodeError,
	EcuUnknownCommandError,
	EnvelopeCrcError,
	EnvelopeDecoder,
	EnvelopeLengthError,
	burnRequest,
	compileOutputChannels,
	crc32,
	decodeOutputChannels,
	encodeEnvelope,
	expectedSampleRate,
	formatCommand,
	outputChannelsRequest,
	pageCrcRequest,
	pageReadRequest,
	pageWriteRequest,
	protocolVersionRequest,
	returnCodeError,
	signatureRequest,
	versionRequest
} from '.';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
const definition = parseIni(
	readFileSync(path.resolve('../shared/data/speeduino/speeduino.ini'), 'utf8')
);

describe('crc32', () => {
	it('matches the IEEE check value and zlib', () => {
		expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
		expect(crc32(ascii('Q'))).toBe(0xce6e8eef);
		expect(crc32(Uint8Array.of(0x00))).toBe(0xd202ef8d);
		expect(crc32(new Uint8Array(0))).toBe(0);
		expect(crc32(ascii('xx123456789yy'), 2, 11)).toBe(0xcbf43926);
	});
});

describe('msEnvelope_1.0', () => {
	it('wraps a payload in a BE length and a BE CRC32', () => {
		expect(hex(encodeEnvelope(ascii('Q')))).toBe('00 01 51 ce 6e 8e ef');
		expect(hex(encodeEnvelope(Uint8Array.of(0x82)))).toBe('00 01 82 d1 b4 0d 81');
		expect(() => encodeEnvelope(new Uint8Array(0))).toThrow(RangeError);
	});

	it('decodes a frame delivered one byte at a time', () => {
		const d = new EnvelopeDecoder();
		const frame = encodeEnvelope(ascii('\0speeduino 202103'));
		const events = [...frame].flatMap((b) => d.push(Uint8Array.of(b)));
		expect(events).toEqual([{ kind: 'frame', payload: ascii('\0speeduino 202103') }]);
		expect(d.buffered).toBe(0);
	});

	it('decodes concatenated frames and keeps a partial tail', () => {
		const d = new EnvelopeDecoder();
		const a = encodeEnvelope(Uint8Array.of(0, 1, 2));
		const b = encodeEnvelope(Uint8Array.of(4));
		const c = encodeEnvelope(Uint8Array.of(0, 9));
		const all = new Uint8Array([...a, ...b, ...c.subarray(0, 4)]);
		expect(d.push(all).map((e) => e.kind === 'frame' && [...e.payload])).toEqual([[0, 1, 2], [4]]);
		expect(d.buffered).toBe(4);
		expect(d.push(c.subarray(4))).toEqual([{ kind: 'frame', payload: Uint8Array.of(0, 9) }]);
	});

	it('reports a CRC mismatch and goes on with the next frame', () => {
		const d = new EnvelopeDecoder();
		const bad = encodeEnvelope(Uint8Array.of(0, 7));
		bad[bad.length - 1] ^= 1;
		const events = d.push(new Uint8Array([...bad, ...encodeEnvelope(Uint8Array.of(4))]));
		expect(events).toHaveLength(2);
		const [first, second] = events;
		expect(first.kind === 'error' && first.error).toBeInstanceOf(EnvelopeCrcError);
		expect(first.kind === 'error' && first.error).toBeInstanceOf(MalformedTransferError);
		expect(first.kind === 'error' && (first.error as EnvelopeCrcError).payload).toEqual(
			Uint8Array.of(0, 7)
		);
		expect(second).toEqual({ kind: 'frame', payload: Uint8Array.of(4) });
	});

	it('rejects a length outside the limits and drops what it holds', () => {
		const d = new EnvelopeDecoder({ maxPayload: 118 });
		const [event] = d.push(Uint8Array.of(0x02, 0x00, 1, 2, 3));
		expect(event.kind === 'error' && event.error).toBeInstanceOf(EnvelopeLengthError);
		expect(event.kind === 'error' && event.error.message).toBe(
			'envelope length 512 is outside 1…118'
		);
		expect(d.buffered).toBe(0);
		expect(d.push(Uint8Array.of(0, 0))[0]).toMatchObject({ kind: 'error' });
		expect(() => new EnvelopeDecoder({ maxPayload: 0x10000 })).toThrow(RangeError);
	});
});

describe('Speeduino command payloads (protocols.md §6.2)', () => {
	it('builds the exact bytes, with LE offsets and lengths', () => {
		expect(hex(signatureRequest())).toBe('51');
		expect(hex(versionRequest())).toBe('53');
		expect(hex(protocolVersionRequest())).toBe('46');
		expect(hex(outputChannelsRequest({ offset: 0, length: 117 }))).toBe('72 00 30 00 00 75 00');
		expect(hex(pageReadRequest({ page: 2, offset: 0x100, length: 32 }))).toBe(
			'70 00 02 00 01 20 00'
		);
		expect(
			hex(pageWriteRequest({ canId: 0, page: 1, offset: 24, data: Uint8Array.of(122, 9) }))
		).toBe('4d 00 01 18 00 02 00 7a 09');
		expect(hex(burnRequest({ page: 14 }))).toBe('62 00 0e');
		expect(hex(pageCrcRequest({ page: 3, canId: 1 }))).toBe('64 01 03');
	});

	it('throws on arguments that do not fit their bytes', () => {
		expect(() => pageReadRequest({ page: 256, offset: 0, length: 1 })).toThrow(RangeError);
		expect(() => pageReadRequest({ page: 1, offset: 0x10000, length: 1 })).toThrow(RangeError);
		expect(() => pageReadRequest({ page: 1, offset: 0, length: 0 })).toThrow(/at least 1/);
		expect(() => burnRequest({ page: 1.5 })).toThrow(TypeError);
	});

	it('equals what the ini templates expand to on every page', () => {
		const c = definition.commands;
		definition.pages.forEach((p, i) => {
			const pageIdentifier = c.pageIdentifier[i];
			const args = { pageIdentifier, offset: 5, count: 3, values: Uint8Array.of(1, 2, 3) };
			expect(formatCommand(c.pageRead[i], args)).toEqual(
				pageReadRequest({ page: p.number, offset: 5, length: 3 })
			);
			expect(formatCommand(c.pageChunkWrite[i], args)).toEqual(
				pageWriteRequest({ page: p.number, offset: 5, data: args.values })
			);
			expect(formatCommand(c.burn[i], args)).toEqual(burnRequest({ page: p.number }));
			expect(formatCommand(c.crc32Check[i], args)).toEqual(pageCrcRequest({ page: p.number }));
		});
		expect(formatCommand(c.outputChannels!, { offset: 0, count: 117 })).toEqual(
			outputChannelsRequest({ offset: 0, length: 117 })
		);
		expect(
			hex(formatCommand('R%2i%2o%2c', { pageIdentifier: '\\x00\\x00', offset: 1, count: 2 }, 'big'))
		).toBe('52 00 00 00 01 00 02');
		expect(() => formatCommand('p%2x', {})).toThrow(/unknown placeholder/);
	});
});

describe('return codes', () => {
	it('map to named typed errors', () => {
		const busy = returnCodeError(0x85, 0x72);
		expect(busy).toBeInstanceOf(EcuBusyError);
		expect(busy).toBeInstanceOf(EcuReturnCodeError);
		expect(busy).toBeInstanceOf(AdapterRejectedError);
		expect(busy.returnCodeName).toBe('busy');
		expect(busy.message).toBe("ECU answered 'r' with busy (0x85)");
		expect(returnCodeError(0x84, 0x70)).toBeInstanceOf(EcuRangeError);
		expect(returnCodeError(0x83, 0x5a)).toBeInstanceOf(EcuUnknownCommandError);
		const odd = returnCodeError(0x99, 0x70);
		expect(odd.constructor).toBe(EcuReturnCodeError);
		expect(odd.returnCodeName).toBe('unknown');
	});
});

describe('output channels', () => {
	it('decode per the ini: value = (raw + translate) × scale, bits as raw fields', () => {
		const layout = compileOutputChannels(definition);
		const block = new Uint8Array(117);
		block[4] = 0x2c; // map = 300 kPa
		block[5] = 0x01;
		block[7] = 130; // coolantRaw
		block[9] = 141; // batteryVoltage × 10
		block[14] = 0xe8; // rpm = 1000
		block[15] = 0x03;
		block[23] = 0xf6; // advance = -10 (S08)
		block[31] = 0x84; // status2: sync (bit 7), hardLimitOn (bit 2)
		block[75] = 0xb8; // pulseWidth 3000 × 0.001
		block[76] = 0x0b;
		const v = decodeOutputChannels(layout, block);
		expect(v.map).toBe(300);
		expect(v.coolantRaw).toBe(130);
		expect(v.batteryVoltage).toBeCloseTo(14.1, 10);
		expect(v.rpm).toBe(1000);
		expect(v.advance).toBe(-10);
		expect(v.sync).toBe(1);
		expect(v.hardLimitOn).toBe(1);
		expect(v.launchHard).toBe(0);
		expect(v.status2).toBe(0x84);
		expect(v.pulseWidth).toBeCloseTo(3, 10);
		// Computed channels that need only the block: coolant = { (coolantRaw - 40) * 1.8 + 32 } (no CELSIUS).
		expect(v.coolant).toBeCloseTo(194, 10);
		// Those that need constants wait for the page images (output-channels.spec.ts).
		expect(layout.unevaluated).toContain('idleLoad');
		expect(layout.unevaluated).toContain('lambda');
		expect(v).not.toHaveProperty('lambda');
	});

	it('refuse a block of the wrong size', () => {
		expect(() =>
			decodeOutputChannels(compileOutputChannels(definition), new Uint8Array(116))
		).toThrow(MalformedTransferError);
	});
});

describe('expectedSampleRate', () => {
	it('counts both directions, envelopes and turnaround', () => {
		const r = expectedSampleRate({ baud: 115200, ochBlockSize: 117 });
		expect(r.requestBytes).toBe(13);
		expect(r.responseBytes).toBe(124);
		expect(r.wireMs).toBeCloseTo((137 * 10 * 1000) / 115200, 9);
		expect(r.hz).toBeCloseTo(1000 / (r.wireMs + 1), 9);
		expect(r.limitedBy).toBe('wire');
		expect(r.explanation).toMatch(/137 B, 11\.9 ms at 115200 baud.*at most 78 Hz/);
	});

	it('shows a USB-serial latency timer dominating', () => {
		const r = expectedSampleRate({ baud: 115200, ochBlockSize: 117, hostTurnaroundMs: 16 });
		expect(Math.round(r.hz)).toBe(35);
		expect(r.limitedBy).toBe('turnaround');
	});

	it('splits a block bigger than the blocking factor into several requests', () => {
		const r = expectedSampleRate({ baud: 1_000_000, ochBlockSize: 300, blockingFactor: 121 });
		expect(r.requestsPerSample).toBe(3);
		expect(r.requestBytes).toBe(39);
		expect(r.responseBytes).toBe(300 + 21);
		expect(() => expectedSampleRate({ baud: 0, ochBlockSize: 1 })).toThrow(RangeError);
	});
});
