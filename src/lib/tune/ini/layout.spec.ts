import { describe, expect, it } from 'vitest';
import { IniParseError, compileConditions, definitionConditions, parseIni } from '.';
import { DEFINITION as D, INI_TEXT } from '../test-fixtures.test-helper';
import type { DialogItem } from './ui-model';

const constants = new Map(D.pages.flatMap((p) => p.constants).map((c) => [c.name, c]));
const variables = new Map((D.pcVariables ?? []).map((v) => [v.name, v]));
const cells = (name: string) => {
	const c = constants.get(name) ?? variables.get(name);
	return c?.kind === 'array' ? c.shape.columns * c.shape.rows : undefined;
};

const MINI = (body: string) => `
[MegaTune]
   signature = "mini"
[Constants]
   endianness = little
   nPages = 1
   pageSize = 64
   page = 1
   bins = array, U08, 0, [4], "rpm", 100, 0, 0, 25500, 0
   load = array, U08, 4, [4], "kPa", 1, 0, 0, 255, 0
   ve   = array, U08, 8, [4x4], "%", 1, 0, 0, 255, 0
   mode = bits, U08, 24, [0:1], "Off", "On"
${body}`;

describe('layout sections of speeduino.ini (with the shipped tune’s settings)', () => {
	it('reads every table, curve, menu, dialog and help text', () => {
		expect(D.tables).toHaveLength(18);
		expect(D.curves).toHaveLength(31);
		expect(D.menus!.map((m) => m.title)).toEqual([
			'Settings',
			'Tuning',
			'Spark',
			'Startup/Idle',
			'Accessories',
			'Tools',
			'Data Logging',
			'3D Tuning Maps',
			'Hardware Testing',
			'Help'
		]);
		expect(D.dialogs!.filter((d) => d.kind === 'dialog')).toHaveLength(211);
		expect(D.dialogs!.filter((d) => d.kind !== 'dialog').map((d) => `${d.kind} ${d.name}`)).toEqual(
			['indicatorPanel protectIndicatorPanel', 'help helpGeneral']
		);
		expect(Object.keys(D.help!).length).toBeGreaterThan(200);
		expect(D.veAnalyze).toMatchObject({
			table: 'veTable1Tbl',
			targetTable: 'afrTable1Tbl',
			lambdaChannel: 'afr'
		});
	});

	it('every table and curve edits array constants whose shapes fit their axes', () => {
		for (const t of D.tables!) {
			const x = cells(t.xBins.constant);
			const y = cells(t.yBins.constant);
			expect(x, t.name).toBeDefined();
			expect(cells(t.zBins), t.name).toBe(x! * y!);
			expect(t.xBins.channel, t.name).toBeDefined();
		}
		for (const c of D.curves!) {
			const x = cells(c.xBins.constant);
			for (const y of c.yBins) expect(cells(y.constant), `${c.name} ${y.constant}`).toBe(x);
		}
		const ve = D.tables!.find((t) => t.name === 'veTable1Tbl')!;
		expect(ve).toMatchObject({
			map3d: 'veTable1Map',
			title: 'VE Table',
			page: 2,
			xBins: { constant: 'rpmBins', channel: 'rpm' },
			yBins: { constant: 'fuelLoadBins', channel: 'fuelLoad' },
			zBins: 'veTable',
			upDownLabel: ['(RICHER)', '(LEANER)'],
			gridOrient: [250, 0, 340]
		});
	});

	it('every dialog field edits a constant or PC variable, and every menu entry and panel names something', () => {
		const fields = D.dialogs!.flatMap((d) => d.items).filter(
			(i): i is Extract<DialogItem, { kind: 'field' }> =>
				i.kind === 'field' && i.constant !== undefined
		);
		expect(fields.length).toBeGreaterThan(700);
		expect(
			fields.filter((f) => !constants.has(f.constant!) && !variables.has(f.constant!))
		).toEqual([]);
		const named = new Set([
			...D.dialogs!.map((d) => d.name),
			...D.tables!.flatMap((t) => [t.name, t.map3d]),
			...D.curves!.map((c) => c.name)
		]);
		const targets = D.menus!.flatMap((m) =>
			m.items.flatMap((i) => (i.kind === 'entry' ? [i.target] : []))
		);
		const panels = D.dialogs!.flatMap((d) =>
			d.items.flatMap((i) => (i.kind === 'panel' ? [i.name] : []))
		);
		// TunerStudio's built-in dialogs (std_…) and panels the ini names but does not define.
		expect([...new Set([...targets, ...panels].filter((n) => !named.has(n)))].sort()).toEqual([
			'std_injection',
			'std_ms2geno2',
			'std_ms2gentherm',
			'std_ms3Rtc',
			'std_realtime'
		]);
	});

	it('compiles every menu and dialog condition and evaluates them against the tune being edited', () => {
		const set = compileConditions(D);
		expect(set.errors).toEqual([]);
		expect(definitionConditions(D).length).toBeGreaterThan(800);
		const tuning = D.menus!.find((m) => m.title === 'Tuning')!;
		const trims = tuning.items.find((i) => i.kind === 'entry' && i.target === 'inj_trimad_B');
		expect(trims?.kind === 'entry' && trims.enable?.source).toBe('nFuelChannels >= 5');
		if (trims?.kind !== 'entry') return;
		expect(set.test(trims.enable, { nFuelChannels: 4 })).toBe(false);
		expect(set.test(trims.enable, { nFuelChannels: 8 })).toBe(true);
		const warning = D.dialogs!.find((d) => d.name === 'engine_constants_warning')!.items[0];
		expect(warning).toMatchObject({
			kind: 'field',
			style: 'warning',
			label: expect.stringMatching(/^Warning: /)
		});
		if (warning.kind !== 'field') return;
		expect(warning.enable).toBeUndefined();
		expect(set.test(warning.visible, { injLayout: 3, sequentialFuelAvailable: 0 })).toBe(true);
		expect(set.test(warning.visible, { injLayout: 0, sequentialFuelAvailable: 0 })).toBe(false);
		expect(set.test(undefined, {})).toBe(true);
		expect(set.test({ kind: 'expression', source: 'nonsense +' }, {}, false)).toBe(false);
	});

	it('reads the layout constructs a settings UI needs', () => {
		const items = D.dialogs!.flatMap((d) => d.items);
		expect(items.find((i) => i.kind === 'displayOnlyField')).toBeDefined();
		expect(
			items.find((i) => i.kind === 'displayOnlyField' && i.label === 'Secondary Serial ENABLED')
		).toMatchObject({
			style: 'heading',
			constant: 'blankfield',
			enable: { source: 'enable_secondarySerial' },
			visible: { source: 'enable_secondarySerial' }
		});
		expect(
			items.find((i) => i.kind === 'commandButton' && i.command === 'cmdStopTestMode')
		).toMatchObject({
			label: 'Stop Test Mode',
			flags: ['clickOnCloseIfEnabled'],
			enable: { source: 'testactive' }
		});
		expect(items.find((i) => i.kind === 'slider')).toMatchObject({
			label: 'Battery Voltage reading offset',
			constant: 'batVoltCorrect',
			orientation: 'horizontal'
		});
		const sensors = items.find((i) => i.kind === 'settingSelector');
		expect(sensors).toMatchObject({ label: 'Common Pressure Sensors' });
		expect(sensors?.kind === 'settingSelector' && sensors.options[1]).toEqual({
			label: 'MPX4250',
			values: { mapMin: 10, mapMax: 260 }
		});
		expect(
			items.find((i) => i.kind === 'field' && i.constant === 'canoutput_param_group')
		).toMatchObject({
			index: 0
		});
		const border = D.dialogs!.find((d) => d.name === 'engine_constants')!;
		expect(border).toMatchObject({
			layout: 'border',
			topicHelp: expect.stringContaining('Engine_Constants')
		});
		expect(
			border.items.map((i) => (i.kind === 'panel' ? `${i.name} ${i.placement}` : i.kind))
		).toEqual([
			'engine_constants_warning North',
			'engine_constants_west West',
			'engine_constants_east East'
		]);
	});

	it('warns about the unclosed brace on line 2456 and keeps its condition', () => {
		const warnings: string[] = [];
		const d = parseIni(INI_TEXT, { onWarning: (m, l) => warnings.push(`${l}: ${m}`) });
		expect(warnings.filter((w) => !/OutputChannels|PcVariables/.test(w))).toEqual([
			'2456: field: "{" not closed on its line; closed at the end of the line'
		]);
		const field = d
			.dialogs!.flatMap((x) => x.items)
			.find((i) => i.kind === 'field' && i.constant === 'idleUpOutputInv');
		expect(field).toMatchObject({ enable: { source: 'idleUpEnabled && idleUpOutputEnabled' } });
	});
});

