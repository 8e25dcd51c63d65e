import { describe, expect, it } from 'vitest';
import { OpenPortRxParser, type OpenPortRxEvent } from './rx-stream';
import { encodeRxPacket } from './replies';

/** Concatenates ASCII strings and byte lists into one transcript chunk. */
function wire(...parts: (string | number[])[]): Uint8Array {
	const out: number[] = [];
	for (const p of parts) {
		if (typeof p === 'string') for (const c of p) out.push(c.charCodeAt(0));
		else out.push(...p);
	}
	return Uint8Array.from(out);
}

function parseChunks(chunks: Uint8Array[]): OpenPortRxEvent[] {
	const parser = new OpenPortRxParser();
	return chunks.flatMap((c) => parser.push(c));
}

// ar5, len 17 (type + ts + id + 8 data), RX, ts 0x01020304, id 0x7E8, 03 41 0C 1A F8 00 00 00
const CAN_RX = wire(
	'ar5',
	[17, 0x00, 1, 2, 3, 4, 0, 0, 7, 0xe8, 3, 0x41, 0x0c, 0x1a, 0xf8, 0, 0, 0]
);
const CAN_EVENT = {
	kind: 'packet',
	channel: 5,
	type: 0x00,
	timestampUs: 0x01020304,
	data: Uint8Array.of(0, 0, 7, 0xe8, 3, 0x41, 0x0c, 0x1a, 0xf8, 0, 0, 0)
};

