import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IniParseError, parseIni, type Constant, type EcuDefinition, type NumericValue } from '.';
import { splitFields } from './fields';
import { readIniLines } from './ini-lines';

const INI = readFileSync(path.resolve('../shared/data/speeduino/speeduino.ini'), 'utf8');
const HYPER = JSON.parse(
	readFileSync(path.resolve('../shared/data/hyper-tuner-ini/202103.json'), 'utf8')
) as HyperTunerIni;

interface HyperTunerIni {
	constants: { pages: { number: number; data: Record<string, Record<string, unknown>> }[] };
	outputChannels: Record<string, Record<string, unknown>>;
}

const fahrenheit = parseIni(INI);
const celsius = parseIni(INI, { settings: ['CELSIUS'] });
/** hyper-tuner reads some #if arms and some #else arms, so its output is compared with each variant. */
const variants = [fahrenheit, celsius, parseIni(INI, { settings: ['resetcontrol_adv'] })];

/** hyper-tuner writes `unused2-95` as `unused2_95`, so names are compared with - read as _. */
function constant(def: EcuDefinition, name: string): Constant {
	const found = def.pages
		.flatMap((p) => p.constants)
		.find((c) => c.name === name || c.name.replace(/-/g, '_') === name);
	if (!found) throw new Error(`no ${name}`);
	return found;
}

const MINI = `
[MegaTune]
   signature = "test 1"
   queryCommand = "Q"
[Constants]
   endianness = little
   nPages = 1
   pageSize = 8
   page = 1
   a = scalar, U16, 0, "ms", 0.1, 0, 0, 100, 1
`;

