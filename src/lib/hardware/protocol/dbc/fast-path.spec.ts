import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileDbc } from './compile';
import { parseDbc } from './parse';
import type { TableMessage } from './table-message';

const HEADER = 'VERSION ""\nNS_ :\nBS_:\nBU_: ECU\n';
const LENGTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 24, 64];

interface Sig {
	start: number;
	length: number;
	intel: boolean;
	signed: boolean;
	factor: number;
	offset: number;
}

/** Any start bit inside the message, any length: some signals straddle bit 32, some overrun the length. */
const signal = (bytes: number) =>
	fc.record({
		start: fc.integer({ min: 0, max: Math.max(0, bytes * 8 - 1) }),
		length: fc.integer({ min: 1, max: 64 }),
		intel: fc.boolean(),
		signed: fc.boolean(),
		factor: fc.oneof(fc.constant(1), fc.constantFrom(0.5, 0.01, -3, 1e-7)),
		offset: fc.oneof(fc.constant(0), fc.integer({ min: -1000, max: 1000 }))
	});

const message = fc.constantFrom(...LENGTHS.filter((n) => n > 0)).chain((bytes) =>
	fc.record({
		bytes: fc.constant(bytes),
		signals: fc.array(signal(bytes), { minLength: 1, maxLength: 12 }),
		payload: fc.uint8Array({ minLength: 0, maxLength: bytes + 2 })
	})
);

function dbcText(bytes: number, signals: Sig[]): string {
	const lines = signals.map(
		(s, i) =>
			` SG_ S${i} : ${s.start}|${s.length}@${s.intel ? 1 : 0}${s.signed ? '-' : '+'} (${s.factor},${s.offset}) [0|0] "" ECU`
	);
	return `${HEADER}BO_ 100 M: ${bytes} ECU\n${lines.join('\n')}\n`;
}

/**
 * Independent BigInt reading of protocols.md §8.2: the raw value, or undefined when the signal does not fit
 * the declared length or the payload.
 */
function reference(s: Sig, bytes: number, data: Uint8Array): number | undefined {
	let first: number;
	let lastByte: number;
	if (s.intel) {
		first = s.start;
		lastByte = (s.start + s.length - 1) >> 3;
	} else {
		const msb = 8 * (s.start >> 3) + 7 - (s.start & 7);
		lastByte = (msb + s.length - 1) >> 3;
		first = msb;
	}
	if (lastByte >= bytes || lastByte >= data.length) return undefined;
	const n = BigInt(s.length);
	let raw: bigint;
	if (s.intel) {
		let le = 0n;
		for (let i = data.length - 1; i >= 0; i--) le = (le << 8n) | BigInt(data[i]);
		raw = (le >> BigInt(first)) & ((1n << n) - 1n);
	} else {
		let be = 0n;
		for (const b of data) be = (be << 8n) | BigInt(b);
		raw = (be >> BigInt(8 * data.length - (first + s.length))) & ((1n << n) - 1n);
	}
	if (s.signed) raw = BigInt.asIntN(s.length, raw);
	return Number(raw) * s.factor + s.offset;
}

describe('the word-plan and window fast paths', () => {
	it('agree bit for bit with the bit-by-bit path and a BigInt reference on random layouts and payloads', () => {
		fc.assert(
			fc.property(message, ({ bytes, signals, payload }) => {
				const compiled = compileDbc(parseDbc(dbcText(bytes, signals)));
				const msg = compiled.message(100, false) as TableMessage;
				const fast = new Float64Array(signals.length).fill(-0.5);
				const bitwise = new Float64Array(signals.length).fill(0.25);
				const complete = msg.decodeInto(payload, fast);
				msg.decodeBitwise(payload, bitwise);
				expect(complete).toBe(payload.length >= msg.requiredLength);
				expect(Array.from(fast)).toEqual(Array.from(bitwise));
				const expected = signals.map((s) => reference(s, bytes, payload) ?? NaN);
				expect(Array.from(fast)).toEqual(expected);
			}),
			{ numRuns: 3000 }
		);
	});

	it('decode a short frame the same after a longer frame left other bytes in the scratch', () => {
		fc.assert(
			fc.property(message, fc.uint8Array({ minLength: 8, maxLength: 8 }), (m, previous) => {
				const compiled = compileDbc(parseDbc(dbcText(m.bytes, m.signals)));
				const msg = compiled.message(100, false) as TableMessage;
				const out = new Float64Array(m.signals.length);
				msg.decodeInto(previous, out);
				msg.decodeInto(m.payload, out);
				const expected = m.signals.map((s) => reference(s, m.bytes, m.payload) ?? NaN);
				expect(Array.from(out)).toEqual(expected);
			}),
			{ numRuns: 1000 }
		);
	});
});
