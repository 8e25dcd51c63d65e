import { describe, expect, it } from 'vitest';
import { turboPetrolProfile } from '../../safety/default-profiles';
import { placeProblems } from './profile-problems';

describe('placing profile problems on rules and fields', () => {
	const boostAt = turboPetrolProfile.rules.findIndex((r) => r.id === 'boost');

	it('names the rule a merged-profile path points at by position, and the field', () => {
		expect(
			placeProblems([`rules.${boostAt}.critHigh: Invalid type`], 'merged', turboPetrolProfile)
		).toEqual([
			{ ruleId: 'boost', fields: ['critHigh'], message: `rules.${boostAt}.critHigh: Invalid type` }
		]);
	});

	it('reads override paths by rule id, and added rules by their own id', () => {
		const add = [
			{ kind: 'bounds' as const, id: 'fuel-pressure', channel: 'FuelPressure', critLow: 1 }
		];
		const n = turboPetrolProfile.rules.length;
		expect(
			placeProblems(
				[`rules.${n}.critLow: too low`, 'add.0.channel: empty'],
				'merged',
				turboPetrolProfile,
				{ add }
			).map((p) => [p.ruleId, p.fields])
		).toEqual([
			['fuel-pressure', ['critLow']],
			['fuel-pressure', ['channel']]
		]);
		expect(
			placeProblems(['rules.boost.kind: cannot change'], 'override', turboPetrolProfile)
		).toEqual([{ ruleId: 'boost', fields: ['kind'], message: 'rules.boost.kind: cannot change' }]);
	});

	it('places cross-rule checks on the quoted rule and the limits they name', () => {
		expect(
			placeProblems(
				[
					'rule "boost": warnLow 5 is below critLow 9',
					'rule id "boost" is used twice',
					'rule "x" has no threshold',
					'watchdog.factor: Invalid value'
				],
				'merged',
				turboPetrolProfile
			).map((p) => [p.ruleId, p.fields])
		).toEqual([
			['boost', ['warnLow', 'critLow']],
			['boost', []],
			['x', []],
			[null, ['watchdog']]
		]);
	});
});
