import { describe, expect, it } from 'vitest';
import { turboPetrolProfile } from '../../safety';
import type { Tune } from '../model';
import { setCells } from '../table/operations';
import { tableView, withValue } from '../table/view';
import { DEFINITION, LOADED, SCHEMA } from '../test-fixtures.test-helper';
import { constantsInUse } from '../tunerstudio/in-use';
import { SPEEDUINO_ROLES } from './roles';
import { validateTune } from './validate';
import { blocksBurn, newViolations, type Violation } from './violation';

const base = LOADED.tune;
const inUse = constantsInUse(DEFINITION, base);
const check = (tune: Tune, options = {}) => validateTune(tune, SCHEMA, { inUse, ...options });
const baseline = check(base);
const added = (tune: Tune, options = {}) => newViolations(baseline, check(tune, options));
const edit = (values: Record<string, Tune['values'][string]>): Tune => ({
	...base,
	values: { ...base.values, ...values }
});
const brief = (v: Violation) =>
	`${v.severity} ${v.rule} ${v.constant} ${v.value} ${v.limit ?? ''}`.trim();

describe('validateTune on the shipped Speeduino tune', () => {
	it('reports what the shipped tune really carries: erased settings still switched on, and no rev-limit cut', () => {
		const serious = baseline.filter((v) => v.severity !== 'info').map(brief);
		expect(serious).toEqual([
			...[1, 2, 3, 4, 5, 6].map((g) => `critical bounds vssRatio${g} 6553.5 99.9`),
			'critical bounds fanFreq 6 10',
			'critical bounds vvtCLMaxAng 561 360',
			...[15711, 15677, 15677, 52951, 49864, 47549, 45493, 43950].map(
				(v) => `critical bounds candID ${v} 255`
			),
			'warning rev-limit engineProtectType Off'
		]);
		// Findings on features the settings switch off are kept, as info.
		const knock = baseline.find((v) => v.constant === 'knock_window_rpms')!;
		expect(knock).toMatchObject({ severity: 'info', rule: 'monotonic-axis' });
		expect(knock.reason).toMatch(/not in use with the current settings/);
		expect(inUse('veTable')).toBe(true);
		expect(inUse('vvtTable')).toBe(false);
	});

	it('blocks a VE cell above the ini maximum, naming the cell, the value and the limit', () => {
		const z = setCells(
			tableView(base, SCHEMA, 'veTable1Tbl').z,
			{ top: 4, left: 2, bottom: 4, right: 2 },
			300
		);
		const found = added(edit({ veTable: z }));
		expect(found).toEqual([
			{
				rule: 'bounds',
				severity: 'critical',
				constant: 'veTable',
				cell: { row: 4, column: 2 },
				value: 300,
				limit: 255,
				reason: "veTable [5][3] is 300 %, above the definition's maximum 255 %"
			}
		]);
		expect(blocksBurn(found)).toBe(true);
	});

	it('flags an option the definition marks INVALID, and a label that is not an option', () => {
		expect(added(edit({ nCylinders: 7, AUXin00Alias: 'x' })).map(brief)).toEqual([
			'critical option nCylinders 7'
		]);
		const long = added(edit({ injLayout: 'Banked' }));
		expect(long.map(brief)).toEqual(['critical option injLayout Banked']);
	});

	it('requires axes to rise strictly', () => {
		const rpm = (base.values.rpmBins as number[][]).map((r) => [...r]);
		rpm[9][0] = rpm[8][0];
		const found = added(edit({ rpmBins: rpm }));
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({
			rule: 'monotonic-axis',
			severity: 'critical',
			constant: 'rpmBins',
			cell: { row: 9, column: 0 },
			value: 5200,
			limit: 5200
		});
		expect(found[0].reason).toMatch(
			/x axis of VE Table\) bin 10 is 5200, not above bin 9 \(5200\)/
		);
	});
});

