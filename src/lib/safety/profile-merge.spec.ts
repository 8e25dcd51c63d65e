import { describe, expect, it } from 'vitest';
import {
	e85Profile,
	naPetrolProfile,
	shippedProfiles,
	turboPetrolProfile
} from './default-profiles';
import { SafetyProfileError } from './errors';
import { mergeProfile, parseProfile } from './profile-merge';

describe('safety profiles', () => {
	it('ships NA petrol, turbo petrol and E85 profiles that validate', () => {
		expect(shippedProfiles.map((p) => p.id)).toEqual(['na-petrol', 'turbo-petrol', 'e85']);
		for (const profile of shippedProfiles) expect(parseProfile(profile)).toEqual(profile);
		expect(naPetrolProfile.rules.some((r) => r.id === 'overboost')).toBe(false);
		expect(e85Profile.rules.find((r) => r.id === 'egt')?.critHigh).toBe(900);
	});

	it('refuses a warn limit above its critical limit with a readable issue', () => {
		const bad = {
			...turboPetrolProfile,
			rules: [{ kind: 'bounds', id: 'x', channel: 'EGT', warnHigh: 960, critHigh: 950 }]
		};
		expect(() => parseProfile(bad)).toThrow(/warnHigh 960 is above critHigh 950/);
	});

	it('refuses a protective command the profile does not define', () => {
		const bad = {
			...turboPetrolProfile,
			rules: [
				{
					kind: 'bounds',
					id: 'x',
					channel: 'EGT',
					critHigh: 950,
					actions: { critical: [{ kind: 'protective-command', command: 'launch-nukes' }] }
				}
			]
		};
		expect(() => parseProfile(bad)).toThrow(SafetyProfileError);
	});

	it('refuses unknown rule kinds and fields rather than ignoring them', () => {
		const kinds = { ...turboPetrolProfile, rules: [{ kind: 'vibes', id: 'x' }] };
		const fields = {
			...turboPetrolProfile,
			rules: [{ kind: 'bounds', id: 'x', channel: 'EGT', critHigh: 1, critHihg: 2 }]
		};
		expect(() => parseProfile(kinds)).toThrow(SafetyProfileError);
		expect(() => parseProfile(fields)).toThrow(SafetyProfileError);
	});

	it('merges a vehicle override: patched limits, disabled rules, added rules, a new version', () => {
		const merged = mergeProfile(turboPetrolProfile, {
			baseId: 'turbo-petrol',
			version: 3,
			name: 'Customer Evo (race fuel)',
			rules: { boost: { warnHigh: 190, critHigh: 210 }, 'egt-rise': { enabled: false } },
			add: [{ kind: 'bounds', id: 'fuel-pressure', channel: 'FuelPressure', critLow: 250 }]
		});
		expect(merged.version).toBe(1003);
		expect(merged.name).toBe('Customer Evo (race fuel)');
		expect(merged.rules.find((r) => r.id === 'boost')).toMatchObject({
			warnHigh: 190,
			critHigh: 210
		});
		expect(merged.rules.find((r) => r.id === 'egt-rise')?.enabled).toBe(false);
		expect(merged.rules.at(-1)?.id).toBe('fuel-pressure');
	});

	it('refuses an override that breaks the merged profile or targets another profile', () => {
		const base = turboPetrolProfile;
		expect(() =>
			mergeProfile(base, {
				baseId: 'turbo-petrol',
				version: 1,
				rules: { boost: { warnHigh: 500 } }
			})
		).toThrow(/warnHigh 500 is above critHigh 180/);
		expect(() =>
			mergeProfile(base, { baseId: 'turbo-petrol', version: 1, rules: { nope: { warnHigh: 1 } } })
		).toThrow(/no such rule/);
		expect(() =>
			mergeProfile(base, { baseId: 'turbo-petrol', version: 1, rules: { boost: { kind: 'rate' } } })
		).toThrow(/cannot change/);
		expect(() => mergeProfile(base, { baseId: 'e85', version: 1 })).toThrow(SafetyProfileError);
		expect(() =>
			mergeProfile(base, {
				baseId: 'turbo-petrol',
				version: 1,
				add: [{ kind: 'bounds', id: 'boost', channel: 'X', critHigh: 1 }]
			})
		).toThrow(/used twice/);
	});
});
