import { describe, expect, it } from 'vitest';
import { BoundsChecker } from './bounds';

const egt = { channel: 'EGT', warnHigh: 900, critHigh: 950, hysteresis: 10 };

describe('BoundsChecker', () => {
	it('raises warn then critical as a value climbs through the limits', () => {
		const checker = new BoundsChecker([egt]);
		expect(checker.check('EGT', 850, 0)).toBeUndefined();
		expect(checker.check('EGT', 905, 1)?.level).toBe('warn');
		expect(checker.check('EGT', 960, 2)).toMatchObject({
			level: 'critical',
			limit: 950,
			direction: 'high'
		});
		expect(checker.active().map((v) => v.level)).toEqual(['critical']);
	});

	it('keeps the alarm until the value is back inside by the hysteresis', () => {
		const checker = new BoundsChecker([egt]);
		checker.check('EGT', 960, 0);
		expect(checker.check('EGT', 945, 1)).toBeUndefined();
		expect(checker.check('EGT', 939, 2)?.level).toBe('warn');
		expect(checker.check('EGT', 889, 3)?.level).toBe('ok');
		expect(checker.active()).toEqual([]);
	});

	it('flags low limits such as oil pressure or battery voltage', () => {
		const checker = new BoundsChecker([{ channel: 'Battery', warnLow: 12, critLow: 11 }]);
		expect(checker.check('Battery', 10.5, 0)).toMatchObject({
			level: 'critical',
			direction: 'low'
		});
	});

	it('ignores channels without a rule and NaN samples from absent multiplexed signals', () => {
		const checker = new BoundsChecker([egt]);
		expect(checker.check('RPM', 9000, 0)).toBeUndefined();
		expect(checker.check('EGT', Number.NaN, 0)).toBeUndefined();
	});
});
