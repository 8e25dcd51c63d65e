import { describe, expect, it } from 'vitest';
import { e85Profile, turboPetrolProfile } from '../../safety/default-profiles';
import { mergeProfile } from '../../safety/profile-merge';
import { diffProfiles } from './profile-diff';

describe('profile diffs', () => {
	it('lists the fields a version changed, rule by rule, with old and new values', () => {
		const after = mergeProfile(turboPetrolProfile, {
			baseId: 'turbo-petrol',
			version: 2,
			rules: { boost: { critHigh: 170 }, 'egt-rise': { enabled: false }, coolant: { forMs: 0 } },
			add: [{ kind: 'bounds', id: 'fuel-pressure', channel: 'FuelPressure', critLow: 250 }]
		});
		expect(diffProfiles(turboPetrolProfile, after)).toEqual([
			{ ruleId: 'egt-rise', field: 'enabled', from: true, to: false },
			{ ruleId: 'coolant', field: 'forMs', from: 2000, to: 0 },
			{ ruleId: 'boost', field: 'critHigh', from: 180, to: 170 },
			{ ruleId: 'fuel-pressure', field: 'rule', from: null, to: 'added' }
		]);
	});

	it('finds no change between a profile and itself, or an explicit default', () => {
		expect(diffProfiles(turboPetrolProfile, turboPetrolProfile)).toEqual([]);
		const explicit = mergeProfile(turboPetrolProfile, {
			baseId: 'turbo-petrol',
			version: 1,
			rules: { 'engine-speed': { enabled: true, forMs: 0 } }
		});
		expect(diffProfiles(turboPetrolProfile, explicit)).toEqual([]);
	});

	it('shows a change of base as the profile id, with the rules whose limits differ', () => {
		const changes = diffProfiles(turboPetrolProfile, e85Profile);
		expect(changes).toContainEqual({ ruleId: null, field: 'id', from: 'turbo-petrol', to: 'e85' });
		expect(changes).toContainEqual({ ruleId: 'egt', field: 'critHigh', from: 950, to: 900 });
		expect(changes).toContainEqual({ ruleId: 'boost', field: 'critHigh', from: 180, to: 190 });
		expect(changes.some((c) => c.ruleId === 'engine-speed')).toBe(false);
	});

	it('shows removed rules and changed conditions as values a page can print', () => {
		const [first, ...rest] = turboPetrolProfile.rules;
		const gated = rest.map((r) =>
			r.id === 'lean-under-load' ? { ...r, when: [{ channel: 'ManifoldPressure', above: 160 }] } : r
		);
		const changes = diffProfiles(turboPetrolProfile, { ...turboPetrolProfile, rules: gated });
		expect(changes).toEqual([
			{
				ruleId: 'lean-under-load',
				field: 'when',
				from: expect.stringContaining('"above":150'),
				to: '[{"above":160,"channel":"ManifoldPressure"}]'
			},
			{ ruleId: first.id, field: 'rule', from: 'present', to: 'removed' }
		]);
	});
});
