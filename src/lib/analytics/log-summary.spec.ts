import { describe, expect, it } from 'vitest';
import { channel } from './dyno-fixtures.test-helper';
import { AnalyticsInputError } from './errors';
import { summarizeChannel, summarizeLog, weightedPercentiles } from './log-summary';

describe('summarizeChannel', () => {
	it('weights percentiles and mean by time, not by sample count', () => {
		// Boost logged at 100 Hz during a 1 s spike to 1.5 bar, at 1 Hz for 9 s of 0.2 bar around it.
		const t: number[] = [];
		const v: number[] = [];
		for (let s = 0; s < 5; s++) (t.push(s * 1e6), v.push(0.2));
		for (let i = 0; i <= 100; i++) (t.push(5e6 + i * 1e4), v.push(1.5));
		for (let s = 7; s <= 10; s++) (t.push(s * 1e6), v.push(0.2));
		const s = summarizeChannel(channel(t, v))!;
		expect(s.samples).toBe(110);
		expect(s.durationS).toBeCloseTo(10, 9);
		expect(s.percentiles.p50).toBeCloseTo(0.2, 6);
		expect(s.percentiles.p95).toBeCloseTo(1.5, 6);
		// 1 s at 1.5 plus half of each 1 s neighbouring gap: 2 s of 10 at 1.5 bar
		expect(s.mean).toBeCloseTo((2 * 1.5 + 8 * 0.2) / 10, 6);
		expect(s.max).toBeCloseTo(1.5, 6);
		expect(s.maxAtUs).toBe(5e6);
	});

	it('reports the peak and when it happened, skipping missing samples', () => {
		const s = summarizeChannel(channel([0, 1e6, 2e6, 3e6], [850, NaN, 912, 870]))!;
		expect(s).toMatchObject({ samples: 3, max: 912, maxAtUs: 2e6, min: 850, minAtUs: 0 });
	});

	it('does not let a paused logger stretch one value over the pause', () => {
		const s = summarizeChannel(channel([0, 1e6, 601e6, 602e6], [10, 10, 90, 90]), { maxGapS: 5 })!;
		expect(s.mean).toBeCloseTo(50, 6);
		expect(s.durationS).toBeCloseTo(7, 6);
	});

	it('returns null for a channel without a value and handles a single sample', () => {
		expect(summarizeChannel(channel([0, 1], [NaN, NaN]))).toBeNull();
		expect(summarizeChannel(channel([5], [0.98]))).toMatchObject({
			samples: 1,
			durationS: 0,
			mean: expect.closeTo(0.98, 6),
			percentiles: { p50: expect.closeTo(0.98, 6) }
		});
	});

	it('summarises the channels asked for, null for ones the log lacks', () => {
		const log = { 'EGT 1': channel([0, 1e6], [700, 800]), Lambda: channel([0, 1e6], [0.8, 0.9]) };
		const s = summarizeLog(log, { channels: ['EGT 1', 'Knock'], percentiles: [99] });
		expect(Object.keys(s)).toEqual(['EGT 1', 'Knock']);
		expect(s['EGT 1']?.percentiles).toEqual({ p99: 800 });
		expect(s.Knock).toBeNull();
	});

	it('rejects bad percentiles and malformed channels', () => {
		expect(() => summarizeChannel(channel([0], [1]), { percentiles: [101] })).toThrow(TypeError);
		expect(() => summarizeChannel(channel([1, 0], [1, 1]))).toThrow(AnalyticsInputError);
	});
});

describe('weightedPercentiles', () => {
	it('returns values that occurred, at the weighted CDF', () => {
		expect(weightedPercentiles([3, 1, 2], [1, 1, 1], [0, 33, 34, 50, 100])).toEqual([
			1, 1, 2, 2, 3
		]);
		expect(weightedPercentiles([3, 1, 2], [8, 1, 1], [50])).toEqual([3]);
	});
});
