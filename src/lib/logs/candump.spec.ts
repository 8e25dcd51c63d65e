import { describe, expect, it } from 'vitest';
import {
	CandumpParseError,
	parseCandumpLine,
	parseCandumpStream,
	parseCandumpText
} from './candump';

function parseError(line: string, lineNumber = 1): CandumpParseError {
	try {
		parseCandumpLine(line, lineNumber);
	} catch (e) {
		if (e instanceof CandumpParseError) return e;
		throw e;
	}
	throw new Error('expected a CandumpParseError');
}

async function* chunks(parts: string[]): AsyncGenerator<string> {
	for (const p of parts) yield p;
}

describe('parseCandumpLine', () => {
	it('reads a classic 11-bit frame with its microsecond timestamp', () => {
		const f = parseCandumpLine('(1631416514.719153) can0 140#00C20643000009A1')!;
		expect(f).toMatchObject({
			id: 0x140,
			extended: false,
			rtr: false,
			fd: false,
			error: false,
			iface: 'can0',
			channel: 0,
			timestampUs: 1631416514719153
		});
		expect(Array.from(f.data)).toEqual([0x00, 0xc2, 0x06, 0x43, 0x00, 0x00, 0x09, 0xa1]);
	});

	it('reads 29-bit ids from 8 hex digits', () => {
		const f = parseCandumpLine('(1.000000) vcan1 18FEF100#0102')!;
		expect(f).toMatchObject({ id: 0x18fef100, extended: true, channel: 1 });
	});

	it('truncates 9-decimal (nanosecond) timestamps to microseconds', () => {
		expect(parseCandumpLine('(1436509052.249713123) vcan0 044#2A')!.timestampUs).toBe(
			1436509052249713
		);
	});

	it('reads remote requests with and without a length', () => {
		expect(parseCandumpLine('(0.000001) can0 123#R')).toMatchObject({
			rtr: true,
			data: new Uint8Array(0)
		});
		expect(parseCandumpLine('(0.000001) can0 123#R7')!.data.length).toBe(7);
	});

	it('reads CAN FD frames with the BRS flag nibble', () => {
		const f = parseCandumpLine('(0.000001) can0 123##1112233445566778899AABBCC')!;
		expect(f).toMatchObject({ fd: true, brs: true });
		expect(f.data.length).toBe(12);
		expect(parseCandumpLine('(0.000001) can0 123##0')).toMatchObject({ fd: true, brs: false });
	});

	it('reads error frames as such, with the error class as id', () => {
		const f = parseCandumpLine('(0.000001) can0 20000080#0000000000000000')!;
		expect(f).toMatchObject({ error: true, extended: false, id: 0x80 });
	});

	it('accepts dot separators and the classic _DLC suffix', () => {
		expect(Array.from(parseCandumpLine('(0.000001) can0 123#11.22.33')!.data)).toEqual([
			0x11, 0x22, 0x33
		]);
		expect(parseCandumpLine('(0.000001) can0 123#1122334455667788_C')!.data.length).toBe(8);
	});

	it('returns null for blank and comment lines', () => {
		expect(parseCandumpLine('')).toBeNull();
		expect(parseCandumpLine('   \r')).toBeNull();
		expect(parseCandumpLine('# recorded on the dyno')).toBeNull();
	});

	it('rejects malformed lines with a typed error naming the line', () => {
		expect(parseError('garbage', 42).line).toBe(42);
		expect(parseError('(1.000000) can0 12#00').message).toMatch(/3 or 8 hex digits/);
		expect(parseError('(1.000000) can0 800#00').message).toMatch(/above 0x7FF/);
		expect(parseError('(1.000000) can0 123#0').message).toMatch(/odd number/);
		expect(parseError('(1.000000) can0 123#0011223344556677889').message).toMatch(/odd number/);
		expect(parseError('(1.000000) can0 123#001122334455667788').message).toMatch(/max 8/);
		expect(parseError('(1.000000) can0 123#GG').message).toMatch(/hex digits/);
		expect(parseError('(1.000000) can0 123##1001122334455667788').message).toMatch(
			/not a valid FD length/
		);
		expect(parseError('(1.0000) can0 123#00').message).toMatch(/6 or 9 decimals/);
		expect(parseError('(1.000000) can0 123#R9').message).toMatch(/remote request length/);
	});
});

describe('parseCandumpText and parseCandumpStream', () => {
	const log = '(1.000000) can0 100#01\n\n(1.000100) can0 200#0203\r\n(1.000200) can1 300#\n';

	it('parses every line of a text and skips blank ones', () => {
		const frames = [...parseCandumpText(log)];
		expect(frames.map((f) => f.id)).toEqual([0x100, 0x200, 0x300]);
		expect(frames[2].data.length).toBe(0);
	});

	it('joins lines split across chunks', async () => {
		const parts = [log.slice(0, 7), log.slice(7, 30), log.slice(30, 31), log.slice(31)];
		const frames = [];
		for await (const f of parseCandumpStream(chunks(parts))) frames.push(f);
		expect(frames.map((f) => [f.id, f.timestampUs, f.channel])).toEqual([
			[0x100, 1000000, 0],
			[0x200, 1000100, 0],
			[0x300, 1000200, 1]
		]);
	});

	it('parses a last line without a newline', async () => {
		const frames = [];
		for await (const f of parseCandumpStream(chunks(['(1.000000) can0 1', '00#01'])))
			frames.push(f);
		expect(frames).toHaveLength(1);
	});

	it('reports the stream line number of a bad line', async () => {
		const run = async () => {
			for await (const _ of parseCandumpStream(
				chunks(['(1.000000) can0 100#01\n(1.0', '00000) can0 XYZ\n'])
			)) {
				// drain
			}
		};
		await expect(run()).rejects.toMatchObject({ name: 'CandumpParseError', line: 2 });
	});
});
