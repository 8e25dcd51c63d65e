import { describe, expect, it } from 'vitest';
import { ChunkRecorder, type RecordedChunk } from './recorder';

function record(samples: [number, number, number][], end?: number) {
	const chunks: RecordedChunk[] = [];
	const rec = new ChunkRecorder({ channels: ['RPM', 'EGT'], onChunk: (c) => chunks.push(c) });
	rec.start(5_000_000);
	for (const [ch, t, v] of samples) rec.append(ch, t, v);
	if (end !== undefined) rec.advance(end);
	rec.stop();
	return { chunks, rec };
}

describe('ChunkRecorder', () => {
	it('cuts one-second chunks numbered without gaps, offsets relative to each chunk start', () => {
		const { chunks } = record([
			[0, 5_000_000, 800],
			[0, 5_999_999, 810],
			[0, 6_000_000, 820],
			[1, 7_500_000, 700]
		]);
		expect(chunks.map((c) => c.seq)).toEqual([0, 1, 2]);
		expect(chunks[0].channels[0]).toMatchObject({ name: 'RPM', t0Us: 0 });
		expect(Array.from(chunks[0].channels[0].offsets)).toEqual([0, 999_999]);
		expect(Array.from(chunks[1].channels[0].values)).toEqual([820]);
		expect(chunks[2].channels).toMatchObject([{ name: 'EGT', t0Us: 2_000_000 }]);
		expect(Array.from(chunks[2].channels[0].offsets)).toEqual([500_000]);
	});

	it('emits a chunk with no samples for a silent second so sequence numbers never skip', () => {
		const { chunks } = record([
			[0, 5_000_000, 1],
			[0, 7_200_000, 2]
		]);
		expect(chunks.map((c) => [c.seq, c.channels.length])).toEqual([
			[0, 1],
			[1, 0],
			[2, 1]
		]);
	});

	it('keeps every sample of a 1 kHz channel across chunk boundaries', () => {
		const samples: [number, number, number][] = [];
		for (let i = 0; i < 3500; i++) samples.push([0, 5_000_000 + i * 1000, i]);
		const { chunks, rec } = record(samples);
		const values = chunks.flatMap((c) => c.channels.flatMap((ch) => Array.from(ch.values)));
		expect(values).toHaveLength(3500);
		expect(values[3499]).toBe(3499);
		expect(rec.samples).toBe(3500);
	});

	it('drops and counts a sample timed before the open chunk instead of wrapping its offset', () => {
		const chunks: RecordedChunk[] = [];
		const rec = new ChunkRecorder({ channels: ['RPM', 'EGT'], onChunk: (c) => chunks.push(c) });
		rec.start(0);
		rec.append(0, 1_500_000, 900);
		rec.append(0, 200_000, 800);
		rec.append(0, -5, 700);
		rec.stop();
		const offsets = chunks.flatMap((c) => c.channels.flatMap((ch) => Array.from(ch.offsets)));
		expect(offsets).toEqual([500_000]);
		expect(rec.lateSamples).toBe(2);
		expect(rec.samples).toBe(1);
	});
});
