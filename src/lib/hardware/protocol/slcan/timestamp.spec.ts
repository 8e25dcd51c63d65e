import { describe, expect, it } from 'vitest';
import { SlcanTimestampUnwrapper } from './timestamp';

describe('SlcanTimestampUnwrapper', () => {
	it('turns the 60 s millisecond counter into monotonic microseconds across wraps', () => {
		const u = new SlcanTimestampUnwrapper();
		expect(u.unwrap(59_990, 0)).toBe(59_990_000);
		expect(u.unwrap(59_999, 9_000)).toBe(59_999_000);
		expect(u.unwrap(5, 15_000)).toBe(60_005_000);
		expect(u.unwrap(59_000, 59_010_000)).toBe(119_000_000);
		expect(u.unwrap(10, 60_020_000)).toBe(120_010_000);
	});

	it('counts whole wraps the host clock says went by with no frames', () => {
		const u = new SlcanTimestampUnwrapper();
		u.unwrap(1000, 0);
		// 150.5 s later by the host clock: 2 wraps plus 30.5 s.
		expect(u.unwrap(31_500, 150_500_000)).toBe(151_500_000);
	});

	it('does not invent wraps when the host clock stands still', () => {
		const u = new SlcanTimestampUnwrapper();
		u.unwrap(100, 5);
		expect(u.unwrap(200, 5)).toBe(200_000);
		expect(u.unwrap(50, 5)).toBe(60_050_000);
	});

	it('starts over after reset', () => {
		const u = new SlcanTimestampUnwrapper();
		u.unwrap(100, 0);
		u.unwrap(50, 0);
		u.reset();
		expect(u.unwrap(7, 0)).toBe(7000);
	});
});
