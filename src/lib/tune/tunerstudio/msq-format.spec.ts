import { describe, expect, it } from 'vitest';
import type { Tune } from '../model';
import { encodeLatin1, decodeLatin1, parseMsqDocument } from '../msq/document';
import { MsqParseError } from '../msq/errors';
import { javaDouble } from '../msq/java-double';
import { SignatureMismatchError } from '../signature';
import { DEFINITION, LOADED, MSQ_BYTES, MSQ_TEXT, SCHEMA } from '../test-fixtures.test-helper';
import { loadMsq, saveMsq } from './msq-format';
import { pagesToTune, tuneToPages } from './pages';

const { tune, document, report } = LOADED;

/** Each entry's numbers as written, by name (the last entry of a name, as the loader reads it). */
function numbersByName(text: string): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (const m of text.matchAll(/<(constant|pcVariable)\b[^>]*\bname="([^"]*)"[^>]*>([^<]*)</g)) {
		const tokens = m[3].trim().split(/\s+/);
		if (tokens.every((t) => /^-?\d/.test(t))) out.set(m[2], tokens);
	}
	return out;
}

describe('.msq load', () => {
	it('reads the shipped Speeduino tune into typed values using the definition', () => {
		expect(tune.signature).toBe('speeduino 202103');
		const ve = tune.values.veTable as number[][];
		expect(ve).toHaveLength(16);
		expect(ve.every((row) => row.length === 16)).toBe(true);
		expect(ve[0]).toEqual([39, 39, 39, 39, 39, 38, 37, 36, 35, 34, 33, 33, 33, 33, 33, 33]);
		// A 1-D array is N rows of 1 column, as the file writes it (cols="1" rows="16").
		expect(tune.values.rpmBins).toHaveLength(16);
		expect((tune.values.rpmBins as number[][])[0]).toEqual([500]);
		expect(tune.values.reqFuel).toBe(12.2);
		expect(tune.values.stoich).toBe(14.7);
		expect(tune.values.injType).toBe('Port');
		expect(tune.values.nCylinders).toBe('4');
		// An option labelled INVALID is written as its index, and read as one.
		expect(tune.values.wmiIndicatorPin).toBe(63);
		// A string constant is written unquoted.
		expect(tune.values.AUXin00Alias).toBe('Aux0');
		expect(tune.values.tsCanId).toBe('CAN ID 0');
	});

	it('reports what it did not model: TunerStudio project variables, and constants the file lacks', () => {
		expect(report.invalid).toEqual([]);
		expect(report.unknown).toContain('tsVehicleWeight');
		expect(report.unknown.every((n) => n.startsWith('ts'))).toBe(true);
		expect(report.missing).toContain('fuelTrim5Table');
		expect(report.missing).toHaveLength(32);
		expect(Object.keys(tune.values)).toHaveLength(689);
	});

	it('lists entries that do not fit their constant instead of guessing', () => {
		const broken = MSQ_TEXT.replace(/(name="reqFuel"[^>]*>)[^<]*/, '$1fast').replace(
			/(name="rpmBins"[^>]*>)([^<]*)/,
			(_, open: string, body: string) => open + body.replace('500.0', '')
		);
		const { tune: t, report: r } = loadMsq(broken, DEFINITION);
		expect(r.invalid).toEqual([
			{ name: 'reqFuel', text: 'fast', reason: '"fast" is not a number' },
			expect.objectContaining({ name: 'rpmBins', reason: '15 values for a 16×1 array' })
		]);
		expect(t.values).not.toHaveProperty('reqFuel');
	});

	it('rejects malformed XML with the line and column, and a file without a signature', () => {
		const cut = MSQ_TEXT.replace('</page>', '</pages>');
		expect(() => loadMsq(cut, DEFINITION)).toThrow(MsqParseError);
		expect(() => loadMsq(cut, DEFINITION)).toThrow(/line 460, column 5: <\/pages> closes <page>/);
		expect(() => loadMsq('<msq><page/>', DEFINITION)).toThrow(
			/<page> is never closed|<msq> is never closed/
		);
		expect(() => loadMsq('<tune/>', DEFINITION)).toThrow(/root element is <tune>/);
		const unsigned = MSQ_TEXT.replace(/ signature="[^"]*"/, '');
		expect(() => loadMsq(unsigned, DEFINITION)).toThrow(/no <versionInfo signature/);
		expect(() => loadMsq('<msq a="1" a="2"/>', DEFINITION)).toThrow(/attribute a given twice/);
		expect(() => loadMsq('<msq>AT&T</msq>', DEFINITION)).toThrow(/bare "&"/);
	});
});

