import { describe, expect, it } from 'vitest';
import { MLG_LAYOUT } from './mlg-format';
import { MlgWriter, type MlgWriterField } from './mlg-writer';
import { decodeMlgInPieces } from './mlg.test-helper';

const FIELDS: MlgWriterField[] = [
	{ name: 'Time', units: 's', type: 'F32', digits: 3, category: 'time' },
	{ name: 'RPM', units: 'rpm', type: 'U16' },
	{ name: 'AFR', units: 'O2', type: 'U08', scale: 0.1 },
	{ name: 'Advance', units: 'deg', type: 'S08' },
	{ name: 'CLT', units: 'C', type: 'S16', transform: -40 },
	{ name: 'Odometer', units: 'm', type: 'U32' },
	{ name: 'Trim', units: '%', type: 'S32', scale: 0.01 },
	{ name: 'Counter64', type: 'S64' },
	{
		name: 'Status',
		type: 'U08_BITFIELD',
		displayStyle: 'bits',
		bitField: { style: 4, namesIndex: 0, bits: 3 }
	},
	{ name: 'Flags16', type: 'U16_BITFIELD', bitField: { style: 0, namesIndex: 4, bits: 16 } },
	{ name: 'Flags32', type: 'U32_BITFIELD', bitField: { style: 0, namesIndex: 8, bits: 32 } }
];

const RAW_ROWS = [
	[0, 850, 147, -10, 120, 0, -2500, 2 ** 40, 5, 0xbeef, 0xdeadbeef],
	[0.01, 65535, 255, 127, -32768, 0xffffffff, 0x7fffffff, -(2 ** 50), 0, 0, 0],
	[0.02, 0, 0, -128, 32767, 1, -0x80000000, 0, 255, 0xffff, 1]
];