describe('parseIni on speeduino.ini 202103', () => {
	it('reads the identity, page layout and comms settings', () => {
		expect(fahrenheit.signature).toBe('speeduino 202103');
		expect(fahrenheit.commands.query).toBe('Q');
		expect(fahrenheit.commands.versionInfo).toBe('S');
		expect(fahrenheit.endianness).toBe('little');
		expect(fahrenheit.pages.map((p) => p.size)).toEqual([
			128, 288, 288, 128, 288, 128, 240, 384, 192, 192, 288, 192, 128, 288
		]);
		expect(fahrenheit.comms).toEqual({
			blockingFactor: 256,
			tableBlockingFactor: 2048,
			delayAfterPortOpen: 1000,
			blockReadTimeout: 2000,
			interWriteDelay: 1,
			pageActivationDelay: 10
		});
		expect(fahrenheit.commands.pageIdentifier[1]).toBe('\\$tsCanId\\x02');
		expect(fahrenheit.commands.pageRead[0]).toBe('p%2i%2o%2c');
		expect(fahrenheit.commands.outputChannels).toBe('r\\$tsCanId\\x30%2o%2c');
	});

	it('reads known constants with type, offset, shape and scaling', () => {
		expect(constant(fahrenheit, 'veTable')).toMatchObject({
			kind: 'array',
			page: 2,
			type: 'U08',
			offset: 0,
			shape: { columns: 16, rows: 16 },
			units: '%'
		});
		expect(constant(fahrenheit, 'reqFuel')).toMatchObject({
			kind: 'scalar',
			page: 1,
			offset: 24,
			scale: 0.1,
			translate: 0,
			max: 25.5,
			digits: 1
		});
		const nCylinders = constant(fahrenheit, 'nCylinders');
		expect(nCylinders).toMatchObject({ kind: 'bits', offset: 36, low: 4, high: 7 });
		expect(nCylinders.kind === 'bits' && nCylinders.options.slice(0, 5)).toEqual([
			'INVALID',
			'1',
			'2',
			'3',
			'4'
		]);
	});

	it('expands $macro option lists and keeps {expressions} unevaluated', () => {
		const algorithm = constant(fahrenheit, 'algorithm');
		expect(algorithm.kind === 'bits' && algorithm.options.slice(0, 3)).toEqual([
			'MAP',
			'TPS',
			'IMAP/EMAP'
		]);
		expect(constant(fahrenheit, 'fuelLoadBins')).toMatchObject({
			units: { kind: 'expression', source: 'bitStringValue(algorithmUnits ,  algorithm)' },
			scale: 2,
			max: { kind: 'expression', source: 'fuelLoadMax' }
		});
	});

	it('takes the #else branch unless a setting is given', () => {
		expect(constant(fahrenheit, 'aeColdTaperMin')).toMatchObject({
			units: 'F',
			scale: 1.8,
			translate: -22.23
		});
		expect(constant(celsius, 'aeColdTaperMin')).toMatchObject({
			units: 'C',
			scale: 1,
			translate: -40
		});
	});

	it('reads the output channels: block size, scalars, bits and computed channels', () => {
		const oc = fahrenheit.outputChannels;
		expect(oc.blockSize).toBe(117);
		const byName = new Map(oc.channels.map((c) => [c.name, c]));
		expect(byName.get('rpm')).toEqual({
			kind: 'scalar',
			name: 'rpm',
			type: 'U16',
			offset: 14,
			units: 'rpm',
			scale: 1,
			translate: 0
		});
		expect(byName.get('iatRaw')).toMatchObject({ units: '°C', offset: 6 });
		expect(byName.get('sync')).toMatchObject({
			kind: 'bits',
			type: 'U08',
			offset: 31,
			low: 7,
			high: 7
		});
		expect(byName.get('coolant')).toEqual({
			kind: 'computed',
			name: 'coolant',
			expression: { kind: 'expression', source: '(coolantRaw - 40) * 1.8 + 32' }
		});
		expect(byName.get('throttle')).toMatchObject({ kind: 'computed', units: '%' });
		expect(celsius.outputChannels.channels.find((c) => c.name === 'coolant')).toMatchObject({
			expression: { source: 'coolantRaw - 40' }
		});
	});

	it('agrees with hyper-tuner/ini on every constant both read', () => {
		let compared = 0;
		for (const page of HYPER.constants.pages) {
			for (const [name, theirs] of Object.entries(page.data)) {
				const ours = variants.map((d) => constant(d, name));
				expect(ours[0].page, name).toBe(page.number);
				expect(
					ours.some((c) => sameAsHyper(c, theirs)),
					`${name}: ${JSON.stringify(ours[0])} vs ${JSON.stringify(theirs)}`
				).toBe(true);
				compared++;
			}
		}
		expect(compared).toBe(703);
	});

	it('agrees with hyper-tuner/ini on the output channels both read', () => {
		const ours = new Map(fahrenheit.outputChannels.channels.map((c) => [c.name, c]));
		let compared = 0;
		for (const [name, theirs] of Object.entries(HYPER.outputChannels)) {
			const c = ours.get(name);
			if (!c || c.kind === 'computed' || !('type' in theirs)) continue;
			expect(c.kind, name).toBe(theirs.type);
			expect(c.type, name).toBe(theirs.size);
			expect(c.offset, name).toBe(theirs.offset);
			if (c.kind === 'scalar') {
				expect(sameNumeric(c.scale, theirs.scale), name).toBe(true);
				expect(sameNumeric(c.translate, theirs.transform), name).toBe(true);
			}
			compared++;
		}
		expect(compared).toBeGreaterThan(130);
	});
});

function sameAsHyper(c: Constant, h: Record<string, unknown>): boolean {
	if (c.kind === 'string' || c.kind !== h.type || c.type !== h.size || c.offset !== h.offset)
		return false;
	if (c.kind === 'bits') {
		const [low, high] = h.address as number[];
		// hyper-tuner trims labels ("Relative " in the ini) and drops an all-blank list; we keep them as written.
		const trimmed = c.options.every((o) => o === '') ? [] : c.options.map((o) => o.trim());
		return low === c.low && high === c.high && JSON.stringify(h.values) === JSON.stringify(trimmed);
	}
	if (c.kind === 'array') {
		const shape = h.shape as { columns: number; rows: number };
		if (shape.columns !== c.shape.columns || Math.max(1, shape.rows) !== c.shape.rows) return false;
	}
	// Where the ini leaves lo/hi/digits out, hyper-tuner writes 0/0/null and we default to the type's range.
	const limitsGiven = h.digits !== null;
	return (
		sameText(c.units, h.units) &&
		sameNumeric(c.scale, h.scale) &&
		sameNumeric(c.translate, h.transform) &&
		(!limitsGiven || sameNumeric(c.min, h.min)) &&
		(!limitsGiven || (sameNumeric(c.max, h.max) && sameNumeric(c.digits, h.digits)))
	);
}

