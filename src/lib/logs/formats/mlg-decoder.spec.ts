import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MlgDecoder } from './mlg-decoder';
import { MLG_LAYOUT, MlgFormatError } from './mlg-format';
import { decodeMlgInPieces, mlgError } from './mlg.test-helper';

const DATA = resolve('../shared/data/mlg-converter');
const shortMlg = new Uint8Array(readFileSync(`${DATA}/short.mlg`));
const blankMlg = new Uint8Array(readFileSync(`${DATA}/blank.mlg`));

interface ConverterJson {
	fileFormat: string;
	formatVersion: number;
	timestamp: string;
	info: string;
	bitFieldNames: string;
	fields: Record<string, unknown>[];
	records: Record<string, number | string>[];
}
const shortJson = JSON.parse(readFileSync(`${DATA}/short.json`, 'utf8')) as ConverterJson;
const blankJson = JSON.parse(readFileSync(`${DATA}/blank.json`, 'utf8')) as ConverterJson;

/** short.mlg: v1, data begins at 4019, 148-byte records → 153-byte data blocks (protocols.md §6.5). */
const DATA_BEGIN = 4019;
const BLOCK = 153;

/** The decoded header and records in mlg-converter's JSON shape. */
function asConverterJson(bytes: Uint8Array, chunkSize?: number) {
	const { header, data } = decodeMlgInPieces(bytes, chunkSize);
	if (!header) throw new Error('no header');
	return {
		formatVersion: header.formatVersion,
		timestamp: header.timestamp?.toISOString(),
		info: header.info,
		bitFieldNames: header.bitFieldNames,
		fields: header.fields.map((f) => ({
			name: f.name,
			units: f.units,
			displayStyle: f.displayStyle,
			scale: f.scale,
			transform: f.transform,
			digits: f.digits,
			category: f.category
		})),
		records: data.map(({ raw, at }) => ({
			type: 'field',
			timestamp: at.timestamp,
			...Object.fromEntries(header.fields.map((f, i) => [f.name, raw[i]]))
		}))
	};
}

function expected(json: ConverterJson) {
	return {
		formatVersion: json.formatVersion,
		timestamp: json.timestamp,
		info: json.info,
		bitFieldNames: json.bitFieldNames,
		fields: json.fields,
		records: json.records
	};
}

function corrupt(edit: (bytes: Uint8Array) => void): Uint8Array {
	const copy = shortMlg.slice();
	edit(copy);
	return copy;
}

describe('MlgDecoder on the mlg-converter reference files', () => {
	it('decodes short.mlg field for field and value for value as short.json', () => {
		expect(asConverterJson(shortMlg)).toEqual(expected(shortJson));
	});

	it('decodes blank.mlg (a header and no records) as blank.json', () => {
		expect(asConverterJson(blankMlg)).toEqual(expected(blankJson));
	});

	it('gives the same result whatever size the chunks are', () => {
		const whole = asConverterJson(shortMlg);
		for (const size of [1, 3, 22, 152, 153, 154, 4096]) {
			expect(asConverterJson(shortMlg, size)).toEqual(whole);
		}
	});

	it('reports each block with its index, file offset and rolling counter', () => {
		const { data } = decodeMlgInPieces(shortMlg, 100);
		expect(data).toHaveLength(66);
		expect(data[0].at).toEqual({ index: 0, offset: DATA_BEGIN, counter: 3, timestamp: 15749 });
		expect(data[1].at.counter).toBe(4);
		expect(data[65].at.index).toBe(65);
		expect(data[65].at.offset).toBe(DATA_BEGIN + 65 * BLOCK);
		expect(data[65].at.offset + BLOCK).toBe(shortMlg.length);
	});

	it('reads the header layout protocols.md §6.5 verified', () => {
		const { header } = decodeMlgInPieces(shortMlg);
		expect(header).toMatchObject({
			formatVersion: 1,
			infoDataStart: 3927,
			dataBeginIndex: DATA_BEGIN,
			recordLength: 148
		});
		expect(header!.fields).toHaveLength(71);
		expect(header!.fields.find((f) => f.name === 'RPM')!.type).toBe(2);
	});
});

