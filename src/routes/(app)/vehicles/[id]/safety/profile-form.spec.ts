import { describe, expect, it } from 'vitest';
import { e85Profile, mergeProfile, turboPetrolProfile, type ProfileOverride } from '$lib/safety';
import { readProfileForm, ruleFields, ruleRows } from './profile-form';

/** The form exactly as the page posts it for `profile`, with `edits` typed over it. */
function posted(profile = turboPetrolProfile, edits: Record<string, string | null> = {}) {
	const form = new FormData();
	for (const row of ruleRows(profile, profile)) {
		if (row.enabled) form.set(`${row.id}:enabled`, 'on');
		for (const [field, value] of Object.entries(row.values)) form.set(`${row.id}:${field}`, value);
	}
	for (const [name, value] of Object.entries(edits)) {
		if (value === null) form.delete(name);
		else form.set(name, value);
	}
	return form;
}

describe('the safety profile editor form', () => {
	it('offers the limits a rule sets, hysteresis and duration, and a window only where the kind has one', () => {
		const rule = (id: string) => turboPetrolProfile.rules.find((r) => r.id === id)!;
		expect(ruleFields(rule('boost'))).toEqual(['warnHigh', 'critHigh', 'hysteresis', 'forMs']);
		expect(ruleFields(rule('battery'))).toEqual([
			'warnHigh',
			'critHigh',
			'warnLow',
			'critLow',
			'hysteresis',
			'forMs'
		]);
		expect(ruleFields(rule('egt-rise'))).toEqual(['warnHigh', 'hysteresis', 'forMs', 'windowMs']);
	});

	it('shows the vehicle values with the shipped ones beside them', () => {
		const merged = mergeProfile(turboPetrolProfile, {
			baseId: 'turbo-petrol',
			version: 2,
			rules: { boost: { critHigh: 170 }, 'egt-rise': { enabled: false } }
		});
		const rows = ruleRows(turboPetrolProfile, merged);
		expect(rows.find((r) => r.id === 'boost')).toMatchObject({
			label: 'Boost',
			enabled: true,
			values: { warnHigh: '160', critHigh: '170', hysteresis: '5', forMs: '50' },
			shipped: { critHigh: '180' }
		});
		expect(rows.find((r) => r.id === 'egt-rise')?.enabled).toBe(false);
	});

	it('turns an unchanged form into no changes at all', () => {
		expect(readProfileForm(turboPetrolProfile, posted(), null)).toMatchObject({
			changes: {},
			problems: []
		});
	});

	it('keeps only what differs from the shipped base: a lowered limit, a disabled rule, a blank default', () => {
		const form = posted(turboPetrolProfile, {
			'boost:critHigh': ' 170 ',
			'egt-rise:enabled': null,
			'coolant:forMs': '',
			'engine-speed:hysteresis': '1e2'
		});
		expect(readProfileForm(turboPetrolProfile, form, null)).toMatchObject({
			changes: {
				rules: { boost: { critHigh: 170 }, 'egt-rise': { enabled: false }, coolant: { forMs: 0 } }
			},
			problems: []
		});
	});

	it('reports bad numbers and blank limits per field and keeps what was typed', () => {
		const form = posted(turboPetrolProfile, {
			'boost:critHigh': '17O',
			'egt:warnHigh': '',
			'oil-temp:critHigh': '0x90',
			'battery:warnLow': 'Infinity'
		});
		const read = readProfileForm(turboPetrolProfile, form, null);
		expect(read.problems).toEqual([
			{
				ruleId: 'egt',
				fields: ['warnHigh'],
				message: expect.stringMatching(/egt warnHigh: required/)
			},
			{
				ruleId: 'oil-temp',
				fields: ['critHigh'],
				message: 'oil-temp critHigh: "0x90" is not a number'
			},
			{ ruleId: 'battery', fields: ['warnLow'], message: expect.stringContaining('"Infinity"') },
			{ ruleId: 'boost', fields: ['critHigh'], message: 'boost critHigh: "17O" is not a number' }
		]);
		expect(read.values['boost:critHigh']).toBe('17O');
		expect(read.values['egt:warnHigh']).toBe('');
		expect(read.values['egt-rise:enabled']).toBe('on');
	});

	it('carries over what the editor does not show from the previous version on the same base', () => {
		const previous: ProfileOverride = {
			baseId: 'turbo-petrol',
			version: 4,
			name: 'Evo race fuel',
			rules: {
				boost: { critHigh: 200, when: [{ channel: 'FuelCutActive', below: 0.5 }] },
				egt: { warnHigh: 920 }
			},
			add: [{ kind: 'bounds', id: 'fuel-pressure', channel: 'FuelPressure', critLow: 250 }]
		};
		const form = posted(turboPetrolProfile, { 'boost:critHigh': '190', 'egt:warnHigh': '900' });
		expect(readProfileForm(turboPetrolProfile, form, previous).changes).toEqual({
			name: 'Evo race fuel',
			add: previous.add,
			rules: { boost: { critHigh: 190, when: [{ channel: 'FuelCutActive', below: 0.5 }] } }
		});
		expect(readProfileForm(e85Profile, posted(e85Profile), previous).changes).toEqual({});
	});
});