function writeAll(version: 1 | 2): Uint8Array {
	const writer = new MlgWriter({
		fields: FIELDS,
		formatVersion: version,
		timestamp: new Date('2024-05-01T10:20:30Z'),
		info: 'CarTech export\nCapture Date: 2024-05-01',
		bitFieldNames: 'a\0b\0c\0'
	});
	const parts = [writer.header];
	RAW_ROWS.forEach((row, i) => {
		writer.recordRaw(i * 10_000, row);
		if (i === 1) writer.marker(i * 10_000 + 500, 'pull start');
	});
	parts.push(writer.take());
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

describe('MlgWriter', () => {
	for (const version of [1, 2] as const) {
		it(`round-trips every field type, bit fields, markers and info through the decoder (v${version})`, () => {
			const bytes = writeAll(version);
			for (const size of [1, 17, bytes.length]) {
				const { header, data, markers, error } = decodeMlgInPieces(bytes, size);
				expect(error).toBeNull();
				expect(header).toMatchObject({
					formatVersion: version,
					timestamp: new Date('2024-05-01T10:20:30Z'),
					info: 'CarTech export\nCapture Date: 2024-05-01',
					bitFieldNames: 'a\0b\0c\0',
					recordLength: 4 + 2 + 1 + 1 + 2 + 4 + 4 + 8 + 1 + 2 + 4
				});
				expect(header!.fields.map((f) => [f.name, f.units, f.type])).toEqual(
					FIELDS.map((f, i) => [f.name, f.units ?? '', header!.fields[i].type])
				);
				expect(header!.fields[2].scale).toBe(Math.fround(0.1));
				expect(header!.fields[4].transform).toBe(-40);
				expect(header!.fields[0].category).toBe(version === 2 ? 'time' : '');
				expect(header!.fields[8]).toMatchObject({
					displayStyle: 'bits',
					bitField: { style: 4, namesIndex: 0, bits: 3 }
				});
				expect(data.map((d) => d.raw)).toEqual(
					RAW_ROWS.map((r) => [Math.fround(r[0]), ...r.slice(1)])
				);
				expect(data.map((d) => [d.at.index, d.at.counter, d.at.timestamp])).toEqual([
					[0, 0, 0],
					[1, 1, 1000],
					[3, 3, 2000]
				]);
				expect(markers).toEqual([
					{ message: 'pull start', at: expect.objectContaining({ index: 2, timestamp: 1050 }) }
				]);
			}
		});
	}

	it('writes the header rusEFI writes for v2 without info: infoDataStart 0, data right after the fields', () => {
		const writer = new MlgWriter({ fields: [{ name: 'RPM', units: 'rpm', type: 'U16' }] });
		const h = writer.header;
		expect(Array.from(h.subarray(0, 24))).toEqual([
			0x4d,
			0x4c,
			0x56,
			0x4c,
			0x47,
			0x00,
			0x00,
			0x02,
			0,
			0,
			0,
			0,
			0,
			0,
			0,
			0,
			0,
			0,
			0,
			24 + 89,
			0,
			2,
			0,
			1
		]);
		expect(h.length).toBe(MLG_LAYOUT[2].headerBytes + MLG_LAYOUT[2].fieldBytes);
		expect(h[24]).toBe(2);
		expect(new TextDecoder().decode(h.subarray(25, 28))).toBe('RPM');
		expect(new DataView(h.buffer).getFloat32(24 + 46)).toBe(1);
		const { header, error } = decodeMlgInPieces(h);
		expect(error).toBeNull();
		expect(header).toMatchObject({ infoDataStart: 0, info: '', dataBeginIndex: 113 });
		expect(header!.fields[0]).toMatchObject({ name: 'RPM', units: 'rpm', type: 2, category: '' });
	});

	it('ends each data block with the byte sum of its values', () => {
		const writer = new MlgWriter({
			fields: [
				{ name: 'A', type: 'U08' },
				{ name: 'B', type: 'U16' }
			]
		});
		writer.recordRaw(123_450, [0xf0, 0x1234]);
		expect(Array.from(writer.take())).toEqual([
			0x00,
			0x00,
			0x30,
			0x39,
			0xf0,
			0x12,
			0x34,
			(0xf0 + 0x12 + 0x34) & 0xff
		]);
	});

	it('converts physical values to raw with scale and transform', () => {
		const writer = new MlgWriter({
			fields: [
				{ name: 'AFR', type: 'U08', scale: 0.1 },
				{ name: 'CLT', type: 'S16', transform: -40 }
			]
		});
		writer.record(0, [14.7, 90]);
		const bytes = new Uint8Array([...writer.header, ...writer.take()]);
		expect(decodeMlgInPieces(bytes).data[0].raw).toEqual([147, 130]);
	});

	it('refuses a value its field cannot hold, and writes nothing for that record', () => {
		const writer = new MlgWriter({ fields: [{ name: 'RPM', type: 'U16' }] });
		writer.record(0, [100]);
		expect(() => writer.record(10, [70_000])).toThrow(
			/field "RPM" \(U16\) cannot hold raw value 70000/
		);
		expect(() => writer.recordRaw(10, [1.5])).toThrow(RangeError);
		expect(() => writer.record(10, [NaN])).toThrow(RangeError);
		expect(() => writer.record(10, [1, 2])).toThrow(/needs 1 values, got 2/);
		expect(writer.take().length).toBe(4 + 2 + 1);
		expect(writer.blocks).toBe(1);
	});

	it('throws precise TypeErrors for fields it cannot describe', () => {
		expect(() => new MlgWriter({ fields: [{ name: 'x'.repeat(35) }] })).toThrow(
			/name is longer than 34 bytes/
		);
		expect(() => new MlgWriter({ fields: [{ name: 'a', units: 'kilopascal' + 'x' }] })).toThrow(
			/units is longer than 10 bytes/
		);
		expect(() => new MlgWriter({ fields: [{ name: 'a', type: 'F64' as never }] })).toThrow(
			/unknown type F64/
		);
		expect(() => new MlgWriter({ fields: [{ name: 'a', type: 'U08_BITFIELD' }] })).toThrow(
			/needs bitField/
		);
		expect(() => new MlgWriter({ fields: [{ name: 'a', scale: 0 }] })).toThrow(/scale/);
		expect(() => new MlgWriter({ fields: [{ name: ' ' }] })).toThrow(/needs a name/);
		expect(() => new MlgWriter({ fields: [], formatVersion: 3 as never })).toThrow(/1 or 2/);
	});

	it('cuts a long marker message on a character boundary', () => {
		const writer = new MlgWriter({ fields: [] });
		writer.marker(0, 'é'.repeat(30));
		const bytes = new Uint8Array([...writer.header, ...writer.take()]);
		expect(decodeMlgInPieces(bytes).markers[0].message).toBe('é'.repeat(25));
	});
});