describe('MlgDecoder on damaged input', () => {
	it('rejects a file without the MLVLG magic at the first differing byte', () => {
		const e = mlgError(() => decodeMlgInPieces(corrupt((b) => (b[2] = 0x58))));
		expect(e).toBeInstanceOf(MlgFormatError);
		expect(e).toMatchObject({ problem: 'magic', offset: 2, record: null });
		expect(e.message).toMatch(/not an MLG file.*at byte 2 \(header\)/);
	});

	it('rejects an unknown format version', () => {
		const e = mlgError(() => decodeMlgInPieces(corrupt((b) => (b[7] = 3))));
		expect(e).toMatchObject({ problem: 'version', offset: 6 });
		expect(e.message).toContain('version 3');
	});

	it('rejects a field descriptor with an unknown type, naming its offset', () => {
		const at = MLG_LAYOUT[1].headerBytes + 4 * MLG_LAYOUT[1].fieldBytes;
		const e = mlgError(() => decodeMlgInPieces(corrupt((b) => (b[at] = 9))));
		expect(e).toMatchObject({ problem: 'field-type', offset: at, record: null });
	});

	it('rejects descriptors that do not add up to the record length', () => {
		const e = mlgError(() => decodeMlgInPieces(corrupt((b) => (b[19] = 0x95))));
		expect(e.problem).toBe('header');
		expect(e.message).toContain('add up to 148 bytes per record but the header says 149');
	});

	it('names the byte offset and record of a bad checksum', () => {
		const bad = corrupt((b) => (b[DATA_BEGIN + 5 * BLOCK + 10] ^= 0x01));
		for (const size of [1, 64, bad.length]) {
			const e = mlgError(() => decodeMlgInPieces(bad, size));
			expect(e).toMatchObject({ problem: 'crc', offset: DATA_BEGIN + 5 * BLOCK, record: 5 });
			expect(e.message).toMatch(/checksum .* at byte 4784 \(record 5\)$/);
		}
	});

	it('keeps the records before a bad checksum when asked', () => {
		const bad = corrupt((b) => (b[DATA_BEGIN + 5 * BLOCK + BLOCK - 1] ^= 0xff));
		const partial = decodeMlgInPieces(bad, 200, { keepPartial: true });
		expect(partial.data).toHaveLength(5);
		expect(partial.error).toMatchObject({ problem: 'crc', record: 5 });
		expect(partial.data.map((d) => d.at.timestamp)).toEqual(
			shortJson.records.slice(0, 5).map((r) => r.timestamp)
		);
	});

	it('names a block type it does not know', () => {
		const bad = corrupt((b) => (b[DATA_BEGIN + 3 * BLOCK] = 7));
		const e = mlgError(() => decodeMlgInPieces(bad, 50));
		expect(e).toMatchObject({ problem: 'block-type', offset: DATA_BEGIN + 3 * BLOCK, record: 3 });
		expect(decodeMlgInPieces(bad, 50, { keepPartial: true }).data).toHaveLength(3);
	});

	it('reports a file cut inside a record with where that record starts', () => {
		const cut = shortMlg.subarray(0, DATA_BEGIN + 10 * BLOCK + 77);
		const e = mlgError(() => decodeMlgInPieces(cut, 1000));
		expect(e).toMatchObject({ problem: 'truncated', offset: DATA_BEGIN + 10 * BLOCK, record: 10 });
		expect(e.message).toContain('77 of 153 bytes');
		const partial = decodeMlgInPieces(cut, 1000, { keepPartial: true });
		expect(partial.data).toHaveLength(10);
		expect(partial.error?.problem).toBe('truncated');
	});

	it('reports a file cut inside the header', () => {
		const e = mlgError(() => decodeMlgInPieces(shortMlg.subarray(0, 3000), 512));
		expect(e).toMatchObject({ problem: 'truncated', record: null });
		expect(e.message).toContain('3000 of 4019 bytes');
		expect(mlgError(() => decodeMlgInPieces(new Uint8Array(0))).message).toMatch(/^empty file/);
	});

	it('rejects a data begin index the field table does not fit before', () => {
		const e = mlgError(() => decodeMlgInPieces(corrupt((b) => b.set([0, 0, 0, 40], 14))));
		expect(e).toMatchObject({ problem: 'header', offset: 14 });
	});

	it('stops at the first damage once keepPartial has caught it', () => {
		const bad = corrupt((b) => {
			b[DATA_BEGIN + 2 * BLOCK + 5] ^= 1;
			b[DATA_BEGIN + 40 * BLOCK] = 9;
		});
		const partial = decodeMlgInPieces(bad, 300, { keepPartial: true });
		expect(partial.data).toHaveLength(2);
		expect(partial.error?.record).toBe(2);
	});

	it('refuses a decoder without handlers', () => {
		expect(() => new MlgDecoder({ header: () => {}, data: () => {} } as never)).toThrow(TypeError);
	});
});

describe('MlgDecoder on arbitrary damage', () => {
	it('answers any corruption of short.mlg with records or an MlgFormatError, never another failure', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.nat(shortMlg.length - 1), fc.integer({ min: 0, max: 255 })), {
					minLength: 1,
					maxLength: 8
				}),
				fc.nat(shortMlg.length),
				fc.integer({ min: 1, max: 600 }),
				(edits, cut, chunk) => {
					const bytes = shortMlg.slice(0, cut);
					for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
					const partial = decodeMlgInPieces(bytes, chunk, { keepPartial: true });
					if (partial.error) expect(partial.error).toBeInstanceOf(MlgFormatError);
					const whole = decodeMlgInPieces(bytes, bytes.length, { keepPartial: true });
					expect(partial.data.length).toBe(whole.data.length);
					expect(partial.error?.message).toBe(whole.error?.message);
				}
			),
			{ numRuns: 300 }
		);
	});
});
