import { describe, expect, it } from 'vitest';
import { canFrame } from '../lib/hardware/protocol/can-frame';
import { parseCandumpLine } from '../lib/logs/candump';
import { candumpLine, jsonlFrameLine } from './can-dump-format';
import { combinedFilter, parseCanFilter, passesFilters } from './can-filter';

const T = 1_700_000_000_000_042;

describe('candump -l lines', () => {
	it.each([
		[
			canFrame({ id: 0x7e8, data: Uint8Array.of(3, 0x41, 0x0c) }),
			'(1700000000.000042) can0 7E8#03410C'
		],
		[
			canFrame({ id: 0x18daf110, extended: true, data: Uint8Array.of(0xff), channel: 1 }),
			'(1700000000.000042) can1 18DAF110#FF'
		],
		[
			canFrame({ id: 0x123, rtr: true, data: new Uint8Array(3) }),
			'(1700000000.000042) can0 123#R3'
		],
		[canFrame({ id: 0x123, rtr: true, data: new Uint8Array(0) }), '(1700000000.000042) can0 123#R'],
		[
			canFrame({ id: 0x456, fd: true, brs: true, data: new Uint8Array(12).fill(0xab) }),
			'(1700000000.000042) can0 456##1ABABABABABABABABABABABAB'
		],
		[canFrame({ id: 0x100, data: new Uint8Array(0) }), '(1700000000.000042) can0 100#']
	])('prints %o as %s, which parses back to the same frame', (frame, line) => {
		expect(candumpLine(frame, T)).toBe(line + '\n');
		const back = parseCandumpLine(line)!;
		expect(back).toMatchObject({
			id: frame.id,
			extended: frame.extended,
			rtr: frame.rtr,
			fd: frame.fd,
			brs: frame.brs,
			timestampUs: T,
			channel: frame.channel
		});
		expect([...back.data]).toEqual([...frame.data]);
	});

	it('writes JSON Lines with the same fields', () => {
		const line = jsonlFrameLine(canFrame({ id: 0x7e8, data: Uint8Array.of(1, 2) }), T);
		expect(JSON.parse(line)).toEqual({
			t: 1700000000.000042,
			iface: 'can0',
			id: '7E8',
			extended: false,
			rtr: false,
			fd: false,
			data: '0102'
		});
	});
});

describe('--filter', () => {
	const usage = 'Usage: test';
	const frame = (id: number, extended = id > 0x7ff) =>
		canFrame({ id, extended, data: new Uint8Array(0) });

	it('matches ids under the mask, with the id width of the filter', () => {
		const f = parseCanFilter('7E8:7F8', usage);
		expect(f).toEqual({ id: 0x7e8, mask: 0x7f8, extended: false });
		expect(passesFilters([f], frame(0x7ef))).toBe(true);
		expect(passesFilters([f], frame(0x7e0))).toBe(false);
		expect(passesFilters([f], frame(0x7e8, true))).toBe(false);
		expect(passesFilters([], frame(0x123))).toBe(true);
		expect(parseCanFilter('18DAF110', usage)).toEqual({
			id: 0x18daf110,
			mask: 0x1fffffff,
			extended: true
		});
	});

	it('combines several filters into one hardware filter that passes all of them', () => {
		const filters = ['361', '362', '364'].map((t) => parseCanFilter(t, usage));
		const hw = combinedFilter(filters)!;
		expect(hw).toEqual({ id: 0x360, mask: 0x7f8, extended: false });
		for (const f of filters) expect(passesFilters([hw], frame(f.id))).toBe(true);
		expect(
			combinedFilter([parseCanFilter('123', usage), parseCanFilter('18DAF110', usage)])
		).toBeNull();
		expect(combinedFilter([])).toBeNull();
	});

	it('refuses a malformed filter with a UsageError', () => {
		expect(() => parseCanFilter('7E8:7F8:1', usage)).toThrow(/expected ID or ID:MASK/);
		expect(() => parseCanFilter('xyz', usage)).toThrow(/--filter must be an 11-bit/);
	});
});
