import { describe, expect, it } from 'vitest';
import { deliverSafely, safeWarn } from './driver-callbacks';

describe('driver callbacks', () => {
	it('a throwing warning logger is swallowed, and a missing one is a no-op', () => {
		expect(() =>
			safeWarn(() => {
				throw new Error('logger broke');
			})({ kind: 'x' })
		).not.toThrow();
		expect(() => safeWarn(undefined)({ kind: 'x' })).not.toThrow();
	});

	it('a throwing sink becomes a sink-error warning carrying the error', () => {
		const warnings: unknown[] = [];
		const boom = new Error('sink broke');
		deliverSafely(
			() => {
				throw boom;
			},
			(w) => warnings.push(w)
		);
		deliverSafely(
			() => {},
			(w) => warnings.push(w)
		);
		expect(warnings).toEqual([{ kind: 'sink-error', error: boom }]);
	});
});
