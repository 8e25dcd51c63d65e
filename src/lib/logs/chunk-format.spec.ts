import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	CHUNK_LIMITS,
	ChunkFormatError,
	decodeChunk,
	encodeChunk,
	type Chunk
} from './chunk-format';

function channel(name: string, t0Us: number, offsets: number[], values: number[]) {
	return { name, t0Us, offsets: Uint32Array.from(offsets), values: Float32Array.from(values) };
}

const sample: Chunk = {
	seq: 7,
	channels: [
		channel('RPM', 1_000_000, [0, 1000, 2000], [850, 900.5, 1200]),
		channel('Boost kPa', 1_000_500, [0, 100_000], [101.3, 140]),
		channel('λ', 2 ** 40, [5], [0.98])
	]
};

function expectFormatError(bytes: Uint8Array, message: RegExp) {
	expect(() => decodeChunk(bytes)).toThrow(ChunkFormatError);
	expect(() => decodeChunk(bytes)).toThrow(message);
}

describe('chunk format', () => {
	it('decodes exactly what was encoded', () => {
		const decoded = decodeChunk(encodeChunk(sample));
		expect(decoded.seq).toBe(7);
		expect(decoded.channels.map((c) => c.name)).toEqual(['RPM', 'Boost kPa', 'λ']);
		expect(decoded.channels.map((c) => c.t0Us)).toEqual([1_000_000, 1_000_500, 2 ** 40]);
		expect([...decoded.channels[0].offsets]).toEqual([0, 1000, 2000]);
		expect([...decoded.channels[1].values]).toEqual([Math.fround(101.3), 140]);
	});

	it('decodes a body that does not start on a 4-byte boundary', () => {
		const bytes = encodeChunk(sample);
		const shifted = new Uint8Array(bytes.length + 1).subarray(1);
		shifted.set(bytes);
		expect(decodeChunk(shifted)).toEqual(decodeChunk(bytes));
	});

	it('accepts a chunk in which no channel produced a sample', () => {
		expect(decodeChunk(encodeChunk({ seq: 3, channels: [] }))).toEqual({ seq: 3, channels: [] });
	});

	it('round-trips any valid chunk', () => {
		const arbChannel = fc
			.record({
				name: fc.string({ minLength: 1, maxLength: 20 }),
				t0Us: fc.nat({ max: 2 ** 50 }),
				steps: fc.array(fc.nat({ max: 5000 }), { minLength: 1, maxLength: 50 })
			})
			.chain((c) =>
				fc
					.array(fc.float({ noDefaultInfinity: false }), {
						minLength: c.steps.length,
						maxLength: c.steps.length
					})
					.map((values) => {
						let at = 0;
						return channel(
							c.name,
							c.t0Us,
							c.steps.map((s) => (at += s)),
							values
						);
					})
			);
		fc.assert(
			fc.property(
				fc.nat({ max: 2 ** 31 - 1 }),
				fc.uniqueArray(arbChannel, { selector: (c) => c.name, maxLength: 8 }),
				(seq, channels) => {
					const decoded = decodeChunk(encodeChunk({ seq, channels }));
					expect(decoded.seq).toBe(seq);
					expect(decoded.channels).toEqual(channels);
				}
			)
		);
	});

	it('rejects arbitrary bytes with ChunkFormatError, never another error', () => {
		const valid = encodeChunk(sample);
		fc.assert(
			fc.property(
				fc.nat({ max: valid.length - 1 }),
				fc.integer({ min: 0, max: 255 }),
				(at, byte) => {
					const corrupt = valid.slice();
					corrupt[at] = byte;
					try {
						decodeChunk(corrupt);
					} catch (err) {
						expect(err).toBeInstanceOf(ChunkFormatError);
					}
				}
			)
		);
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
				expect(() => decodeChunk(bytes)).toThrow(ChunkFormatError);
			})
		);
	});

	it('rejects a body without the CTCK magic', () => {
		const bytes = encodeChunk(sample);
		bytes[0] = 0;
		expectFormatError(bytes, /not a CarTech chunk/);
	});

	it('rejects an unknown version', () => {
		const bytes = encodeChunk(sample);
		bytes[4] = 2;
		expectFormatError(bytes, /version 2/);
	});

	it('rejects a truncated body', () => {
		expectFormatError(encodeChunk(sample).subarray(0, 40), /truncated/);
	});

	it('rejects bytes after the last channel', () => {
		const bytes = encodeChunk(sample);
		const longer = new Uint8Array(bytes.length + 4);
		longer.set(bytes);
		expectFormatError(longer, /4 bytes after the last channel/);
	});

	it('rejects a body over the byte cap before parsing it', () => {
		expectFormatError(new Uint8Array(CHUNK_LIMITS.maxBytes + 1), /over/);
	});

	it('rejects a channel claiming more samples than the cap', () => {
		const bytes = encodeChunk({ seq: 0, channels: [channel('A', 0, [0], [1])] });
		// Header 12 + name length byte, "A", 2 padding bytes + t0 8 → n at 24.
		new DataView(bytes.buffer).setUint32(24, CHUNK_LIMITS.maxSamplesPerChannel + 1, true);
		expectFormatError(bytes, /exceeds/);
	});

	it('rejects more channels than the cap', () => {
		const channels = Array.from({ length: CHUNK_LIMITS.maxChannels + 1 }, (_, i) =>
			channel(`c${i}`, 0, [0], [0])
		);
		expect(() => encodeChunk({ seq: 0, channels })).toThrow(ChunkFormatError);
	});

	it('rejects offsets that go back in time', () => {
		const bytes = encodeChunk({ seq: 0, channels: [channel('A', 0, [0, 10], [1, 2])] });
		new DataView(bytes.buffer).setUint32(28, 20, true);
		expectFormatError(bytes, /offsets decrease at sample 1/);
	});

	it('rejects a channel spanning more than the span cap', () => {
		expect(() =>
			encodeChunk({ seq: 0, channels: [channel('A', 0, [0, CHUNK_LIMITS.maxSpanUs + 1], [1, 2])] })
		).toThrow(/spans/);
	});

	it('rejects the same channel twice in one chunk', () => {
		expect(() =>
			encodeChunk({ seq: 0, channels: [channel('A', 0, [0], [1]), channel('A', 5, [0], [1])] })
		).toThrow(/appears twice/);
	});

	it('rejects a channel name that is not UTF-8', () => {
		const bytes = encodeChunk({ seq: 0, channels: [channel('A', 0, [0], [1])] });
		bytes[13] = 0xff;
		expectFormatError(bytes, /not UTF-8/);
	});

	it('rejects mismatched offsets and values when encoding', () => {
		expect(() =>
			encodeChunk({
				seq: 0,
				channels: [{ name: 'A', t0Us: 0, offsets: new Uint32Array(2), values: new Float32Array(1) }]
			})
		).toThrow(/2 offsets but 1 values/);
	});
});