describe('.msq save', () => {
	it('saving an unchanged tune onto its document gives the same bytes', () => {
		const saved = saveMsq(tune, DEFINITION, { base: document });
		expect(Buffer.from(encodeLatin1(saved)).equals(MSQ_BYTES)).toBe(true);
	});

	it('parse → save → parse keeps every constant, and every number is written as the file wrote it', () => {
		// A fresh document (no base): every value is re-encoded from the model, nothing copied from the file.
		const fresh = saveMsq(tune, DEFINITION, { bibliography: { writeDate: 'test' } });
		const again = loadMsq(fresh, DEFINITION);
		expect(again.report.invalid).toEqual([]);
		expect(again.report.unknown).toEqual([]);
		expect(again.tune).toEqual(tune);
		const before = numbersByName(MSQ_TEXT);
		const after = numbersByName(fresh);
		let compared = 0;
		for (const name of Object.keys(tune.values)) {
			if (!before.has(name)) continue;
			expect(after.get(name), name).toEqual(before.get(name));
			compared++;
		}
		expect(compared).toBe(298);
	});

	it('re-encodes an edited cell and keeps every other line', () => {
		const ve = (tune.values.veTable as number[][]).map((r) => [...r]);
		ve[3][7] = 61.5;
		const edited: Tune = { ...tune, values: { ...tune.values, veTable: ve } };
		const saved = saveMsq(edited, DEFINITION, { base: document });
		const a = MSQ_TEXT.split('\n');
		const b = saved.split('\n');
		expect(b).toHaveLength(a.length);
		const changed = a.flatMap((line, i) => (line === b[i] ? [] : [i]));
		expect(changed).toHaveLength(1);
		expect(b[changed[0]]).toContain(' 61.5 ');
		expect((loadMsq(saved, DEFINITION).tune.values.veTable as number[][])[3][7]).toBe(61.5);
	});

	it('writes constants the base lacks into their page, and TunerStudio-style entries', () => {
		const withTrim: Tune = {
			...tune,
			values: {
				...tune.values,
				fuelTrim5Table: Array.from({ length: 6 }, () => Array(6).fill(100))
			}
		};
		const saved = saveMsq(withTrim, DEFINITION, { base: document });
		// speeduino.ini line 722: page 8, which the msq numbers 7.
		const page = /<page number="7" size="384">[\s\S]*?<\/page>/.exec(saved)![0];
		expect(page).toContain(
			'<constant cols="6" digits="0" name="fuelTrim5Table" rows="6" units="%">'
		);
		expect(loadMsq(saved, DEFINITION).tune.values.fuelTrim5Table).toEqual(
			withTrim.values.fuelTrim5Table
		);
	});

	it('refuses to lay a tune out with another firmware definition', () => {
		const other = { ...tune, signature: 'speeduino 202202' };
		expect(() => saveMsq(other, DEFINITION)).toThrow(SignatureMismatchError);
	});

	it('writes ISO-8859-1: a Latin-1 label is one byte, anything beyond is a character reference', () => {
		const labelled: Tune = { ...tune, values: { ...tune.values, AUXin00Alias: 'Druck µ€' } };
		const bytes = encodeLatin1(saveMsq(labelled, DEFINITION, { base: document }));
		const text = decodeLatin1(bytes);
		expect(bytes.includes(0xb5)).toBe(true);
		expect(text).toContain('Druck µ&#8364;');
		expect(loadMsq(text, DEFINITION).tune.values.AUXin00Alias).toBe('Druck µ€');
		expect(parseMsqDocument(text).blocks.length).toBe(parseMsqDocument(MSQ_TEXT).blocks.length);
	});

	it('formats numbers as Java Double.toString does', () => {
		expect(
			[39, 6553.5, 14.7, -2, 0, -0, 0.34, 1e7, 1.5e-4, 0.001, 123456789, NaN].map(javaDouble)
		).toEqual([
			'39.0',
			'6553.5',
			'14.7',
			'-2.0',
			'0.0',
			'-0.0',
			'0.34',
			'1.0E7',
			'1.5E-4',
			'0.001',
			'1.23456789E8',
			'NaN'
		]);
	});
});

describe('page images', () => {
	it('encode every ECU constant at its offset in raw units, none skipped', () => {
		const { pages, skipped } = tuneToPages(tune, DEFINITION);
		expect(skipped).toEqual([]);
		expect(pages.map((p) => p.length)).toEqual(DEFINITION.pages.map((p) => p.size));
		// veTable: page 2, offset 0, scale 1; reqFuel: page 1 byte 24, scale 0.1; stoich: byte 50, scale 0.1.
		expect([...pages[1].subarray(0, 16)]).toEqual([
			39, 39, 39, 39, 39, 38, 37, 36, 35, 34, 33, 33, 33, 33, 33, 33
		]);
		expect(pages[0][24]).toBe(122);
		expect(pages[0][50]).toBe(147);
		// injLayout "Paired" (0) in bits 4–5 of byte 38 with its neighbours' bits.
		expect((pages[0][38] >> 4) & 3).toBe(0);
		// rpmBins: page 2 (scale 100) after the 256 VE bytes.
		expect(pages[1][256]).toBe(5);
	});

	it('read back into the same tune (values tidied to their storage precision)', () => {
		const { pages } = tuneToPages(tune, DEFINITION);
		const { tune: back, skipped } = pagesToTune(pages, DEFINITION);
		expect(skipped).toEqual([]);
		expect(back.signature).toBe(tune.signature);
		let compared = 0;
		for (const [name, value] of Object.entries(tune.values)) {
			if (SCHEMA.constants.get(name)?.location !== 'ecu') continue;
			expect(back.values[name], name).toEqual(value);
			compared++;
		}
		// Every ECU constant of the file (689 values less 18 PC variables, which never reach the ECU).
		expect(compared).toBe(671);
		expect(back.values.stoich).toBe(14.7);
	});

	it('keep the bytes of a base image that no constant covers', () => {
		const base = DEFINITION.pages.map((p) => new Uint8Array(p.size).fill(0xa5));
		const { pages } = tuneToPages(
			{ signature: tune.signature, values: { reqFuel: 10 } },
			DEFINITION,
			base
		);
		expect(pages[0][24]).toBe(100);
		expect(pages[0][25]).toBe(0xa5);
	});
});
