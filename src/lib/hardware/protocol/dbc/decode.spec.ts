import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDbc } from './compile';
import { decodeFrame } from './decode';
import { DbcFrameLengthError } from './errors';
import { parseDbc } from './parse';
import { readDbcText, sharedData } from './shared-data.test-helper';

interface Vector {
	dbc: string;
	frame_id?: number;
	message?: string;
	data: string;
	decode_choices?: boolean;
	signals?: Record<string, number | string>;
	error?: string;
	test: string;
}

const vectors: Vector[] = JSON.parse(
	readFileSync(sharedData('cantools/expected_vectors.json'), 'utf8')
).vectors;
const compiledFor = (file: string) => compileDbc(parseDbc(readDbcText(`cantools/${file}`)));
const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));

describe('decoding the cantools expected vectors', () => {
	it('has vectors to check', () => {
		expect(vectors.length).toBe(16);
	});

	it.each(
		vectors.map((v, i) => [`${i}: ${v.dbc} ${v.message ?? v.frame_id} ${v.data}`, v] as const)
	)('decodes %s as cantools does', (_, v) => {
		const compiled = compiledFor(v.dbc);
		const msg =
			v.frame_id !== undefined
				? (compiled.message(v.frame_id, false) ?? compiled.message(v.frame_id, true))
				: compiled.messageByName(v.message!);
		const data = hex(v.data);
		if (v.error?.startsWith('Unknown frame id')) {
			expect(msg).toBeUndefined();
			expect(decodeFrame(compiled, { id: v.frame_id!, extended: false, data })).toBeUndefined();
			return;
		}
		expect(msg).toBeDefined();
		const frame = { id: msg!.id, extended: msg!.extended, data };
		if (v.error) {
			expect(() => decodeFrame(compiled, frame, { strictLength: true })).toThrow(
				DbcFrameLengthError
			);
			expect(() => decodeFrame(compiled, frame, { strictLength: true })).toThrow(
				'wrong data size: 10 instead of 1 bytes'
			);
			return;
		}
		const decoded = decodeFrame(compiled, frame, { choices: v.decode_choices === true })!;
		expect(Object.keys(decoded).sort()).toEqual(Object.keys(v.signals!).sort());
		for (const [name, expected] of Object.entries(v.signals!)) {
			if (typeof expected === 'string' && expected.startsWith('0x')) {
				const g = compiled.signalIndex.get(`${msg!.name}.${name}`)!;
				expect(msg!.rawBigInt(data, g)).toBe(BigInt(expected));
				expect(decoded[name]).toBe(Number(BigInt(expected)));
			} else if (typeof expected === 'string') {
				expect(decoded[name]).toBe(expected);
			} else {
				expect(decoded[name]).toBeCloseTo(expected, 9);
			}
		}
	});
});

describe('CompiledMessage.decodeInto', () => {
	const motohawk = compiledFor('motohawk.dbc');
	const example = motohawk.message(496, false)!;
	const out = new Float64Array(motohawk.signals.length);
	const at = (name: string) => out[motohawk.signalIndex.get(name)!];

	it('decodes Motorola signals that cross byte boundaries (protocols.md §8.2 worked example)', () => {
		expect(example.decodeInto(hex('c006e00000000000'), out)).toBe(true);
		expect(at('Enable')).toBe(1);
		expect(at('AverageRadius')).toBeCloseTo(3.2, 12);
		expect(at('Temperature')).toBeCloseTo(250.55, 12);
	});

	it('sign-extends over the signal length', () => {
		example.decodeInto(hex('0100200000000000'), out);
		expect(at('Temperature')).toBeCloseTo(250 - 2047 * 0.01, 12);
	});

	it('writes NaN for signals a truncated payload does not carry and reports the shortfall', () => {
		// Temperature needs bytes 0–2; with 2 bytes it must not be read from stale or missing bytes.
		out.fill(123);
		expect(example.decodeInto(hex('c006'), out)).toBe(false);
		expect(at('Enable')).toBe(1);
		expect(at('AverageRadius')).toBeCloseTo(3.2, 12);
		expect(at('Temperature')).toBeNaN();
		expect(example.decodeInto(new Uint8Array(0), out)).toBe(false);
		expect(at('Enable')).toBeNaN();
	});

	it('gives the same values after a truncated frame as before it', () => {
		example.decodeInto(hex('c006e00000000000'), out);
		const before = Array.from(out);
		example.decodeInto(hex('ff'), out);
		example.decodeInto(hex('c006e00000000000'), out);
		expect(Array.from(out)).toEqual(before);
	});

	it('marks multiplexed signals the switch does not select as NaN', () => {
		const c = compiledFor('multiplex.dbc');
		const msg = c.messages[0];
		const o = new Float64Array(c.signals.length);
		msg.decodeInto(hex('0000000000000000'), o);
		const present = Array.from(msg.signalIndexes).filter((g) => !Number.isNaN(o[g]));
		const absent = Array.from(msg.signalIndexes).filter((g) => Number.isNaN(o[g]));
		expect(present.length).toBeGreaterThan(0);
		expect(absent.length).toBeGreaterThan(0);
		for (const g of absent) expect(c.signals[g].signal.multiplexerSignal).toBeDefined();
	});

	it('follows cascaded multiplexers (SG_MUL_VAL_)', () => {
		const c = compiledFor('issue_184_extended_mux_cascaded.dbc');
		const msg = c.messages[0];
		const decode = (data: string) =>
			decodeFrame(c, { id: msg.id, extended: true, data: hex(data) });
		expect(decode('0105000000000000')).toEqual({ MUX_A: 1, muxed_A_1: 5 });
		expect(decode('0201070000000000')).toEqual({ MUX_A: 2, muxed_A_2_MUX_B: 1, muxed_B_1: 0 });
		expect(decode('020009ff00000000')).toEqual({ MUX_A: 2, muxed_A_2_MUX_B: 0, muxed_B_0: 9 });
	});

	it('reads IEEE float32 and float64 signals', () => {
		const c = compiledFor('floating_point.dbc');
		const bytes = new Uint8Array(8);
		const view = new DataView(bytes.buffer);
		view.setFloat64(0, -1.5e300, true);
		expect(decodeFrame(c, { id: 1024, extended: false, data: bytes })).toEqual({
			Signal1: -1.5e300
		});
		view.setFloat32(0, 3.25, true);
		view.setFloat32(4, -0.125, true);
		expect(decodeFrame(c, { id: 1025, extended: false, data: bytes })).toEqual({
			Signal1: 3.25,
			Signal2: -0.125
		});
	});

	it('finds messages in O(1) by id and frame format', () => {
		const c = compiledFor('fd_test.dbc');
		expect(c.message(3, true)?.name).toBe('TestMsg_Ex');
		expect(c.message(3, false)).toBeUndefined();
		expect(c.message(2, false)?.name).toBe('TestMsg_Std');
		expect(c.message(0x7ff + 1, false)).toBeUndefined();
	});

	it('indexes signals by MSG.SIG always and by SIG only when unique', () => {
		const c = compiledFor('big_numbers.dbc');
		expect(c.signalIndex.has('TheMessage.TheSignal')).toBe(true);
		expect(c.signalIndex.has('TheOtherMessage.TheSignal')).toBe(true);
		expect(c.signalIndex.has('TheSignal')).toBe(false);
	});
});
