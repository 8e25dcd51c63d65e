import { describe, expect, it } from 'vitest';
import { ChannelRing } from './channel-ring';

describe('ChannelRing', () => {
	it('keeps the newest samples in time order once it wraps', () => {
		const ring = new ChannelRing(4);
		for (let i = 0; i < 6; i++) ring.push(i * 1000, i);
		const w = ring.window(0, 10_000);
		expect(Array.from(w.t)).toEqual([2000, 3000, 4000, 5000]);
		expect(Array.from(w.v)).toEqual([2, 3, 4, 5]);
		expect(ring.last()).toEqual({ t: 5000, v: 5 });
	});

	it('returns only the samples inside the requested window', () => {
		const ring = new ChannelRing(100);
		for (let i = 0; i < 10; i++) ring.push(i * 1000, i);
		expect(Array.from(ring.window(2000, 4000).v)).toEqual([2, 3, 4]);
	});

	it('decimates a 1 kHz minute to two points per bucket and keeps a one-sample spike', () => {
		const ring = new ChannelRing(60_000);
		for (let i = 0; i < 60_000; i++) ring.push(i * 1000, i === 31_337 ? 999 : Math.sin(i / 100));
		const d = ring.decimated(0, 60_000_000, 500);
		expect(d.t.length).toBeLessThanOrEqual(1000);
		expect(Math.max(...Array.from(d.v))).toBe(999);
	});
});