describe('physics checks', () => {
	it('computes injector duty at the rev limit from reqFuel, VE, MAP and dead time', () => {
		// 4 cylinders paired (2 squirts a cycle), multiplyMAP on: at 7000 rpm and 100 kPa, VE 95 %:
		// (reqFuel × 0.95 × 100/100 + 2 × 1.0 ms) ÷ (120000 / 7000 ms) — 79.3 % for the shipped 12.2 ms.
		const duty = (reqFuel: number) => ((reqFuel * 0.95 + 2) / (120000 / 7000)) * 100;
		expect(baseline.some((v) => v.rule === 'injector-duty')).toBe(false);
		const warn = added(edit({ reqFuel: 12.6 }));
		expect(warn.map(brief)).toEqual([
			`warning injector-duty reqFuel ${Math.round(duty(12.6) * 10) / 10} 80`
		]);
		const crit = added(edit({ reqFuel: 14 }));
		expect(crit.map(brief)).toEqual([
			`critical injector-duty reqFuel ${Math.round(duty(14) * 10) / 10} 85`
		]);
		expect(crit[0].reason).toMatch(/at the 7000 rpm rev limit and 100 kPa load \(VE 95 %\)/);
		// Beyond dutyLim (90 %) the ECU itself cuts the pulse short.
		const capped = added(edit({ reqFuel: 15 })).map(brief);
		expect(capped).toEqual([
			`critical injector-duty reqFuel ${Math.round(duty(15) * 10) / 10} 85`,
			`critical injector-duty dutyLim ${Math.round(duty(15) * 10) / 10} 90`
		]);
		// incorporateAFR multiplies in stoich ÷ target AFR (the AFR table at the limit): richer targets, more duty.
		const afr = tableView(base, SCHEMA, 'afrTable1Tbl');
		const target = afr.z[15][15];
		const withAfr = ((12.2 * 0.95 * (14.7 / target) + 2) / (120000 / 7000)) * 100;
		expect(added(edit({ incorporateAFR: 'Yes' })).map(brief)).toEqual([
			`critical injector-duty reqFuel ${Math.round(withAfr * 10) / 10} 85`,
			`critical injector-duty dutyLim ${Math.round(withAfr * 10) / 10} 90`
		]);
		// Sequential fires once a cycle: one dead time instead of two.
		const seq = ((14 * 0.95 + 1) / (120000 / 7000)) * 100;
		expect(added(edit({ reqFuel: 14, injLayout: 'Sequential' })).map(brief)).toEqual([
			`warning injector-duty reqFuel ${Math.round(seq * 10) / 10} 80`
		]);
	});

	it('judges spark advance in boosted cells against the allowance', () => {
		const kpa = [10, 16, 20, 26, 30, 36, 40, 46, 50, 56, 66, 74, 80, 100, 150, 200].map((v) => [v]);
		const found = added(edit({ mapBins1: kpa }));
		// At 150 kPa the allowance is 32 − 50/6.895 = 24.7°, at 200 kPa 17.5°: the shipped cells (≤ 16°) pass.
		expect(found).toEqual([]);
		const spark = (base.values.advTable1 as number[][]).map((r) => [...r]);
		spark[15][10] = 20;
		spark[14][3] = 26;
		const hot = added(edit({ mapBins1: kpa, advTable1: spark }));
		expect(hot.map(brief)).toEqual([
			'critical boost-advance advTable1 26 24.7',
			'critical boost-advance advTable1 20 17.5'
		]);
		expect(hot[1].cell).toEqual({ row: 15, column: 10, x: 5200, y: 200 });
		expect(hot[1].reason).toMatch(/asks for 20° at 5200 rpm and 200 kPa \(14.5 psi of boost\)/);
		// A TPS-based spark table cannot be judged for boost.
		const tps = added(edit({ mapBins1: kpa, advTable1: spark, ignAlgorithm: 'TPS' }));
		expect(tps.map((v) => `${v.severity} ${v.rule}`)).toEqual(['info boost-advance']);
	});

	it('compares the rev limit with the safety profile speed limits', () => {
		// A higher limit also raises injector duty at the limit: 82.7 % at 7300 rpm.
		expect(added(edit({ HardRevLim: 7300 })).map(brief)).toEqual([
			'warning injector-duty reqFuel 82.7 80',
			'warning rev-limit HardRevLim 7300 7200'
		]);
		const over = added(edit({ HardRevLim: 8000, reqFuel: 10 })).filter(
			(v) => v.rule === 'rev-limit'
		);
		expect(over.map(brief)).toEqual(['critical rev-limit HardRevLim 8000 7500']);
		expect(over[0].reason).toMatch(/above the safety profile's critical engine speed of 7500 rpm/);
		const built = {
			...turboPetrolProfile,
			rules: turboPetrolProfile.rules.map((r) =>
				r.id === 'engine-speed' ? { ...r, warnHigh: 8200, critHigh: 8500 } : r
			)
		};
		expect(added(edit({ HardRevLim: 8000, reqFuel: 10 }), { profile: built })).toEqual([]);
	});

	it('checks cross-field consistency', () => {
		expect(added(edit({ divider: 3 })).map(brief)).toEqual(['critical cross-field divider 3 4']);
		expect(added(edit({ divider: 3 }))[0].reason).toMatch(/Use a divider of 1, 2, 4/);
		expect(added(edit({ injLayout: 'Sequential', nInjectors: '2' })).map(brief)).toEqual([
			'critical cross-field injLayout 2 4'
		]);
		expect(added(edit({ SoftRevLim: 7000 })).map(brief)).toEqual([
			'warning cross-field SoftRevLim 7000 7000'
		]);
		expect(added(edit({ reqFuel: 0 })).map(brief)).toEqual(['critical cross-field reqFuel 0 0']);
	});

	it('skips a check whose constants another firmware names differently, saying so', () => {
		const found = validateTune(base, SCHEMA, {
			roles: {
				...SPEEDUINO_ROLES,
				reqFuel: 'requiredFuel'
			}
		});
		expect(found.find((v) => v.rule === 'injector-duty')).toMatchObject({
			severity: 'info',
			reason: 'injector duty at the rev limit was not checked: the tune has no usable requiredFuel'
		});
	});
});
