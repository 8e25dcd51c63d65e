import type { EcuDefinition } from '../../tune/ini';
import type { TuneValue } from '../../tune/model';
import { msqPages, msqSettings, msqSignature, parseMsqDocument } from '../../tune/msq/document';
import { decodeMsqValue } from '../../tune/msq/values';
import { tuneToPages } from '../../tune/tunerstudio/pages';
import { tunerStudioSchema } from '../../tune/tunerstudio/schema';

/** What a .msq tune holds that an emulated ECU needs (protocols.md §6.4). */
export interface MsqTune {
	signature: string | null;
	/** `<settings>` symbols (e.g. CELSIUS): parse the .ini with these so units match the stored values. */
	settings: string[];
	/** Per msq page number (0-based), constant name → the element's text. */
	pages: Map<number, Map<string, string>>;
}

/**
 * The .msq slice an emulator needs: the signature, the settings and each numbered page's constants as text. A thin
 * view over the tune module's reader (tune/msq), which the tuning UI uses for the whole file; malformed XML throws
 * its MsqParseError.
 */
export function readMsq(text: string): MsqTune {
	const doc = parseMsqDocument(text);
	const pages = new Map<number, Map<string, string>>();
	for (const page of msqPages(doc)) {
		const number = page.attributes.find(([k]) => k === 'number')?.[1];
		if (number === undefined) continue;
		pages.set(Number(number), new Map(page.entries.map((e) => [e.name, e.text.trim()])));
	}
	return { signature: msqSignature(doc) ?? null, settings: msqSettings(doc), pages };
}

/**
 * Page images (index = definition page number − 1) with every constant the tune sets, encoded per the definition
 * by the tune module (tunerstudio/pages.ts), expression scaling included. Msq page numbers are 0-based where the
 * .ini's are 1-based (protocols.md §6.4). Constants the definition lacks on that page, and values that do not fit,
 * are listed in `skipped`.
 */
export function msqPageImages(
	tune: MsqTune,
	definition: EcuDefinition
): { pages: Uint8Array[]; skipped: string[] } {
	const schema = tunerStudioSchema(definition);
	const values: Record<string, TuneValue> = {};
	const skipped: string[] = [];
	for (const [msqNumber, constants] of tune.pages) {
		const page = definition.pages[msqNumber];
		if (!page) {
			skipped.push(...[...constants.keys()].map((n) => `${n} (msq page ${msqNumber})`));
			continue;
		}
		const names = new Set(page.constants.map((c) => c.name));
		for (const [name, text] of constants) {
			const spec = schema.constants.get(name);
			if (!spec || !names.has(name)) {
				skipped.push(name);
				continue;
			}
			try {
				values[name] = decodeMsqValue(spec, text);
			} catch {
				skipped.push(name);
			}
		}
	}
	const images = tuneToPages({ signature: definition.signature, values }, definition);
	return { pages: images.pages, skipped: [...skipped, ...images.skipped.map((s) => s.name)] };
}