describe('OpenPortRxParser', () => {
	it('reads one CAN packet: channel digit, length, type, BE timestamp, id + data', () => {
		expect(parseChunks([CAN_RX])).toEqual([CAN_EVENT]);
	});

	it('reads packets and an aro concatenated in one bulk read', () => {
		const txDone = wire('ar6', [9, 0x10, 0xff, 0xff, 0xff, 0xfe, 0, 0, 7, 0xe0]);
		const events = parseChunks([wire([...CAN_RX], 'aro\r\n', [...txDone], [...CAN_RX])]);
		expect(events.map((e) => e.kind)).toEqual(['packet', 'ok', 'packet', 'packet']);
		expect(events[2]).toEqual({
			kind: 'packet',
			channel: 6,
			type: 0x10,
			timestampUs: 0xfffffffe,
			data: Uint8Array.of(0, 0, 7, 0xe0)
		});
	});

	it('reassembles a packet split at every possible byte boundary', () => {
		const stream = wire([...CAN_RX], 'aro\r\n', [...CAN_RX]);
		for (let cut = 1; cut < stream.length; cut++) {
			const events = parseChunks([stream.subarray(0, cut), stream.subarray(cut)]);
			expect(events, `cut at ${cut}`).toEqual([CAN_EVENT, { kind: 'ok' }, CAN_EVENT]);
		}
		const oneByteAtATime = parseChunks(Array.from(stream, (b) => Uint8Array.of(b)));
		expect(oneByteAtATime).toEqual([CAN_EVENT, { kind: 'ok' }, CAN_EVENT]);
	});

	it('holds back a partial packet until the rest arrives', () => {
		const parser = new OpenPortRxParser();
		expect(parser.push(CAN_RX.subarray(0, 10))).toEqual([]);
		expect(parser.buffered).toBe(10);
		expect(parser.push(CAN_RX.subarray(10))).toEqual([CAN_EVENT]);
		expect(parser.buffered).toBe(0);
	});

	it('reads K-line data packets without a timestamp and indications with one', () => {
		const events = parseChunks([
			wire('ar4', [5, 0x80, 0, 0, 0x10, 0]),
			wire('ar4', [7, 0x00, 0x83, 0xf1, 0x10, 0x41, 0x0d, 0x00]),
			wire('ar4', [5, 0x40, 0, 0, 0x10, 0x20])
		]);
		expect(events).toEqual([
			{ kind: 'packet', channel: 4, type: 0x80, timestampUs: 0x1000, data: new Uint8Array(0) },
			{
				kind: 'packet',
				channel: 4,
				type: 0x00,
				timestampUs: undefined,
				data: Uint8Array.of(0x83, 0xf1, 0x10, 0x41, 0x0d, 0x00)
			},
			{ kind: 'packet', channel: 4, type: 0x40, timestampUs: 0x1020, data: new Uint8Array(0) }
		]);
	});

	it('parses every text reply j2534.c expects', () => {
		const events = parseChunks([
			wire(
				'ari main code version : 1.17.4877\r\n',
				'aro\r\n',
				'are 23\r\n',
				'arf6 0\r\n',
				'arg6 30 8\r\n',
				'arr 16 12643\r\n',
				'arx something new\r\n'
			)
		]);
		expect(events).toEqual([
			{ kind: 'info', text: 'main code version : 1.17.4877' },
			{ kind: 'ok' },
			{ kind: 'error', code: 23 },
			{ kind: 'filter', channel: 6, filterId: 0 },
			{ kind: 'config', channel: 6, param: 30, value: 8 },
			{ kind: 'voltage', pin: 16, millivolts: 12643 },
			{ kind: 'text', line: 'arx something new' }
		]);
	});

	it('takes the raw bytes after ary as the fast init response, even split and containing "ar"', () => {
		const stream = wire('ary4 7\r\n', [0x83, 0xf1, 0x61, 0x72, 0xef, 0x8f, 0x0a], 'aro\r\n');
		for (let cut = 1; cut < stream.length; cut++) {
			const events = parseChunks([stream.subarray(0, cut), stream.subarray(cut)]);
			expect(events, `cut at ${cut}`).toEqual([
				{
					kind: 'fast-init',
					channel: 4,
					data: Uint8Array.of(0x83, 0xf1, 0x61, 0x72, 0xef, 0x8f, 0x0a)
				},
				{ kind: 'ok' }
			]);
		}
	});

	it('reports a zero-length packet as malformed and keeps reading', () => {
		const events = parseChunks([wire('ar5', [0], [...CAN_RX])]);
		expect(events).toEqual([
			{
				kind: 'malformed',
				reason: 'packet with length 0 has no type byte',
				bytes: wire('ar5', [0])
			},
			CAN_EVENT
		]);
	});

	it('reports a timestamped packet too short for its timestamp', () => {
		const events = parseChunks([wire('ar5', [3, 0x00, 1, 2], 'aro\r\n')]);
		expect(events).toEqual([
			{
				kind: 'malformed',
				reason: 'packet length 3 cannot hold its timestamp',
				bytes: wire('ar5', [3, 0, 1, 2])
			},
			{ kind: 'ok' }
		]);
	});

	it('skips a packet of unknown type by its length and stays in step', () => {
		const events = parseChunks([wire('ar6', [6, 0x33, 0, 0, 0, 1, 0xaa], [...CAN_RX])]);
		expect(events).toEqual([
			{ kind: 'unknown-packet', channel: 6, type: 0x33, body: Uint8Array.of(0, 0, 0, 1, 0xaa) },
			CAN_EVENT
		]);
	});

	it('skips garbage up to the next "ar" and reports it', () => {
		const events = parseChunks([wire([0x00, 0xff, 0x61, 0x61], [...CAN_RX], 'az\r\n', 'aro\r\n')]);
		expect(events).toEqual([
			{
				kind: 'malformed',
				reason: 'bytes outside any packet or reply',
				bytes: Uint8Array.of(0, 0xff, 0x61, 0x61)
			},
			CAN_EVENT,
			{ kind: 'malformed', reason: 'bytes outside any packet or reply', bytes: wire('az\r\n') },
			{ kind: 'ok' }
		]);
	});

	it('rejects "ar" followed by a byte that is neither a channel digit nor a letter', () => {
		const events = parseChunks([wire('ar0', [1, 2], 'aro\r\n')]);
		expect(events).toEqual([
			{ kind: 'malformed', reason: '"ar" followed by 0x30', bytes: wire('ar0', [1, 2]) },
			{ kind: 'ok' }
		]);
	});

	it('reports replies that do not parse and an endless text line', () => {
		const parser = new OpenPortRxParser({ maxLineLength: 16 });
		expect(parser.push(wire('arf6 x\r\n', 'are\r\n'))).toEqual([
			{ kind: 'malformed', reason: 'unparseable reply "arf6 x"', bytes: wire('arf6 x\r\n') },
			{ kind: 'malformed', reason: 'unparseable reply "are"', bytes: wire('are\r\n') }
		]);
		const long = parser.push(wire('arx 0123456789abcdefghij'));
		expect(long).toEqual([
			{
				kind: 'malformed',
				reason: 'text reply longer than 16 bytes',
				bytes: wire('arx 0123456789abcdefghij')
			}
		]);
		expect(parser.push(wire('aro\r\n'))).toEqual([{ kind: 'ok' }]);
	});

	it('round-trips what encodeRxPacket writes', () => {
		const data = Uint8Array.from({ length: 250 }, (_, i) => i);
		const packet = encodeRxPacket({ channel: 6, type: 0x00, timestampUs: 2 ** 32 + 5, data });
		expect(packet.length).toBe(255 + 4);
		expect(parseChunks([packet])).toEqual([
			{ kind: 'packet', channel: 6, type: 0, timestampUs: 5, data }
		]);
		expect(() =>
			encodeRxPacket({ channel: 6, type: 0, timestampUs: 0, data: new Uint8Array(251) })
		).toThrow(RangeError);
		expect(() => encodeRxPacket({ channel: 5, type: 0x10, data: new Uint8Array(4) })).toThrow(
			/timestamp/
		);
	});
});
