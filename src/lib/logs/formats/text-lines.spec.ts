import { describe, expect, it } from 'vitest';
import { LineSplitter, type TextLine } from './text-lines';

function splitIn(parts: string[], quoteAware = true): TextLine[] {
	const s = new LineSplitter({ quoteAware });
	const out: TextLine[] = [];
	for (const p of parts) s.push(p, out);
	s.end(out);
	return out;
}

const TEXT = '\ufeffa,b\r\n"x\r\ny",2\n\nlast';
const LINES = [
	{ text: 'a,b', line: 1 },
	{ text: '"x\r\ny",2', line: 2 },
	{ text: '', line: 4 },
	{ text: 'last', line: 5 }
];

describe('LineSplitter', () => {
	it('splits on LF and CRLF, drops a BOM, keeps a quoted line break inside its record', () => {
		expect(splitIn([TEXT])).toEqual(LINES);
	});

	it('gives the same lines wherever the chunk boundaries fall', () => {
		for (let i = 0; i <= TEXT.length; i++) {
			for (let j = i; j <= TEXT.length; j++) {
				expect(splitIn([TEXT.slice(0, i), TEXT.slice(i, j), TEXT.slice(j)])).toEqual(LINES);
			}
		}
		expect(splitIn([...TEXT])).toEqual(LINES);
	});

	it('treats quotes as text when not quote-aware', () => {
		expect(splitIn(['"a\nb"\n'], false)).toEqual([
			{ text: '"a', line: 1 },
			{ text: 'b"', line: 2 }
		]);
	});

	it('gives nothing for empty input and no trailing empty line after a final newline', () => {
		expect(splitIn([])).toEqual([]);
		expect(splitIn(['a\n'])).toEqual([{ text: 'a', line: 1 }]);
	});
});
