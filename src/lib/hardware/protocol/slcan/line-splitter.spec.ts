import { describe, expect, it } from 'vitest';
import { SlcanLineSplitter } from './line-splitter';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function split(splitter: SlcanLineSplitter, ...chunks: string[]): string[] {
	const out: string[] = [];
	for (const chunk of chunks) {
		splitter.push(bytes(chunk), (buf, start, end, term) =>
			out.push(String.fromCharCode(...buf.subarray(start, end)) + (term === 7 ? '<BEL>' : '<CR>'))
		);
	}
	return out;
}

describe('SlcanLineSplitter', () => {
	it('splits on CR and on BEL, keeping which one ended the line', () => {
		expect(split(new SlcanLineSplitter(), '\r\x07t1230\rz\r')).toEqual([
			'<CR>',
			'<BEL>',
			't1230<CR>',
			'z<CR>'
		]);
	});

	it('joins a line cut across chunk boundaries, however it is cut', () => {
		const text = 't4563112233\rT12ABCDEF2AA55\r\x07F00\r';
		const whole = split(new SlcanLineSplitter(), text);
		for (let a = 0; a <= text.length; a++) {
			for (let b = a; b <= text.length; b++) {
				expect(
					split(new SlcanLineSplitter(), text.slice(0, a), text.slice(a, b), text.slice(b))
				).toEqual(whole);
			}
		}
	});

	it('keeps an incomplete tail until its terminator arrives', () => {
		const s = new SlcanLineSplitter();
		expect(split(s, 't12')).toEqual([]);
		expect(split(s, '30')).toEqual([]);
		expect(split(s, '\r')).toEqual(['t1230<CR>']);
	});

	it('drops and counts a run longer than maxLineLength, then resynchronises on the next terminator', () => {
		const s = new SlcanLineSplitter({ maxLineLength: 8 });
		expect(split(s, 'xxxxxx', 'xxxxxx', 'xx\rt1230\r')).toEqual(['t1230<CR>']);
		expect(s.overlong).toBe(1);
		expect(split(s, 'yyyyyyyyyyyy\rz\r')).toEqual(['z<CR>']);
		expect(s.overlong).toBe(2);
	});

	it('forgets a partial line on reset', () => {
		const s = new SlcanLineSplitter();
		split(s, 't12');
		s.reset();
		expect(split(s, 'z\r')).toEqual(['z<CR>']);
	});
});
