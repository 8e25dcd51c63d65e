import { describe, expect, it } from 'vitest';
import { MAX_COMPARED_RUNS, parseRunRef, parseRunRefs, runRefToken } from './run-refs';

describe('run refs', () => {
	it('reads stored runs and log pulls, the pull defaulting to the first', () => {
		expect(parseRunRef('run:abc-1')).toEqual({ kind: 'run', id: 'abc-1' });
		expect(parseRunRef('log:abc:2')).toEqual({ kind: 'log', id: 'abc', pull: 2 });
		expect(parseRunRef(' log:abc ')).toEqual({ kind: 'log', id: 'abc', pull: 0 });
		expect(runRefToken({ kind: 'log', id: 'abc', pull: 2 })).toBe('log:abc:2');
	});

	it('rejects anything else', () => {
		for (const bad of [
			'',
			'run:',
			'run:a:1',
			'log:a:-1',
			'log:a:1.5',
			'log:a:x',
			'tune:a',
			'run:a b'
		])
			expect(parseRunRef(bad)).toBeNull();
	});

	it('takes comma lists and repeated params, drops repeats, and stops at the chart’s limit', () => {
		const q = new URLSearchParams('runs=run:a,log:b:1&runs=run:a&runs=,log:c');
		expect(parseRunRefs(q).map(runRefToken)).toEqual(['run:a', 'log:b:1', 'log:c:0']);
		const many = new URLSearchParams({
			runs: Array.from({ length: 10 }, (_, i) => `run:r${i}`).join(',')
		});
		expect(parseRunRefs(many)).toHaveLength(MAX_COMPARED_RUNS);
	});
});
