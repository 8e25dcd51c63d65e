import { MsqParseError } from './errors';

/** An element with its attributes in document order and its children (elements and text, entities decoded). */
export interface XmlElement {
	name: string;
	attributes: [string, string][];
	children: XmlNode[];
}

export type XmlNode = XmlElement | string;

export interface XmlDocument {
	/** The `<?xml … ?>` declaration's attributes (version, encoding), empty when absent. */
	declaration: [string, string][];
	root: XmlElement;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * A small non-validating XML reader for .msq files (XML 1.0 elements, attributes, text, entities, comments,
 * CDATA and processing instructions; no DTDs). Pure string code, so it runs in workers and on the server alike.
 * Malformed input throws MsqParseError at the offending position.
 */
export function parseXml(text: string): XmlDocument {
	let i = 0;
	const n = text.length;
	let declaration: [string, string][] = [];
	let root: XmlElement | null = null;
	const stack: XmlElement[] = [];

	function fail(message: string, at = i): never {
		throw new MsqParseError(message, position(text, at));
	}

	if (text.charCodeAt(0) === 0xfeff) i = 1;
	while (i < n) {
		const lt = text.indexOf('<', i);
		const end = lt < 0 ? n : lt;
		if (end > i) {
			const raw = text.slice(i, end);
			if (stack.length > 0) stack[stack.length - 1].children.push(decode(raw, i));
			else if (raw.trim() !== '') fail('text outside the root element');
			i = end;
			continue;
		}
		if (text.startsWith('<?', i)) {
			const close = text.indexOf('?>', i);
			if (close < 0) fail('unterminated processing instruction');
			if (text.startsWith('<?xml', i) && /\s/.test(text[i + 5] ?? '')) {
				declaration = attributes(text.slice(i + 5, close), i + 5);
			}
			i = close + 2;
		} else if (text.startsWith('<!--', i)) {
			const close = text.indexOf('-->', i + 4);
			if (close < 0) fail('unterminated comment');
			i = close + 3;
		} else if (text.startsWith('<![CDATA[', i)) {
			const close = text.indexOf(']]>', i);
			if (close < 0) fail('unterminated CDATA section');
			if (stack.length === 0) fail('CDATA outside the root element');
			stack[stack.length - 1].children.push(text.slice(i + 9, close));
			i = close + 3;
		} else if (text.startsWith('<!', i)) {
			fail('DTDs and declarations are not supported in .msq files');
		} else if (text.startsWith('</', i)) {
			NAME.lastIndex = i + 2;
			const m = NAME.exec(text);
			if (!m) fail('malformed end tag');
			const open = stack.pop();
			if (!open || open.name !== m[0]) {
				fail(open ? `</${m[0]}> closes <${open.name}>` : `</${m[0]}> without a start tag`);
			}
			const close = text.indexOf('>', NAME.lastIndex);
			if (close < 0 || text.slice(NAME.lastIndex, close).trim() !== '') fail('malformed end tag');
			i = close + 1;
		} else {
			NAME.lastIndex = i + 1;
			const m = NAME.exec(text);
			if (!m) fail('malformed start tag');
			const close = tagEnd(text, NAME.lastIndex);
			if (close < 0) fail(`unterminated <${m[0]}>`);
			const selfClosing = text[close - 1] === '/';
			const attrText = text.slice(NAME.lastIndex, selfClosing ? close - 1 : close);
			const element: XmlElement = {
				name: m[0],
				attributes: attributes(attrText, NAME.lastIndex),
				children: []
			};
			if (stack.length > 0) stack[stack.length - 1].children.push(element);
			else if (root) fail('a second root element');
			else root = element;
			if (!selfClosing) stack.push(element);
			i = close + 1;
		}
	}
	if (stack.length > 0) fail(`<${stack[stack.length - 1].name}> is never closed`, n);
	if (!root) fail('no root element', n);
	return { declaration, root: root! };

	function attributes(source: string, offset: number): [string, string][] {
		const out: [string, string][] = [];
		const re = /\s*([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"]*)"|'([^']*)')|\s+/y;
		let j = 0;
		while (j < source.length) {
			re.lastIndex = j;
			const m = re.exec(source);
			if (!m) fail('malformed attribute', offset + j);
			if (m[1] !== undefined) {
				if (out.some(([k]) => k === m[1])) fail(`attribute ${m[1]} given twice`, offset + j);
				out.push([m[1], decode(m[3] ?? m[4], offset + j)]);
			}
			j = re.lastIndex;
		}
		return out;
	}

	function decode(raw: string, at: number): string {
		if (raw.indexOf('&') < 0) return raw;
		return raw.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
			if (!whole.endsWith(';')) fail(`bare "&" (write &amp;)`, at + raw.indexOf(whole));
			if (Object.hasOwn(ENTITIES, name)) return ENTITIES[name];
			const code = /^#x([0-9a-f]+)$/i.exec(name)
				? parseInt(name.slice(2), 16)
				: /^#(\d+)$/.test(name)
					? Number(name.slice(1))
					: NaN;
			if (!Number.isInteger(code) || code > 0x10ffff) {
				fail(`unknown entity &${name};`, at + raw.indexOf(whole));
			}
			return String.fromCodePoint(code);
		});
	}
}

/** Index of the `>` ending a start tag, skipping `>` inside quoted attribute values; -1 when none. */
function tagEnd(text: string, from: number): number {
	let quote = '';
	for (let j = from; j < text.length; j++) {
		const c = text[j];
		if (quote) {
			if (c === quote) quote = '';
		} else if (c === '"' || c === "'") quote = c;
		else if (c === '>') return j;
		else if (c === '<') return -1;
	}
	return -1;
}

function position(text: string, at: number): { line: number; column: number } {
	let line = 1;
	let start = 0;
	for (let j = 0; j < at && j < text.length; j++) {
		if (text[j] === '\n') {
			line++;
			start = j + 1;
		}
	}
	return { line, column: at - start + 1 };
}

/** The element's child elements named `name`. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
	return element.children.filter(
		(c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name)
	);
}

/** The element's text content (its text children joined; child elements ignored). */
export function textOf(element: XmlElement): string {
	return element.children.filter((c): c is string => typeof c === 'string').join('');
}

export function attribute(element: XmlElement, name: string): string | undefined {
	return element.attributes.find(([k]) => k === name)?.[1];
}

/** Text escaped for an XML text node, as TunerStudio writes it (`&`, `<`, `>`). */
export function escapeText(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text escaped for a double-quoted attribute. */
export function escapeAttribute(text: string): string {
	return escapeText(text).replace(/"/g, '&quot;');
}