describe('layout sections: edge cases', () => {
	it('skips, with a warning, a table without zBins and lines outside any table', () => {
		const warnings: string[] = [];
		const d = parseIni(
			MINI(`[TableEditor]
   xBins = bins, rpm
   table = t1, m1, "T1", 1
      xBins = bins, rpm
      yBins = load, map
   table = t2, m2, "T2", 1
      xBins = bins, rpm
      yBins = load, map
      zBins = ve
      gridHeight = 2.0
      wobble = 3
`),
			{ onWarning: (m, l) => warnings.push(`${l}: ${m}`) }
		);
		expect(d.tables!.map((t) => t.name)).toEqual(['t2']);
		expect(warnings).toEqual([
			'14: [TableEditor] xBins before any table; skipped',
			'15: table t1 has no xBins, yBins or zBins; skipped',
			'23: [TableEditor] wobble: not a key this reader knows; skipped'
		]);
	});

	it('throws IniParseError with the line for a malformed table or dialog line', () => {
		expect(() => parseIni(MINI('[TableEditor]\n   table = t1\n'))).toThrow(IniParseError);
		expect(() => parseIni(MINI('[TableEditor]\n   table = t1\n'))).toThrow(
			/line 14: table: expected name, map3dName, "title"/
		);
		expect(() => parseIni(MINI('[CurveEditor]\n   curve = c1, "C"\n   xAxis = 0, 10\n'))).toThrow(
			/line 15: xAxis: expected min, max, divisions/
		);
		expect(() =>
			parseIni(
				MINI(
					'[UserDefined]\n   dialog = d, "D"\n   settingSelector = "S"\n   settingOption = "A", mapMin\n'
				)
			)
		).toThrow(/expected name=value, got mapMin/);
	});

	it('lets a later dialog of the same name replace the earlier one, and nests group menus', () => {
		const d = parseIni(
			MINI(`[Menu]
   menu = "&Fuel"
      groupMenu = "Tables", { mode }
         groupChildMenu = t1, "VE"
         groupChildMenu = std_separator
      subMenu = d, "Dialog", 2, {}, { mode == 1 }
   menuDialog = other
   menu = "Fuel"
      subMenu = std_separator
[UserDefined]
   dialog = d, "First"
      field = "Mode", mode
   dialog = d, "Second", xAxis
      field = "Mode", mode, {}, { mode }
`)
		);
		expect(d.dialogs).toEqual([
			{
				kind: 'dialog',
				name: 'd',
				title: 'Second',
				layout: 'xAxis',
				items: [
					{
						kind: 'field',
						label: 'Mode',
						style: 'plain',
						constant: 'mode',
						visible: { kind: 'expression', source: 'mode' }
					}
				]
			}
		]);
		expect(d.menus).toEqual([
			{
				title: 'Fuel',
				mnemonic: 'F',
				menuDialog: 'main',
				items: [
					{
						kind: 'group',
						label: 'Tables',
						enable: { kind: 'expression', source: 'mode' },
						items: [{ kind: 'entry', target: 't1', label: 'VE' }, { kind: 'separator' }]
					},
					{
						kind: 'entry',
						target: 'd',
						label: 'Dialog',
						page: 2,
						visible: { kind: 'expression', source: 'mode == 1' }
					}
				]
			},
			{ title: 'Fuel', menuDialog: 'other', items: [{ kind: 'separator' }] }
		]);
	});
});
