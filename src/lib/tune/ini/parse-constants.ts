import { DATA_TYPES } from './data-types';
import { IniParseError } from './errors';
import { FieldCursor, bitRange } from './field-values';
import { splitFields, type IniField } from './fields';
import type { IniEntry } from './ini-lines';
import type {
	ArrayShape,
	CommandTemplates,
	CommsSettings,
	Constant,
	ConstantPage,
	Endianness
} from './model';

export interface ConstantsSection {
	endianness: Endianness;
	pages: ConstantPage[];
	commands: Omit<CommandTemplates, 'query' | 'versionInfo' | 'outputChannels'>;
	comms: CommsSettings;
}

const PER_PAGE_COMMANDS = {
	pageIdentifier: 'pageIdentifier',
	pageReadCommand: 'pageRead',
	pageValueWrite: 'pageValueWrite',
	pageChunkWrite: 'pageChunkWrite',
	burnCommand: 'burn',
	crc32CheckCommand: 'crc32Check'
} as const;

const NUMERIC_COMMS = [
	'blockingFactor',
	'tableBlockingFactor',
	'blockReadTimeout',
	'delayAfterPortOpen',
	'interWriteDelay',
	'pageActivationDelay'
] as const;

/** Reads the [Constants] section: page layout, comms settings and every scalar/array/bits/string constant. */
export function parseConstants(
	entries: IniEntry[],
	defines: ReadonlyMap<string, string>
): ConstantsSection {
	let endianness: Endianness = 'little';
	let nPages: { value: number; line: number } | null = null;
	let sizes: number[] = [];
	let page = 0;
	const constants: { constant: Constant; line: number }[] = [];
	const commands: ConstantsSection['commands'] = {
		pageIdentifier: [],
		pageRead: [],
		pageValueWrite: [],
		pageChunkWrite: [],
		burn: [],
		crc32Check: []
	};
	const comms: CommsSettings = {};

	for (const entry of entries) {
		const fields = splitFields(entry.value, entry.line);
		const cursor: FieldCursor = new FieldCursor(fields, entry.key, entry.line);
		const first = fields[0];
		if (first?.kind === 'word' && ['scalar', 'array', 'bits', 'string'].includes(first.text)) {
			if (page === 0) cursor.fail('constant before any "page = N"');
			cursor.next();
			constants.push({ constant: constant(first.text, page, cursor, defines), line: entry.line });
			continue;
		}
		const key = entry.key;
		if (key === 'page') page = cursor.integer('a page number');
		else if (key === 'endianness') {
			const text = wordOf(first);
			if (text !== 'little' && text !== 'big') cursor.fail(`endianness must be little or big`);
			endianness = text;
		} else if (key === 'nPages')
			nPages = { value: cursor.integer('a page count'), line: entry.line };
		else if (key === 'pageSize') sizes = fields.map(() => cursor.integer('a page size'));
		else if (key in PER_PAGE_COMMANDS) {
			commands[PER_PAGE_COMMANDS[key as keyof typeof PER_PAGE_COMMANDS]] = fields.map((f) => {
				if (f.kind !== 'string') cursor.fail('expected quoted command strings');
				return f.raw;
			});
		} else if ((NUMERIC_COMMS as readonly string[]).includes(key)) {
			comms[key as (typeof NUMERIC_COMMS)[number]] = cursor.integer(key);
		} else if (key === 'messageEnvelopeFormat') {
			comms.messageEnvelopeFormat = wordOf(first) ?? (first?.kind === 'string' ? first.raw : '');
		}
	}

	if (nPages && nPages.value !== sizes.length) {
		throw new IniParseError(
			`nPages = ${nPages.value} but pageSize lists ${sizes.length} sizes`,
			nPages.line
		);
	}
	const pages: ConstantPage[] = sizes.map((size, i) => ({ number: i + 1, size, constants: [] }));
	for (const { constant, line } of constants) {
		const target = pages[constant.page - 1];
		if (!target) {
			throw new IniParseError(
				`${constant.name} is on page ${constant.page}, but pageSize defines ${pages.length} pages`,
				line
			);
		}
		const end = constant.offset + byteLength(constant);
		if (end > target.size) {
			throw new IniParseError(
				`${constant.name} ends at byte ${end}, past page ${target.number}'s ${target.size} bytes`,
				line
			);
		}
		target.constants.push(constant);
	}
	return { endianness, pages, commands, comms };
}

/**
 * One constant line after its kind word (`scalar`, `array`, `bits`, `string`). [PcVariables] lines have the same
 * fields without the offset: `placed = false` reads none and leaves page and offset 0.
 */
export function constant(
	kind: string,
	page: number,
	cursor: FieldCursor,
	defines: ReadonlyMap<string, string>,
	placed = true
): Constant {
	const name = cursor.key;
	if (kind === 'string') {
		const encoding = cursor.next();
		if (encoding?.kind !== 'word' || encoding.text !== 'ASCII')
			cursor.fail('strings must be ASCII');
		const offset = placed ? cursor.integer('an offset') : 0;
		return { kind: 'string', name, page, offset, length: cursor.integer('a length') };
	}
	const type = cursor.dataType();
	const offset = placed ? cursor.integer('an offset') : 0;
	if (kind === 'bits') {
		if (DATA_TYPES[type].float || DATA_TYPES[type].min < 0)
			cursor.fail('bits need an unsigned type');
		const { low, high } = bitRange(cursor.shape('a bit range'), cursor);
		if (high >= DATA_TYPES[type].size * 8) cursor.fail(`bit ${high} is outside a ${type}`);
		return { kind: 'bits', name, page, type, offset, low, high, options: cursor.options(defines) };
	}
	const shape = kind === 'array' ? arrayShape(cursor.shape('a shape'), cursor) : null;
	const scaling = {
		units: cursor.text(''),
		scale: cursor.numeric(1),
		translate: cursor.numeric(0),
		min: cursor.numeric(DATA_TYPES[type].min),
		max: cursor.numeric(DATA_TYPES[type].max),
		digits: cursor.numeric(0)
	};
	if (shape) return { kind: 'array', name, page, type, offset, shape, ...scaling };
	return { kind: 'scalar', name, page, type, offset, ...scaling };
}

function arrayShape(text: string, cursor: FieldCursor): ArrayShape {
	const m = /^(\d+)\s*(?:x\s*(\d+))?$/.exec(text);
	if (!m) cursor.fail(`bad array shape [${text}]`);
	const columns = Number(m[1]);
	const rows = m[2] === undefined ? 1 : Number(m[2]);
	if (columns === 0 || rows === 0) cursor.fail(`empty array shape [${text}]`);
	return { columns, rows };
}

/** Bytes a constant occupies in its page. */
export function byteLength(c: Constant): number {
	switch (c.kind) {
		case 'string':
			return c.length;
		case 'array':
			return DATA_TYPES[c.type].size * c.shape.columns * c.shape.rows;
		default:
			return DATA_TYPES[c.type].size;
	}
}

function wordOf(f: IniField | undefined): string | undefined {
	return f?.kind === 'word' ? f.text : undefined;
}
