import { IniParseError } from './errors';
import { unescapeLabel, splitFields } from './fields';
import { readIniLines, type IniEntry, type IniLineOptions } from './ini-lines';
import type { EcuDefinition } from './model';
import { parseConstants } from './parse-constants';
import { parseContextHelp } from './parse-context-help';
import { parseCurveEditor } from './parse-curve-editor';
import { parseMenu } from './parse-menu';
import { parseOutputChannels } from './parse-output-channels';
import { parsePcVariables } from './parse-pc-variables';
import { parseTableEditor } from './parse-table-editor';
import { parseUserDefined } from './parse-user-defined';
import { parseVeAnalyze } from './parse-ve-analyze';

export type ParseIniOptions = IniLineOptions;

/**
 * Reads a TunerStudio ECU definition (.ini) into an EcuDefinition: [MegaTune]/[TunerStudio] identity, [Constants]
 * pages, comms settings and constants, [PcVariables] with their defaults, the preprocessor settings,
 * [OutputChannels], and the layout sections a tuning UI needs: [TableEditor], [CurveEditor], [Menu], [UserDefined],
 * [SettingContextHelp] and [VeAnalyze]. Other sections ([GaugeConfigurations], [Datalog], …) are read by the
 * preprocessor and otherwise skipped.
 */
export function parseIni(text: string, options: ParseIniOptions = {}): EcuDefinition {
	const warn = options.onWarning ?? (() => {});
	const { entries, defines, settings } = readIniLines(text, options);
	const bySection = new Map<string, IniEntry[]>();
	for (const e of entries) {
		let list = bySection.get(e.section);
		if (!list) bySection.set(e.section, (list = []));
		list.push(e);
	}
	const identity = [...(bySection.get('MegaTune') ?? []), ...(bySection.get('TunerStudio') ?? [])];
	const signature = stringValue(identity, 'signature');
	if (signature === undefined) {
		throw new IniParseError('no signature in [MegaTune] or [TunerStudio]', 0);
	}
	const constants = parseConstants(bySection.get('Constants') ?? [], defines);
	const channels = parseOutputChannels(bySection.get('OutputChannels') ?? [], defines, warn);
	const pcVariables = parsePcVariables(
		bySection.get('PcVariables') ?? [],
		bySection.get('ConstantsExtensions') ?? [],
		defines,
		warn
	);
	for (const name of settingNames(bySection.get('SettingGroups') ?? [])) {
		if (!settings.has(name)) settings.set(name, false);
	}
	const section = (name: string) => bySection.get(name) ?? [];
	const veAnalyze = parseVeAnalyze(section('VeAnalyze'), warn);
	const query = rawValue(identity, 'queryCommand');
	const versionInfo = rawValue(identity, 'versionInfo');
	return {
		signature,
		endianness: constants.endianness,
		pages: constants.pages,
		commands: {
			...constants.commands,
			...(query === undefined ? {} : { query }),
			...(versionInfo === undefined ? {} : { versionInfo }),
			...(channels.command === undefined ? {} : { outputChannels: channels.command })
		},
		comms: constants.comms,
		outputChannels: { blockSize: channels.blockSize, channels: channels.channels },
		pcVariables,
		settings: Object.fromEntries(settings),
		tables: parseTableEditor(section('TableEditor'), warn),
		curves: parseCurveEditor(section('CurveEditor'), warn),
		menus: parseMenu(section('Menu'), warn),
		dialogs: parseUserDefined(section('UserDefined'), warn),
		help: parseContextHelp(section('SettingContextHelp'), warn),
		...(veAnalyze ? { veAnalyze } : {})
	};
}

/** The last quoted value of `key` (a later section overrides an earlier one), escapes kept raw. */
function rawValue(entries: IniEntry[], key: string): string | undefined {
	let value: string | undefined;
	for (const e of entries) {
		if (e.key !== key) continue;
		const [first] = splitFields(e.value, e.line);
		if (first?.kind !== 'string') throw new IniParseError(`${key} must be a quoted string`, e.line);
		value = first.raw;
	}
	return value;
}

function stringValue(entries: IniEntry[], key: string): string | undefined {
	const raw = rawValue(entries, key);
	return raw === undefined ? undefined : unescapeLabel(raw);
}

/**
 * The symbols [SettingGroups] offers: each `settingOption = NAME, "label"`, and a `settingGroup = NAME, "label"`
 * that has no options (a boolean setting, TunerStudio's "Conditional ini blocks" manual).
 */
function settingNames(entries: IniEntry[]): string[] {
	const names: string[] = [];
	let group: string | null = null;
	let options = 0;
	const closeGroup = () => {
		if (group !== null && options === 0) names.push(group);
	};
	for (const e of entries) {
		const [first] = splitFields(e.value, e.line);
		if (first?.kind !== 'word') continue;
		if (e.key === 'settingGroup') {
			closeGroup();
			group = first.text;
			options = 0;
		} else if (e.key === 'settingOption') {
			names.push(first.text);
			options++;
		}
	}
	closeGroup();
	return names;
}
