import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIni, type EcuDefinition, type NumericValue } from '.';
import { readIniLines } from './ini-lines';
import type { AxisRange, DialogItem, MenuItem } from './ui-model';

/**
 * Our parse of 202103.ini against hyper-tuner/ini's reference parse of the same file (202103.json), for the
 * layout sections. Their shapes differ; these tests map ours onto theirs field by field. Their rules (src/ini.ts):
 * - `#if` lines are skipped, so both arms of every conditional are read;
 * - labels are "sanitized": quotes removed, whitespace runs collapsed, ends trimmed;
 * - menus are keyed by their camelCased title, subMenus, tables, curves, dialogs and panels by name, so a repeated
 *   name keeps only its last occurrence (every `std_separator` of a menu collapses to one entry);
 * - a curve keeps only its last `yBins` line;
 * - a dialog field's `condition` is the last `{…}` of the line (enable or visible, whichever is written last);
 * - conditions keep their braces;
 * - `dialog = name` without a "title" does not parse as a dialog, so its lines join the dialog before it (202103.ini
 *   has four: idleAdvanceSettings_east, fuelPressureSettings, oilPressureSettings, Auxin_north). We read them as
 *   the untitled dialogs they are; panels elsewhere name them;
 * - a label line with a condition and no constant (`field = "#Please ensure you calibrate…", { egoType }`) loses the
 *   condition: their grammar needs a constant or a `{}` placeholder before it;
 * - their grammar needs commas between fields; TunerStudio also takes spaces (fields.ts), and so do we. Where a
 *   comma is missing after the label (`field = "Missing Tooth Secondary type"    trigPatternSec, …`) they lose the
 *   constant, and where it is missing before the condition (`ignBypassPin               { ignBypassEnable }`) the
 *   condition; missingComma below finds those lines in the file;
 * - `field = "…", canoutput_param_group[0], {cond}` (one element of an array) reads there as the constant without
 *   its index and without the condition; we keep both (`index: 0`);
 * - `field = !"Reload project to update gauges"` (the `!` outside the quotes, line 3541) is not a field there; we
 *   read it as the warning line it is (layout-fields.ts);
 * - line 2428 never closes its `{` (`idleUpOutputInv, { idleUpEnabled && idleUpOutputEnabled`): they drop the
 *   condition, we close the brace (with a warning) and keep it;
 * - help text is a number where it looks like one, so `fanInv = ""` reads as 0 (Number('') is 0). A name listed twice
 *   keeps its first text there and its last here: the later text is the newer one (multiplyMAP's second entry
 *   describes the "Fixed" MAP/100 option its bits have, the first does not). resetControl has an `#if
 *   resetcontrol_adv` arm and an `#else` arm: they keep the first, we the arm the settings select.
 */

const TEXT = readFileSync(path.resolve('../shared/data/hyper-tuner-ini/202103.ini'), 'utf8');
const HYPER = JSON.parse(
	readFileSync(path.resolve('../shared/data/hyper-tuner-ini/202103.json'), 'utf8')
) as Hyper;

