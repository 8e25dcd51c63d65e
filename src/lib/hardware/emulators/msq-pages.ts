import { writeConstant, type EcuDefinition } from '../../tune/ini';

/** What a .msq tune holds that an emulated ECU needs (protocols.md §6.4). */
export interface MsqTune {
	signature: string | null;
	/** `<settings>` symbols (e.g. CELSIUS): parse the .ini with these so units match the stored values. */
	settings: string[];
	/** Per msq page number (0-based), constant name → the element's text. */
	pages: Map<number, Map<string, string>>;
}

const PAGE = /<page\b([^>]*)>([\s\S]*?)<\/page>/g;
const CONSTANT = /<constant\b([^>]*)>([\s\S]*?)<\/constant>/g;
const SETTING = /<setting\b([^>]*)\/>/g;

/**
 * A tolerant reader of the .msq XML slice an emulator needs: the signature, the settings and each numbered page's
 * constants. It is not a general XML parser; the full .msq reader belongs to the tune module (a later issue).
 */
export function readMsq(text: string): MsqTune {
	const version = /<versionInfo\b([^>]*)\/?>/.exec(text);
	const signature = version ? attribute(version[1], 'signature') : null;
	const settings = [...text.matchAll(SETTING)]
		.map((m) => attribute(m[1], 'name'))
		.filter((s): s is string => s !== null);
	const pages = new Map<number, Map<string, string>>();
	for (const page of text.matchAll(PAGE)) {
		const number = attribute(page[1], 'number');
		if (number === null) continue;
		const constants = new Map<string, string>();
		for (const c of page[2].matchAll(CONSTANT)) {
			const name = attribute(c[1], 'name');
			if (name !== null) constants.set(name, decodeEntities(c[2].trim()));
		}
		pages.set(Number(number), constants);
	}
	return { signature, settings, pages };
}

/**
 * Page images (index = definition page number − 1) with every constant the tune sets, encoded per the definition.
 * Msq page numbers are 0-based where the .ini's are 1-based (protocols.md §6.4). Constants the definition lacks, or
 * whose scaling needs the expression evaluator, or whose value does not fit, are listed in `skipped`.
 */
export function msqPageImages(
	tune: MsqTune,
	definition: EcuDefinition
): { pages: Uint8Array[]; skipped: string[] } {
	const pages = definition.pages.map((p) => new Uint8Array(p.size));
	const skipped: string[] = [];
	for (const [msqNumber, constants] of tune.pages) {
		const page = definition.pages[msqNumber];
		if (!page) {
			skipped.push(...[...constants.keys()].map((n) => `${n} (msq page ${msqNumber})`));
			continue;
		}
		const byName = new Map(page.constants.map((c) => [c.name, c]));
		for (const [name, text] of constants) {
			const constant = byName.get(name);
			if (!constant) {
				skipped.push(name);
				continue;
			}
			try {
				const value =
					constant.kind === 'array'
						? text.split(/\s+/).map(Number)
						: constant.kind === 'bits'
							? bitsValue(constant.options, unquote(text))
							: constant.kind === 'string'
								? unquote(text)
								: Number(text);
				if (
					typeof value === 'number'
						? Number.isNaN(value)
						: Array.isArray(value) && value.some(Number.isNaN)
				) {
					skipped.push(name);
					continue;
				}
				writeConstant(pages[page.number - 1], constant, definition.endianness, value);
			} catch {
				skipped.push(name);
			}
		}
	}
	return { pages, skipped };
}

function attribute(attrs: string, name: string): string | null {
	const m = new RegExp(`\\b${name}="([^"]*)"`).exec(attrs);
	return m ? decodeEntities(m[1]) : null;
}

/** TunerStudio saves a bits value as its label, or as its index where the label is missing or "INVALID". */
function bitsValue(options: string[], label: string): string | number {
	return options.includes(label) || !/^\d+$/.test(label) ? label : Number(label);
}

function unquote(text: string): string {
	return text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

function decodeEntities(text: string): string {
	return text.replace(/&(quot|amp|lt|gt|apos);/g, (_, e: string) =>
		e === 'quot' ? '"' : e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : "'"
	);
}