function sameNumeric(ours: NumericValue, theirs: unknown): boolean {
	if (typeof ours === 'number') return ours === theirs;
	return typeof theirs === 'string' && squash(theirs) === `{${squash(ours.source)}}`;
}

function sameText(ours: string | { source: string }, theirs: unknown): boolean {
	if (typeof ours === 'string') return ours.trim() === String(theirs).trim();
	return typeof theirs === 'string' && squash(theirs) === `{${squash(ours.source)}}`;
}

function squash(s: string): string {
	return s.replace(/\s+/g, '');
}

describe('parseIni grammar', () => {
	it('parses a minimal definition', () => {
		const d = parseIni(MINI);
		expect(d.signature).toBe('test 1');
		expect(d.pages).toEqual([
			{
				number: 1,
				size: 8,
				constants: [
					{
						kind: 'scalar',
						name: 'a',
						page: 1,
						type: 'U16',
						offset: 0,
						units: 'ms',
						scale: 0.1,
						translate: 0,
						min: 0,
						max: 100,
						digits: 1
					}
				]
			}
		]);
		expect(d.outputChannels).toEqual({ blockSize: 0, channels: [] });
	});

	it('rejects a constant that runs past its page, naming the line', () => {
		const bad = MINI.replace('U16, 0,', 'U16, 7,');
		expect(() => parseIni(bad)).toThrow(IniParseError);
		expect(() => parseIni(bad)).toThrow(/line 10: a ends at byte 9, past page 1's 8 bytes/);
	});

	it('rejects an unknown type and a missing signature', () => {
		expect(() => parseIni(MINI.replace('U16', 'U24'))).toThrow(/expected a type/);
		expect(() => parseIni(MINI.replace('signature = "test 1"', ''))).toThrow(/no signature/);
		expect(() => parseIni(MINI.replace('nPages = 1', 'nPages = 2'))).toThrow(/nPages = 2/);
	});

	it('rejects unbalanced preprocessor blocks', () => {
		expect(() => readIniLines('#if A\nx = 1\n')).toThrow(/line 1: #if without #endif/);
		expect(() => readIniLines('#else\n')).toThrow(/#else without #if/);
		expect(() => readIniLines('#endif\n')).toThrow(/#endif without #if/);
	});

	it('honours #set, #unset, negation, #elif and nesting', () => {
		const text = [
			'[S]',
			'#set A',
			'#if A',
			'  #if B',
			'  x = 1',
			'  #elif !C',
			'  x = 2',
			'  #else',
			'  x = 3',
			'  #endif',
			'#else',
			'x = 4',
			'#endif',
			'#unset A',
			'#if A',
			'y = 1',
			'#endif'
		].join('\n');
		const { entries } = readIniLines(text);
		expect(entries.map((e) => `${e.key}=${e.value}`)).toEqual(['x=2']);
		expect(readIniLines(text, { settings: ['B'] }).entries.map((e) => e.value)).toEqual(['1']);
	});

	it('strips comments outside quotes only', () => {
		const { entries } = readIniLines('[S]\nk = "a;b", 2 ; comment\n; whole line');
		expect(entries).toEqual([{ line: 2, section: 'S', key: 'k', value: '"a;b", 2' }]);
	});

	it('splits fields on commas and on spaces, keeping quotes, braces and brackets whole', () => {
		expect(splitFields('scalar    U08, 1, "a, b"  1.0, { x ? 1 : 2 }, [16x16], $m', 1)).toEqual([
			{ kind: 'word', text: 'scalar' },
			{ kind: 'word', text: 'U08' },
			{ kind: 'number', value: 1 },
			{ kind: 'string', raw: 'a, b' },
			{ kind: 'number', value: 1 },
			{ kind: 'expression', source: 'x ? 1 : 2' },
			{ kind: 'shape', text: '16x16' },
			{ kind: 'word', text: '$m' }
		]);
		expect(() => splitFields('"open', 3)).toThrow(/line 3: unterminated string/);
		expect(() => splitFields('{ a', 3)).toThrow(/unbalanced/);
	});
});
