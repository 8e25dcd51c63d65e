import type { EcuDefinition } from '../ini';
import type { ConstantSpec, LoadReport, LoadedTune, Tune, TuneFormat, TuneValue } from '../model';
import {
	msqPages,
	msqSignature,
	parseMsqDocument,
	renderMsqDocument,
	type Attributes,
	type MsqBlock,
	type MsqDocument,
	type MsqEntry,
	type MsqPage
} from '../msq/document';
import { MsqParseError } from '../msq/errors';
import { MsqValueError, decodeMsqValue, encodeMsqValue } from '../msq/values';
import { SignatureMismatchError, normalizeSignature } from '../signature';
import { tunerStudioSchema } from './schema';

/** Entries sit two levels deep (`<msq><page><constant>`), 4 spaces a level. */
const ENTRY_INDENT = 8;

export interface SaveMsqOptions {
	/** The document the tune was loaded from: its comments, settings and unknown entries are kept. */
	base?: MsqDocument;
	/** `<bibliography>` for a new document (ignored with `base`, whose bibliography is kept). */
	bibliography?: { author?: string; tuneComment?: string; writeDate?: string };
}

/**
 * Reads .msq text (decoded from ISO-8859-1; see decodeLatin1) into a Tune using `definition` for each constant's
 * kind, shape and option labels. Entries the definition does not know, definition constants the file lacks and
 * entries that do not fit are listed in the report, never guessed. A name written twice (speeduino's msq has
 * `tsCanId` as an index and again as a label) takes its last entry.
 */
export function loadMsq(text: string, definition: EcuDefinition): LoadedTune<MsqDocument> {
	const document = parseMsqDocument(text);
	const signature = msqSignature(document);
	if (signature === undefined) {
		throw new MsqParseError(
			'no <versionInfo signature="…">: the tune does not say which firmware it is for',
			{
				line: 0,
				column: 0
			}
		);
	}
	const schema = tunerStudioSchema(definition);
	const values: Record<string, TuneValue> = {};
	const report: LoadReport = { unknown: [], missing: [], invalid: [] };
	for (const page of msqPages(document)) {
		for (const entry of page.entries) {
			const spec = schema.constants.get(entry.name);
			if (!spec) {
				if (!report.unknown.includes(entry.name)) report.unknown.push(entry.name);
				continue;
			}
			try {
				values[entry.name] = decodeMsqValue(spec, entry.text);
			} catch (e) {
				if (!(e instanceof MsqValueError)) throw e;
				report.invalid.push({ name: entry.name, text: entry.text.trim(), reason: e.message });
			}
		}
	}
	for (const spec of schema.constants.values()) {
		if (spec.location === 'ecu' && !Object.hasOwn(values, spec.name))
			report.missing.push(spec.name);
	}
	return { tune: { signature: normalizeSignature(signature), values }, document, report };
}

/**
 * Writes `tune` as .msq text in TunerStudio's layout. With `base`, every entry the tune holds is re-encoded from
 * the tune and everything else is kept as it was; constants the base lacks are appended to their page. The tune
 * must be for `definition` (the same signature): values are laid out by its constants.
 */
export function saveMsq(
	tune: Tune,
	definition: EcuDefinition,
	options: SaveMsqOptions = {}
): string {
	if (normalizeSignature(tune.signature) !== normalizeSignature(definition.signature)) {
		throw new SignatureMismatchError(tune.signature, definition.signature);
	}
	const schema = tunerStudioSchema(definition, tune);
	const doc = options.base ? structuredClone(options.base) : skeleton(definition, options);
	setVersionInfo(doc, tune.signature, definition.pages.length);
	const lastIndex = new Map<string, MsqEntry>();
	for (const page of msqPages(doc)) for (const e of page.entries) lastIndex.set(e.name, e);
	const written = new Set<string>();
	for (const page of msqPages(doc)) {
		page.entries = page.entries.map((entry) => {
			const spec = schema.constants.get(entry.name);
			if (!spec || lastIndex.get(entry.name) !== entry || !Object.hasOwn(tune.values, entry.name)) {
				return entry;
			}
			written.add(entry.name);
			return encodeEntry(entry.element, spec, tune.values[entry.name]);
		});
	}
	for (const spec of schema.constants.values()) {
		if (written.has(spec.name) || !Object.hasOwn(tune.values, spec.name)) continue;
		const page = pageFor(doc, spec, definition);
		page.entries.push(
			encodeEntry(spec.location === 'pc' ? 'pcVariable' : 'constant', spec, tune.values[spec.name])
		);
	}
	return renderMsqDocument(doc);
}

