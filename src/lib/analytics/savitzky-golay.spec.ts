import { describe, expect, it } from 'vitest';
import { Prng } from '../hardware/emulators/vehicle/prng';
import { savitzkyGolay, savitzkyGolayWeights } from './savitzky-golay';
import { StreamingSavitzkyGolay, UniformResampler } from './streaming-filter';
import { channel } from './dyno-fixtures.test-helper';
import { interpolateAt, uniformTimes } from './channel';

describe('savitzkyGolay', () => {
	it('has the published 5-point quadratic weights (−3, 12, 17, 12, −3)/35 at the centre', () => {
		const w = Array.from(savitzkyGolayWeights(5, 2, 0, 2)).map((x) => x * 35);
		[-3, 12, 17, 12, -3].forEach((x, i) => expect(w[i]).toBeCloseTo(x, 10));
		const d = Array.from(savitzkyGolayWeights(5, 2, 1, 2)).map((x) => x * 10);
		[-2, -1, 0, 1, 2].forEach((x, i) => expect(d[i]).toBeCloseTo(x, 10));
	});

	it('reproduces a cubic and its slope exactly, edges included', () => {
		const y = Array.from({ length: 40 }, (_, i) => 0.01 * i ** 3 - 0.5 * i ** 2 + 3 * i + 7);
		const s = savitzkyGolay(y, { window: 9, order: 3 });
		const d = savitzkyGolay(y, { window: 9, order: 3, derivative: 1, spacing: 0.5 });
		for (let i = 0; i < 40; i++) {
			expect(s[i]).toBeCloseTo(y[i], 8);
			expect(d[i]).toBeCloseTo((0.03 * i * i - i + 3) / 0.5, 8);
		}
	});

	it('keeps a noisy peak where it is, where a trailing moving average moves it by half its window', () => {
		const rng = new Prng(3);
		const n = 600;
		const y = Array.from(
			{ length: n },
			(_, i) => Math.exp(-(((i - 300.4) / 40) ** 2)) + 0.03 * rng.gaussian()
		);
		const argmax = (a: ArrayLike<number>) => {
			let k = 0;
			for (let i = 1; i < a.length; i++) if (a[i] > a[k]) k = i;
			return k;
		};
		const smooth = savitzkyGolay(y, { window: 61, order: 2 });
		expect(Math.abs(argmax(smooth) - 300.4)).toBeLessThanOrEqual(2);
		const trailing = y.map(
			(_, i) => y.slice(Math.max(0, i - 60), i + 1).reduce((s, x) => s + x, 0) / 61
		);
		expect(argmax(trailing) - 300).toBeGreaterThan(25);
	});

	it('shortens the window to the data and handles one or two samples', () => {
		expect(Array.from(savitzkyGolay([1, 2, 4], { window: 11, order: 3 }))).toEqual([
			expect.closeTo(1, 10),
			expect.closeTo(2, 10),
			expect.closeTo(4, 10)
		]);
		expect(Array.from(savitzkyGolay([5], { window: 5, derivative: 1 }))).toEqual([0]);
		expect(Array.from(savitzkyGolay([5, 7], { window: 5, derivative: 1, spacing: 2 }))).toEqual([
			1, 1
		]);
		expect(savitzkyGolay([], { window: 5 })).toHaveLength(0);
	});

	it('rejects windows and orders that make no fit', () => {
		expect(() => savitzkyGolay([1, 2, 3], { window: 4 })).toThrow(/odd integer/);
		expect(() => savitzkyGolay([1, 2, 3], { window: 5, order: 5 })).toThrow(/order/);
		expect(() => savitzkyGolay([1, 2, 3], { window: 5, spacing: 0 })).toThrow(/spacing/);
	});
});

describe('streaming filters', () => {
	it('resample and smooth sample by sample exactly as the batch functions do', () => {
		const rng = new Prng(9);
		const t: number[] = [];
		for (let x = 1000; t.length < 500; x += 15_000 + rng.next() * 10_000) t.push(Math.round(x));
		const ch = channel(
			t,
			t.map((x) => 1000 + x / 1000 + 20 * rng.gaussian())
		);
		const times = uniformTimes(ch.t[0], ch.t[ch.t.length - 1], 20_000);
		const raw = interpolateAt(ch, times);
		const opts = { window: 21, order: 2, spacing: 0.02 };
		const batchV = savitzkyGolay(raw, opts);
		const batchD = savitzkyGolay(raw, { ...opts, derivative: 1 });
		const gotT: number[] = [];
		const gotV: number[] = [];
		const gotD: number[] = [];
		const sg = new StreamingSavitzkyGolay({
			...opts,
			fields: 1,
			emit: (i, v, d) => {
				expect(i).toBe(gotV.length);
				gotV.push(v[0]);
				gotD.push(d[0]);
			}
		});
		const rs = new UniformResampler({
			dtUs: 20_000,
			fields: 1,
			emit: (x, v) => {
				gotT.push(x);
				sg.push(v);
			}
		});
		for (let i = 0; i < ch.t.length; i++) rs.push(ch.t[i], [ch.v[i]]);
		rs.finish();
		sg.finish();
		expect(gotT).toEqual(Array.from(times));
		expect(gotV).toEqual(Array.from(batchV));
		expect(gotD).toEqual(Array.from(batchD));
	});

	it('handle a run shorter than one window at finish', () => {
		const got: number[] = [];
		const sg = new StreamingSavitzkyGolay({
			window: 21,
			order: 2,
			spacing: 1,
			fields: 1,
			emit: (_, v) => got.push(v[0])
		});
		[1, 2, 3, 4].forEach((x) => sg.push([x]));
		expect(got).toEqual([]);
		sg.finish();
		expect(got.map((x) => Math.round(x * 1e9) / 1e9)).toEqual([1, 2, 3, 4]);
	});
});