/** [UserDefined] field lines with a space where hyper-tuner needs a comma: after the label, or before the `{`. */
function missingComma(text: string): { afterLabel: Set<string>; beforeCondition: Set<string> } {
	const afterLabel = new Set<string>();
	const beforeCondition = new Set<string>();
	for (const line of text.split(/\r?\n/)) {
		const m = /^\s*field\s*=\s*"[^"]*"(\s*,?)\s*(\w+)(\s*,?)\s*\{/.exec(line);
		if (!m) continue;
		if (!m[1].includes(',')) afterLabel.add(m[2]);
		else if (!m[3].includes(',')) beforeCondition.add(m[2]);
	}
	return { afterLabel, beforeCondition };
}
const UNCLOSED = 'idleUpOutputInv';
/** Labels of `field = !"…"` lines. */
const PREFIX_OUTSIDE = new Set(
	[...TEXT.matchAll(/^\s*field\s*=\s*[#!]"([^"]*)"/gm)].map((m) => m[1])
);

interface Hyper {
	tables: Record<string, Record<string, unknown>>;
	curves: Record<string, Record<string, unknown>>;
	menus: Record<string, { title: string; subMenus: Record<string, Record<string, unknown>> }>;
	dialogs: Record<string, HyperDialog>;
	help: Record<string, string>;
}

interface HyperDialog {
	title: string;
	layout?: string;
	help?: string;
	panels: Record<string, { layout?: string; condition?: string }>;
	fields: { name: string; title: string; condition?: string }[];
}

const COMMAS = missingComma(TEXT);
// `enablehardware_test` is set so the "Hardware Testing" menu (inside `#if enablehardware_test`) is read, as
// hyper-tuner reads it; every other #if takes its #else arm, which is the arm hyper-tuner's later lines keep.
const ours = parseIni(TEXT, { settings: ['enablehardware_test'] });
const withCan = parseIni(TEXT, { settings: ['enablehardware_test', 'CAN_COMMANDS'] });

const clean = (s: string | number | undefined) =>
	String(s ?? '')
		.replace(/"/g, '')
		.replace(/\s+/g, ' ')
		.trim();
/** `{ a }` and `{a}` alike: we keep the text inside the braces trimmed, they keep it as written. */
const braced = (source: string | undefined) =>
	source === undefined
		? ''
		: clean(source)
				.replace(/^\{?\s*/, '{')
				.replace(/\s*\}?$/, '}');
const camel = (title: string) =>
	title.toLowerCase().replace(/([^\w]\w)/g, (g) => g[1].toUpperCase());
const numberOrText = (v: NumericValue) => (typeof v === 'number' ? v : clean(`{ ${v.source} }`));
const range = (r: AxisRange | undefined) =>
	r ? [numberOrText(r.min), numberOrText(r.max), numberOrText(r.divisions)] : [];

function asHyperTable(t: NonNullable<EcuDefinition['tables']>[number]) {
	const bins = (b: { constant: string; channel?: string }) =>
		b.channel ? [b.constant, b.channel] : [b.constant];
	return {
		map: t.map3d,
		title: clean(t.title),
		page: t.page,
		xBins: bins(t.xBins),
		yBins: bins(t.yBins),
		xyLabels: (t.xyLabels ?? []).map(clean),
		zBins: [t.zBins],
		gridHeight: t.gridHeight ?? 0,
		gridOrient: t.gridOrient ?? [],
		upDownLabel: (t.upDownLabel ?? []).map(clean),
		...(t.topicHelp === undefined ? {} : { help: t.topicHelp })
	};
}

function asHyperCurve(c: NonNullable<EcuDefinition['curves']>[number]) {
	const last = c.yBins[c.yBins.length - 1];
	return {
		title: clean(c.title),
		labels: c.columnLabels.map(clean),
		xAxis: range(c.xAxis),
		yAxis: range(c.yAxis),
		xBins: c.xBins.channel ? [c.xBins.constant, c.xBins.channel] : [c.xBins.constant],
		yBins: last.channel ? [last.constant, last.channel] : [last.constant],
		size: c.size ?? []
	};
}

/** hyper-tuner's subMenus of one menu: keyed by name, last one wins, separators under their own name. */
function asHyperSubMenus(items: MenuItem[]) {
	const out: Record<string, Record<string, unknown>> = {};
	for (const item of items) {
		if (item.kind === 'separator') {
			out.std_separator = { type: 'subMenu', title: '', page: 0, condition: '' };
		} else if (item.kind === 'entry') {
			out[item.target] = {
				type: 'subMenu',
				title: clean(item.label === item.target ? '' : item.label),
				page: item.page ?? 0,
				condition: braced(item.enable?.source)
			};
		}
	}
	return out;
}

function asHyperDialog(items: DialogItem[]) {
	const fields: HyperDialog['fields'] = [];
	const panels: HyperDialog['panels'] = {};
	for (const item of items) {
		if (item.kind === 'field') {
			if (PREFIX_OUTSIDE.has(item.label)) continue;
			const prefix = item.style === 'heading' ? '#' : item.style === 'warning' ? '!' : '';
			const constant = item.constant ?? '';
			const condition =
				(item.constant === undefined && !item.visible) ||
				COMMAS.afterLabel.has(constant) ||
				COMMAS.beforeCondition.has(constant) ||
				constant === UNCLOSED ||
				item.index !== undefined
					? undefined
					: (item.visible ?? item.enable);
			fields.push({
				name: item.constant && !COMMAS.afterLabel.has(constant) ? item.constant : '_fieldText_',
				title: clean(prefix + item.label),
				...(condition ? { condition: braced(condition.source) } : {})
			});
		} else if (item.kind === 'panel') {
			const condition = item.visible ?? item.enable;
			panels[item.name] = {
				...(item.placement ? { layout: item.placement } : {}),
				...(condition ? { condition: braced(condition.source) } : {})
			};
		}
	}
	return { fields, panels };
}

describe('202103.ini layout sections against hyper-tuner/ini 202103.json', () => {
	it('[TableEditor]: all 18 tables agree field by field', () => {
		const tables = ours.tables!;
		expect(tables.map((t) => t.name)).toEqual(Object.keys(HYPER.tables));
		for (const t of tables) {
			expect(asHyperTable(t), t.name).toEqual(HYPER.tables[t.name]);
		}
	});

	it('[CurveEditor]: all 31 curves agree field by field, the multi-line curve as its last line', () => {
		const curves = ours.curves!;
		expect(curves.map((c) => c.name)).toEqual(Object.keys(HYPER.curves));
		for (const c of curves) expect(asHyperCurve(c), c.name).toEqual(HYPER.curves[c.name]);
		// The one curve with two lines; hyper-tuner keeps the second.
		const analyzer = curves.find((c) => c.name === 'warmup_analyzer_curve')!;
		expect(analyzer.yBins.map((b) => b.constant)).toEqual(['wueRates', 'wueRecommended']);
		expect(analyzer.lineLabels).toEqual(['Current WUE', 'Recommended WUE']);
		// #if CELSIUS picks the x axis; without CELSIUS (hyper-tuner's last arm) it runs to 315 °F.
		const celsius = parseIni(TEXT, { settings: ['CELSIUS'] }).curves!;
		expect(celsius.find((c) => c.name === 'iacPwm_curve')!.xAxis!.max).toBe(215);
		expect(HYPER.curves.iacPwm_curve.xAxis).toEqual([-40, 315, 6]);
	});

	it('[Menu]: every menu and subMenu agrees, except the arm of #if CAN_COMMANDS that we did not take', () => {
		const menus = ours.menus!;
		expect(menus.map((m) => camel(m.title))).toEqual(Object.keys(HYPER.menus));
		for (const m of menus) {
			const theirs = HYPER.menus[camel(m.title)];
			expect(m.title).toBe(theirs.title);
			const mine = asHyperSubMenus(m.items);
			const theirSubMenus = Object.fromEntries(
				Object.entries(theirs.subMenus).map(([k, v]) => [
					k,
					{ ...v, condition: v.condition ? braced(v.condition as string) : '' }
				])
			);
			if (m.title === 'Accessories') {
				// hyper-tuner read both arms of `#if CAN_COMMANDS`: can_serial3IO (set) and serial3IO (#else).
				const can = asHyperSubMenus(withCan.menus!.find((x) => x.title === m.title)!.items);
				expect({ ...mine, ...can }).toEqual(theirSubMenus);
				expect(Object.keys(theirs.subMenus).filter((k) => !(k in mine))).toEqual(['can_serial3IO']);
			} else {
				expect(mine, m.title).toEqual(theirSubMenus);
			}
		}
		expect(menus.find((m) => m.title === 'Tuning')).toMatchObject({ mnemonic: 'T' });
	});

	it('[UserDefined]: every dialog agrees on title, layout, help, panels and fields', () => {
		const all = ours.dialogs!.filter((d) => d.kind === 'dialog');
		const untitled = [
			'idleAdvanceSettings_east',
			'fuelPressureSettings',
			'oilPressureSettings',
			'Auxin_north'
		];
		for (const name of untitled) {
			expect(TEXT).toMatch(new RegExp(`^\\s*dialog = ${name}\\r?$`, 'm'));
		}
		const dialogs = all.filter((d) => !untitled.includes(d.name));
		expect(dialogs.map((d) => d.name).sort()).toEqual(Object.keys(HYPER.dialogs).sort());
		for (const d of dialogs) {
			const theirs = HYPER.dialogs[d.name];
			// hyper-tuner appends an untitled dialog's lines to the dialog before it.
			const next = all[all.indexOf(d) + 1];
			const items = untitled.includes(next?.name) ? [...d.items, ...next.items] : d.items;
			const mine = asHyperDialog(items);
			expect(clean(d.title), d.name).toBe(theirs.title);
			expect(d.layout, d.name).toBe(theirs.layout);
			expect(d.topicHelp, d.name).toBe(theirs.help);
			expect(mine.fields, d.name).toEqual(
				theirs.fields.map((f) => (f.condition ? { ...f, condition: braced(f.condition) } : f))
			);
			const theirPanels = Object.fromEntries(
				Object.entries(theirs.panels).map(([k, p]) => [
					k,
					{
						...(p.layout ? { layout: p.layout } : {}),
						...(p.condition ? { condition: braced(p.condition) } : {})
					}
				])
			);
			expect(mine.panels, d.name).toEqual(theirPanels);
		}
	});

	it('[SettingContextHelp]: the same help text by constant name', () => {
		const help = ours.help!;
		const listed = readIniLines(TEXT).entries.filter((e) => e.section === 'SettingContextHelp');
		const first = new Map<string, string>();
		for (const e of [...listed].reverse()) first.set(e.key, e.value.slice(1, -1));
		const changed: string[] = [];
		for (const [name, text] of Object.entries(HYPER.help)) {
			const mine = help[name] === '' ? 0 : clean(help[name].replace(/\n/g, '\\n'));
			if (mine !== (typeof text === 'number' ? text : clean(text))) {
				changed.push(name);
				if (name !== 'resetControl') expect(clean(first.get(name)), name).toBe(clean(text));
			}
		}
		expect(changed.sort()).toEqual(['hardCutType', 'multiplyMAP', 'resetControl']);
		expect(help.fanInv).toBe('');
		expect(help.injLayout).toMatch(
			/^The injector layout and timing to be used. Options are: \n 1. Paired/
		);
		expect(Object.keys(help).sort()).toEqual(Object.keys(HYPER.help).sort());
	});
});
