import { describe, expect, it } from 'vitest';
import { TimestampUnwrapper } from './timestamp-unwrap';

describe('TimestampUnwrapper', () => {
	it('carries on past the 32-bit wrap', () => {
		const u = new TimestampUnwrapper();
		expect([0xfffffc18, 0x00000000, 0x000003e8].map((t) => u.unwrap(t))).toEqual([
			2 ** 32 - 1000,
			2 ** 32,
			2 ** 32 + 1000
		]);
	});

	it('lets a slightly older reading step back instead of jumping a whole wrap', () => {
		const u = new TimestampUnwrapper();
		expect([100, 0xffffff9c, 200].map((t) => u.unwrap(t))).toEqual([100, -100, 200]);
	});

	it('keeps counting over many wraps', () => {
		const u = new TimestampUnwrapper();
		const step = 2 ** 31 - 1;
		const out = Array.from({ length: 10 }, (_, i) => u.unwrap((i * step) % 2 ** 32));
		expect(out).toEqual(Array.from({ length: 10 }, (_, i) => i * step));
	});
});
