import { MsqParseError } from './errors';
import {
	attribute,
	childElements,
	escapeAttribute,
	escapeText,
	parseXml,
	textOf,
	type XmlElement
} from './xml';

export type Attributes = [string, string][];

/** One `<constant>` or `<pcVariable>` of a page; `text` is its decoded content, surrounding whitespace kept. */
export interface MsqEntry {
	element: 'constant' | 'pcVariable';
	name: string;
	attributes: Attributes;
	text: string;
}

/** A `<page>`: `number` (0-based, the .ini's page − 1) and `size` for ECU pages; neither for the PC-variable page. */
export interface MsqPage {
	attributes: Attributes;
	entries: MsqEntry[];
}

export type MsqBlock = { kind: 'page'; page: MsqPage } | { kind: 'element'; element: XmlElement };

/**
 * An .msq file as a document: the declaration, the `<msq>` root's attributes and its children in order (pages
 * parsed into entries; bibliography, versionInfo, settings, userComments and anything else kept as elements).
 * renderMsqDocument writes it back in TunerStudio's layout.
 */
export interface MsqDocument {
	declaration: Attributes;
	rootAttributes: Attributes;
	blocks: MsqBlock[];
}

/** Parses .msq text (already decoded from ISO-8859-1, see decodeLatin1) into an MsqDocument. */
export function parseMsqDocument(text: string): MsqDocument {
	const { declaration, root } = parseXml(text);
	if (root.name !== 'msq') {
		throw new MsqParseError(`the root element is <${root.name}>, not <msq>`, {
			line: 0,
			column: 0
		});
	}
	const blocks: MsqBlock[] = childElements(root).map((element) =>
		element.name === 'page' ? { kind: 'page', page: page(element) } : { kind: 'element', element }
	);
	return { declaration, rootAttributes: root.attributes, blocks };
}

function page(element: XmlElement): MsqPage {
	const entries: MsqEntry[] = [];
	for (const child of childElements(element)) {
		if (child.name !== 'constant' && child.name !== 'pcVariable') continue;
		const name = attribute(child, 'name');
		if (name === undefined) {
			throw new MsqParseError(`a <${child.name}> without a name`, { line: 0, column: 0 });
		}
		entries.push({ element: child.name, name, attributes: child.attributes, text: textOf(child) });
	}
	return { attributes: element.attributes, entries };
}

/** The pages of a document, in order. */
export function msqPages(doc: MsqDocument): MsqPage[] {
	return doc.blocks.flatMap((b) => (b.kind === 'page' ? [b.page] : []));
}

/** A top-level element by name (`versionInfo`, `bibliography`, `settings`). */
export function msqElement(doc: MsqDocument, name: string): XmlElement | undefined {
	for (const b of doc.blocks) if (b.kind === 'element' && b.element.name === name) return b.element;
	return undefined;
}

/** `<versionInfo signature="…">`, or undefined when the file has none. */
export function msqSignature(doc: MsqDocument): string | undefined {
	const info = msqElement(doc, 'versionInfo');
	return info ? attribute(info, 'signature') : undefined;
}

/**
 * The `<settings>` symbols the tune was saved with (e.g. CELSIUS): parse the .ini with them so units and #if arms
 * match the stored values.
 */
export function msqSettings(doc: MsqDocument): string[] {
	const settings = msqElement(doc, 'settings');
	if (!settings) return [];
	return childElements(settings, 'setting').flatMap((s) => {
		const name = attribute(s, 'name');
		return name === undefined ? [] : [name];
	});
}

const INDENT = '    ';

/**
 * TunerStudio's layout: 4-space indents, attributes sorted by name (as its XML serializer writes them), text
 * content inline, and an array value's rows on their own lines indented one past the element with the closing tag
 * two short of it (exactly as in the shipped `Speeduino base tune.msq`).
 */
export function renderMsqDocument(doc: MsqDocument): string {
	const out: string[] = [];
	const decl = doc.declaration.length > 0 ? doc.declaration : [['version', '1.0']];
	out.push(`<?xml${attrs(decl as Attributes, false)}?>\n`);
	out.push(`<msq${attrs(doc.rootAttributes, false)}>\n`);
	for (const block of doc.blocks) {
		if (block.kind === 'element') renderElement(block.element, 1, out);
		else renderPage(block.page, out);
	}
	out.push('</msq>\n');
	return out.join('');
}

function renderPage(page: MsqPage, out: string[]): void {
	out.push(`${INDENT}<page${attrs(page.attributes)}>\n`);
	for (const e of page.entries) {
		out.push(
			`${INDENT.repeat(2)}<${e.element}${attrs(e.attributes)}>${escapeText(e.text)}</${e.element}>\n`
		);
	}
	out.push(`${INDENT}</page>\n`);
}

function renderElement(element: XmlElement, depth: number, out: string[]): void {
	const pad = INDENT.repeat(depth);
	const open = `${pad}<${element.name}${attrs(element.attributes)}`;
	const elements = childElements(element);
	const text = textOf(element);
	if (elements.length === 0 && text.trim() === '') {
		out.push(`${open}/>\n`);
	} else if (elements.length === 0) {
		out.push(`${open}>${escapeText(text)}</${element.name}>\n`);
	} else {
		out.push(`${open}>\n`);
		for (const child of elements) renderElement(child, depth + 1, out);
		out.push(`${pad}</${element.name}>\n`);
	}
}

function attrs(list: Attributes, sorted = true): string {
	const ordered = sorted ? [...list].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : list;
	return ordered.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
}

/** Bytes of an ISO-8859-1 file as text (each byte one code point), the encoding TunerStudio declares. */
export function decodeLatin1(bytes: Uint8Array): string {
	let text = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return text;
}

/** Text as ISO-8859-1 bytes; characters outside Latin-1 become numeric character references. */
export function encodeLatin1(text: string): Uint8Array {
	const escaped = text.replace(/[^\u0000-\u00ff]/gu, (c) => `&#${c.codePointAt(0)};`);
	const bytes = new Uint8Array(escaped.length);
	for (let i = 0; i < escaped.length; i++) bytes[i] = escaped.charCodeAt(i);
	return bytes;
}
