import { IniParseError } from './errors';
import { unescapeLabel, splitFields } from './fields';
import { readIniLines, type IniEntry, type IniLineOptions } from './ini-lines';
import type { EcuDefinition } from './model';
import { parseConstants } from './parse-constants';
import { parseOutputChannels } from './parse-output-channels';

export type ParseIniOptions = IniLineOptions;

/**
 * Reads a TunerStudio ECU definition (.ini) into an EcuDefinition. This is the slice the serial protocol needs:
 * [MegaTune]/[TunerStudio] identity, [Constants] pages, comms settings and constants, and [OutputChannels]. Other
 * sections ([TableEditor], [CurveEditor], [Menu], …) are read by the preprocessor and otherwise skipped for now.
 */
export function parseIni(text: string, options: ParseIniOptions = {}): EcuDefinition {
	const warn = options.onWarning ?? (() => {});
	const { entries, defines } = readIniLines(text, options);
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
		outputChannels: { blockSize: channels.blockSize, channels: channels.channels }
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
