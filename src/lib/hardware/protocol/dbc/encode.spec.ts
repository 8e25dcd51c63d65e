import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileDbc } from './compile';
import { decodeFrame } from './decode';
import { encodeMessage } from './encode';
import { DbcEncodeError } from './errors';
import { parseDbc } from './parse';
import { readDbcText } from './shared-data.test-helper';

const HEADER = 'VERSION ""\nNS_ :\nBS_:\nBU_: ECU\n';

interface Layout {
	start: number;
	length: number;
	order: 0 | 1;
	signed: boolean;
}

/** A signal layout that fits in `bytes` bytes: Intel start = LSB, Motorola start = MSB (protocols.md §8.2). */
const layout = (bytes: number) =>
	fc
		.record({
			length: fc.integer({ min: 1, max: Math.min(64, bytes * 8) }),
			order: fc.constantFrom(0 as const, 1 as const),
			signed: fc.boolean(),
			linear: fc.nat()
		})
		.map(({ length, order, signed, linear }): Layout => {
			// Pick the linear (network-order) position of the LSB (Intel) or MSB (Motorola) so the signal fits.
			const first = linear % (bytes * 8 - length + 1);
			if (order === 1) return { start: first, length, order, signed };
			const msbByte = first >> 3;
			const msbBitFromTop = first & 7;
			return { start: msbByte * 8 + (7 - msbBitFromTop), length, order, signed };
		});

function dbcWith(l: Layout, bytes: number, factor = 1, offset = 0): string {
	return `${HEADER}BO_ 100 M: ${bytes} ECU\n SG_ S : ${l.start}|${l.length}@${l.order}${l.signed ? '-' : '+'} (${factor},${offset}) [0|0] "" ECU\n`;
}

function rawRange(l: Layout): [bigint, bigint] {
	const n = BigInt(l.length);
	return l.signed ? [-(1n << (n - 1n)), (1n << (n - 1n)) - 1n] : [0n, (1n << n) - 1n];
}

describe('encodeMessage', () => {
	it('round-trips any raw value through encode and decode for random Intel/Motorola/signed layouts', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 8 }).chain((bytes) =>
					fc.tuple(fc.constant(bytes), layout(bytes)).chain(([b, l]) => {
						const [lo, hi] = rawRange(l);
						return fc.tuple(fc.constant(b), fc.constant(l), fc.bigInt({ min: lo, max: hi }));
					})
				),
				([bytes, l, raw]) => {
					const compiled = compileDbc(parseDbc(dbcWith(l, bytes)));
					const data = encodeMessage(compiled, 'M', { S: raw });
					const msg = compiled.message(100, false)!;
					expect(msg.rawBigInt(data, 0)).toBe(raw);
					const out = new Float64Array(1);
					expect(msg.decodeInto(data, out)).toBe(true);
					expect(out[0]).toBe(Number(raw));
				}
			),
			{ numRuns: 2000 }
		);
	});

	it('round-trips physical values with factor and offset', () => {
		fc.assert(
			fc.property(
				layout(8),
				fc.integer({ min: -1000, max: 1000 }),
				fc.nat(),
				(l0, offset, seed) => {
					const l = { ...l0, length: Math.min(l0.length, 24) };
					const [lo, hi] = rawRange(l);
					const raw = Number(lo) + (seed % (Number(hi - lo) + 1));
					const compiled = compileDbc(
						parseDbc(dbcWith({ ...l, start: l.order === 1 ? 0 : 7 }, 8, 0.25, offset))
					);
					const phys = raw * 0.25 + offset;
					const data = encodeMessage(compiled, 100, { S: phys });
					expect(decodeFrame(compiled, { id: 100, extended: false, data })!.S).toBe(phys);
				}
			),
			{ numRuns: 500 }
		);
	});

	it('leaves other signals’ bits alone', () => {
		const compiled = compileDbc(parseDbc(readDbcText('cantools/motohawk.dbc')));
		const data = encodeMessage(compiled, 'ExampleMessage', {
			Enable: 1,
			AverageRadius: 3.2,
			Temperature: 250.55
		});
		expect(Buffer.from(data).toString('hex')).toBe('c006e00000000000');
	});

	it('throws a typed error for a value outside the signal range, or clamps when asked', () => {
		const compiled = compileDbc(parseDbc(readDbcText('MotecLogGenerator/sample_can_spec.dbc')));
		expect(() => encodeMessage(compiled, 'ID_140', { RPM: 10001 })).toThrow(DbcEncodeError);
		expect(() => encodeMessage(compiled, 'ID_140', { RPM: 10001 })).toThrow(
			/outside \[0, 10000\] rpm/
		);
		const clamped = encodeMessage(compiled, 'ID_140', { RPM: 20000 }, { range: 'clamp' });
		expect(decodeFrame(compiled, { id: 0x140, extended: false, data: clamped })!.RPM).toBe(10000);
	});

	it('throws when the raw value does not fit the bits even without a declared range', () => {
		const compiled = compileDbc(
			parseDbc(dbcWith({ start: 0, length: 4, order: 1, signed: true }, 1))
		);
		expect(() => encodeMessage(compiled, 'M', { S: 8 })).toThrow(/does not fit 4 signed bits/);
		expect(encodeMessage(compiled, 'M', { S: -9 }, { range: 'clamp' })[0]).toBe(0x8);
	});

	it('accepts a throttle decoded at full scale although 255 × factor is not exactly 100', () => {
		const compiled = compileDbc(parseDbc(readDbcText('MotecLogGenerator/sample_can_spec.dbc')));
		const full = decodeFrame(compiled, {
			id: 0x140,
			extended: false,
			data: Uint8Array.of(255, 0, 0, 0, 0, 0, 0, 0)
		})!;
		expect(encodeMessage(compiled, 'ID_140', { THROTTLE: full.THROTTLE })[0]).toBe(255);
	});

	it('rejects unknown signals, unknown messages and non-finite values', () => {
		const compiled = compileDbc(parseDbc(readDbcText('MotecLogGenerator/sample_can_spec.dbc')));
		expect(() => encodeMessage(compiled, 'ID_140', { RPMM: 1 })).toThrow(/has no signal RPMM/);
		expect(() => encodeMessage(compiled, 'NOPE', {})).toThrow(/no message NOPE/);
		expect(() => encodeMessage(compiled, 'ID_140', { RPM: NaN })).toThrow(/not a finite number/);
	});

	it('writes multiplexed signals only for the selected branch', () => {
		const compiled = compileDbc(
			parseDbc(readDbcText('cantools/issue_184_extended_mux_cascaded.dbc'))
		);
		const data = encodeMessage(compiled, 'ext_MUX_cascaded', {
			MUX_A: 2,
			muxed_A_2_MUX_B: 0,
			muxed_B_0: -3
		});
		expect(decodeFrame(compiled, { id: 1, extended: true, data })).toEqual({
			MUX_A: 2,
			muxed_A_2_MUX_B: 0,
			muxed_B_0: -3
		});
		expect(() => encodeMessage(compiled, 'ext_MUX_cascaded', { MUX_A: 1, muxed_B_0: 1 })).toThrow(
			/not selected/
		);
	});

	it('encodes IEEE float signals bit for bit', () => {
		const compiled = compileDbc(parseDbc(readDbcText('cantools/floating_point.dbc')));
		const data = encodeMessage(compiled, 'Message2', { Signal1: 1.5, Signal2: -2 });
		expect(decodeFrame(compiled, { id: 1025, extended: false, data })).toEqual({
			Signal1: 1.5,
			Signal2: -2
		});
	});
});
