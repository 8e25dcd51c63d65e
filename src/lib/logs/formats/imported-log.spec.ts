import { describe, expect, it } from 'vitest';
import { decodeChunk, encodeChunk } from '../chunk-format';
import type { RecordedChunk } from '../recorder';
import { alignedRows } from './aligned-rows';
import { ImportedLogBuilder, uniqueChannelNames, type ImportedLog } from './imported-log';
import { ChunkingSink, chunksFromImportedLog } from './imported-log-chunks';

function build(rows: [number, number[], number[]?][]): ImportedLog {
	const b = new ImportedLogBuilder();
	b.begin({
		format: 'csv',
		startedAt: null,
		info: '',
		channels: [
			{ name: 'RPM', unit: 'rpm' },
			{ name: 'Boost', unit: 'kPa' }
		]
	});
	for (const [t, values, present] of rows) b.row(t, values, present);
	b.marker({ tUs: 5, text: 'm' });
	b.end();
	return b.build();
}

function plain(chunks: RecordedChunk[]) {
	return chunks.map((c) => ({
		seq: c.seq,
		channels: c.channels.map((ch) => ({
			name: ch.name,
			t0Us: ch.t0Us,
			offsets: Array.from(ch.offsets),
			values: Array.from(ch.values)
		}))
	}));
}

describe('ImportedLogBuilder', () => {
	it('gives channels sampled in every row one shared time array', () => {
		const log = build([
			[0, [800, 100]],
			[1000, [900, 101]]
		]);
		expect(log.channels[0].t).toBe(log.channels[1].t);
		expect(Array.from(log.channels[0].t)).toEqual([0, 1000]);
		expect(Array.from(log.channels[1].v)).toEqual([100, 101]);
		expect(log.markers).toEqual([{ tUs: 5, text: 'm' }]);
	});

	it('gives a channel with gaps its own times', () => {
		const log = build([
			[0, [800, 100]],
			[1000, [900, 0], [1, 0]],
			[2000, [950, 102]]
		]);
		expect(Array.from(log.channels[0].t)).toEqual([0, 1000, 2000]);
		expect(Array.from(log.channels[1].t)).toEqual([0, 2000]);
		expect(Array.from(log.channels[1].v)).toEqual([100, 102]);
	});

	it('refuses build() before end()', () => {
		expect(() => new ImportedLogBuilder().build()).toThrow(/before end/);
	});
});

describe('uniqueChannelNames', () => {
	it('makes names unique, storable and non-blank', () => {
		expect(uniqueChannelNames(['RPM', ' RPM ', '', 'RPM'])).toEqual([
			'RPM',
			'RPM (2)',
			'channel 3',
			'RPM (3)'
		]);
		const long = 'é'.repeat(40);
		const [a, b] = uniqueChannelNames([long, long]);
		expect(new TextEncoder().encode(a).length).toBe(64);
		expect(b.endsWith(' (2)')).toBe(true);
		expect(new TextEncoder().encode(b).length).toBeLessThanOrEqual(64);
	});
});

describe('chunksFromImportedLog', () => {
	const log = build([
		[0, [800, 100]],
		[400_000, [900, 101]],
		[999_999.6, [950, 0], [1, 0]],
		[1_000_000, [1000, 103]],
		[3_500_000, [2000, 104]]
	]);

	it("cuts the recorder's 1 s chunks, numbered without gaps, empty where nothing was sampled", () => {
		const chunks = [...chunksFromImportedLog(log)];
		expect(plain(chunks)[0]).toEqual({
			seq: 0,
			channels: [
				{ name: 'RPM', t0Us: 0, offsets: [0, 400_000], values: [800, 900] },
				{ name: 'Boost', t0Us: 0, offsets: [0, 400_000], values: [100, 101] }
			]
		});
		expect(chunks.map((c) => c.seq)).toEqual([0, 1, 2, 3]);
		expect(plain(chunks)[1].channels).toEqual([
			{ name: 'RPM', t0Us: 1_000_000, offsets: [0, 0], values: [950, 1000] },
			{ name: 'Boost', t0Us: 1_000_000, offsets: [0], values: [103] }
		]);
		expect(chunks[2].channels).toEqual([]);
		expect(plain(chunks)[3].channels[0]).toEqual({
			name: 'RPM',
			t0Us: 3_000_000,
			offsets: [500_000],
			values: [2000]
		});
	});

	it('produces chunks the upload path accepts byte for byte', () => {
		for (const chunk of chunksFromImportedLog(log)) {
			const back = decodeChunk(encodeChunk(chunk));
			expect(plain([back])).toEqual(plain([chunk]));
		}
	});

	it('cuts the same chunks as streaming rows through ChunkingSink', () => {
		const streamed: RecordedChunk[] = [];
		const sink = new ChunkingSink({ onChunk: (c) => streamed.push(c) });
		sink.begin({
			format: 'csv',
			startedAt: null,
			info: '',
			channels: log.channels.map((c) => ({ name: c.name, unit: c.unit }))
		});
		for (const row of alignedRows(log)) sink.row(row.tUs, row.values, row.present);
		sink.marker({ tUs: 1, text: 'kept aside' });
		sink.end();
		expect(plain(streamed)).toEqual(plain([...chunksFromImportedLog(log)]));
		expect(sink.markers).toEqual([{ tUs: 1, text: 'kept aside' }]);
	});

	it('takes another chunk length and refuses a bad one', () => {
		expect([...chunksFromImportedLog(log, { chunkUs: 2_000_000 })].map((c) => c.seq)).toEqual([
			0, 1
		]);
		expect(() => [...chunksFromImportedLog(log, { chunkUs: 0 })]).toThrow(TypeError);
	});
});

describe('alignedRows', () => {
	it('merges channels with different time bases in time order', () => {
		const log: ImportedLog = {
			format: 'csv',
			startedAt: null,
			info: '',
			markers: [],
			channels: [
				{ name: 'a', unit: '', t: Float64Array.from([0, 20]), v: Float32Array.from([1, 2]) },
				{ name: 'b', unit: '', t: Float64Array.from([10, 20]), v: Float32Array.from([3, 4]) }
			]
		};
		const seen: [number, number[], number[]][] = [];
		for (const r of alignedRows(log))
			seen.push([r.tUs, Array.from(r.values), Array.from(r.present)]);
		expect(seen.map((s) => s[0])).toEqual([0, 10, 20]);
		expect(seen.map((s) => s[2])).toEqual([
			[1, 0],
			[0, 1],
			[1, 1]
		]);
		expect(seen[2][1]).toEqual([2, 4]);
	});
});
