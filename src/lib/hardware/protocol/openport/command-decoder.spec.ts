import { describe, expect, it } from 'vitest';
import { OpenPortCommandDecoder } from './command-decoder';
import { encodeFastInit, encodeIdentify, encodeStartFilter, encodeWriteMessage } from './commands';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('OpenPortCommandDecoder (the firmware side)', () => {
	it('skips the blank lines of the open sequence', () => {
		const d = new OpenPortCommandDecoder();
		expect(d.push(encodeIdentify())).toEqual([{ kind: 'identify' }]);
		expect(d.push(ascii('ata\r\natz\r\n'))).toEqual([{ kind: 'open' }, { kind: 'close' }]);
	});

	it('parses connect, disconnect, filters, config and voltage lines', () => {
		const d = new OpenPortCommandDecoder();
		expect(
			d.push(ascii('ato6 0 500000 0\r\natc6\r\natk5 3\r\natg6 30\r\nats5 3 1\r\natr 16\r\n'))
		).toEqual([
			{ kind: 'connect', protocol: 6, flags: 0, baud: 500000 },
			{ kind: 'disconnect', channel: 6 },
			{ kind: 'stop-filter', channel: 5, filterId: 3 },
			{ kind: 'get-config', channel: 6, param: 30 },
			{ kind: 'set-config', channel: 5, param: 3, value: 1 },
			{ kind: 'read-voltage', pin: 16 }
		]);
	});

	it('reads the declared number of raw bytes after att, even when they contain CR LF', () => {
		const d = new OpenPortCommandDecoder();
		const data = Uint8Array.of(0, 0, 0x0d, 0x0a, 0x0d, 0x0a, 0x61, 0x74);
		const wire = encodeWriteMessage(5, data, 0);
		const out = [...d.push(wire.subarray(0, 12)), ...d.push(wire.subarray(12))];
		expect(out).toEqual([{ kind: 'write', channel: 5, txFlags: 0, data }]);
	});

	it('splits filter bytes into mask, pattern and flow control', () => {
		const d = new OpenPortCommandDecoder();
		const fc = encodeStartFilter(6, {
			type: 3,
			txFlags: 64,
			mask: Uint8Array.of(0xff, 0xff, 0xff, 0xff),
			pattern: Uint8Array.of(0, 0, 7, 0xe8),
			flowControl: Uint8Array.of(0, 0, 7, 0xe0)
		});
		expect(d.push(fc)).toEqual([
			{
				kind: 'start-filter',
				channel: 6,
				filterType: 3,
				txFlags: 64,
				mask: Uint8Array.of(0xff, 0xff, 0xff, 0xff),
				pattern: Uint8Array.of(0, 0, 7, 0xe8),
				flowControl: Uint8Array.of(0, 0, 7, 0xe0)
			}
		]);
		expect(d.push(encodeFastInit(4, Uint8Array.of(0xc1, 0x33, 0xf1, 0x81, 0x66)))).toEqual([
			{ kind: 'fast-init', channel: 4, data: Uint8Array.of(0xc1, 0x33, 0xf1, 0x81, 0x66) }
		]);
	});

	it('flags unknown commands and bad arguments', () => {
		const d = new OpenPortCommandDecoder();
		expect(d.push(ascii('atq\r\nhello\r\nato6 0 x 0\r\natc\r\natt6 99999 0\r\nati\r\n'))).toEqual([
			{ kind: 'invalid', line: 'atq', reason: 'unknown' },
			{ kind: 'invalid', line: 'hello', reason: 'unknown' },
			{ kind: 'invalid', line: 'ato6 0 x 0', reason: 'syntax' },
			{ kind: 'invalid', line: 'atc', reason: 'syntax' },
			{ kind: 'invalid', line: 'att6 99999 0', reason: 'syntax' },
			{ kind: 'identify' }
		]);
	});
});