function encodeEntry(element: MsqEntry['element'], spec: ConstantSpec, value: TuneValue): MsqEntry {
	const { attributes, text } = encodeMsqValue(spec, value, ENTRY_INDENT);
	return { element, name: spec.name, attributes, text };
}

function setVersionInfo(doc: MsqDocument, signature: string, nPages: number): void {
	const block = doc.blocks.find((b) => b.kind === 'element' && b.element.name === 'versionInfo');
	if (block?.kind === 'element') {
		const attrs = block.element.attributes.filter(([k]) => k !== 'signature');
		block.element.attributes = [...attrs, ['signature', signature]];
		return;
	}
	const bibliography = doc.blocks.findIndex(
		(b) => b.kind === 'element' && b.element.name === 'bibliography'
	);
	doc.blocks.splice(bibliography + 1, 0, {
		kind: 'element',
		element: {
			name: 'versionInfo',
			attributes: [
				['fileFormat', '5.0'],
				['nPages', String(nPages)],
				['signature', signature]
			],
			children: []
		}
	});
}

/** The page element a constant belongs in (`number` = .ini page − 1; none for PC variables), created if absent. */
function pageFor(doc: MsqDocument, spec: ConstantSpec, definition: EcuDefinition): MsqPage {
	const number =
		spec.location === 'pc'
			? undefined
			: definition.pages.find((p) => p.constants.some((c) => c.name === spec.name))!.number - 1;
	const pages = msqPages(doc);
	const found = pages.find((p) => pageNumber(p) === number);
	if (found) return found;
	const attributes: Attributes =
		number === undefined
			? []
			: [
					['number', String(number)],
					['size', String(definition.pages[number].size)]
				];
	const page: MsqPage = { attributes, entries: [] };
	const block: MsqBlock = { kind: 'page', page };
	const lastPage = doc.blocks.findLastIndex((b) => b.kind === 'page');
	const after =
		lastPage >= 0
			? lastPage
			: doc.blocks.findLastIndex(
					(b) => b.kind === 'element' && ['bibliography', 'versionInfo'].includes(b.element.name)
				);
	if (number === undefined) {
		const firstPage = doc.blocks.findIndex((b) => b.kind === 'page');
		doc.blocks.splice(firstPage >= 0 ? firstPage : after + 1, 0, block);
	} else doc.blocks.splice(after + 1, 0, block);
	return page;
}

function pageNumber(page: MsqPage): number | undefined {
	const n = page.attributes.find(([k]) => k === 'number')?.[1];
	return n === undefined ? undefined : Number(n);
}

function skeleton(definition: EcuDefinition, options: SaveMsqOptions): MsqDocument {
	const b = options.bibliography ?? {};
	const bibliography: Attributes = [
		['author', b.author ?? 'CarTech'],
		['tuneComment', b.tuneComment ?? ''],
		...(b.writeDate === undefined ? [] : ([['writeDate', b.writeDate]] as Attributes))
	];
	const settings = Object.entries(definition.settings ?? {})
		.filter(([, on]) => on)
		.map(([name]) => ({
			name: 'setting',
			attributes: [
				['name', name],
				['value', name]
			] as Attributes,
			children: []
		}));
	return {
		declaration: [
			['version', '1.0'],
			['encoding', 'ISO-8859-1']
		],
		rootAttributes: [['xmlns', 'http://www.msefi.com/:msq']],
		blocks: [
			{
				kind: 'element',
				element: { name: 'bibliography', attributes: bibliography, children: [] }
			},
			...definition.pages.map((p): MsqBlock => ({
				kind: 'page',
				page: {
					attributes: [
						['number', String(p.number - 1)],
						['size', String(p.size)]
					],
					entries: []
				}
			})),
			{
				kind: 'element',
				element: {
					name: 'settings',
					attributes: [
						['Comment', 'These setting are only used if this msq is opened without a project.']
					],
					children: settings
				}
			}
		]
	};
}

/** The TunerStudio pair as a TuneFormat: an .ini definition and .msq tunes. */
export const tunerStudioFormat: TuneFormat<EcuDefinition, MsqDocument> = {
	id: 'tunerstudio-msq',
	schema: tunerStudioSchema,
	read: loadMsq,
	write: saveMsq
};
