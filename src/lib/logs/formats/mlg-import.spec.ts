import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportedLog } from './imported-log';
import { exportMlg } from './mlg-export';
import { MlgFormatError } from './mlg-format';
import { readMlgLog } from './mlg-import';
import { MlgWriter } from './mlg-writer';

const shortMlg = new Uint8Array(readFileSync(resolve('../shared/data/mlg-converter/short.mlg')));
const shortJson = JSON.parse(
	readFileSync(resolve('../shared/data/mlg-converter/short.json'), 'utf8')
) as { records: Record<string, number>[] };

function pieces(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
	let at = 0;
	return new ReadableStream({
		pull(controller) {
			if (at >= bytes.length) return controller.close();
			controller.enqueue(bytes.slice(at, at + size));
			at += size;
		}
	});
}

function concat(parts: Iterable<Uint8Array>): Uint8Array {
	const list = [...parts];
	const out = new Uint8Array(list.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of list) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

function channel(log: ImportedLog, name: string) {
	const c = log.channels.find((x) => x.name === name);
	if (!c) throw new Error(`no channel ${name}`);
	return c;
}

describe('readMlgLog', () => {
	it('turns short.mlg into an ordinary log: physical values, µs times from the Time field', async () => {
		const { log, summary } = await readMlgLog(shortMlg);
		expect(summary).toMatchObject({ rows: 66, markers: 0, timeResets: 0, error: null });
		expect(summary.bytes).toBe(shortMlg.length);
		expect(log!.format).toBe('mlg');
		expect(log!.startedAt).toEqual(new Date('2020-12-27T17:11:15.000Z'));
		expect(log!.info).toContain('Capture Date: Sun Dec 27 18:11:15 CET 2020');
		expect(log!.channels).toHaveLength(70);
		expect(log!.channels.some((c) => c.name === 'Time')).toBe(false);
		const afr = channel(log!, 'AFR');
		expect(afr.unit).toBe('O2');
		expect(afr.v[0]).toBe(Math.fround(114 * Math.fround(0.1)));
		expect(channel(log!, 'RPM').v[0]).toBe(431);
		expect(Array.from(afr.t.subarray(0, 4))).toEqual([0, 1000, 35000, 69000]);
		const expectedUs = shortJson.records.map((r) => Math.round(r.Time * 1e6));
		expect(Array.from(afr.t)).toEqual(expectedUs);
		expect(channel(log!, 'RPM').t).toBe(afr.t);
	});

	it('can take times from the block timestamps instead', async () => {
		const { log } = await readMlgLog(shortMlg, { time: 'blocks' });
		expect(log!.channels.some((c) => c.name === 'Time')).toBe(true);
		const t = channel(log!, 'RPM').t;
		expect(Array.from(t.subarray(0, 3))).toEqual([0, (19162 - 15749) * 10, (22704 - 15749) * 10]);
	});

	it('streams a ReadableStream in small pieces to the same log', async () => {
		const whole = (await readMlgLog(shortMlg)).log!;
		const streamed = (await readMlgLog(pieces(shortMlg, 37))).log!;
		expect(streamed.channels.map((c) => [c.name, c.unit, Array.from(c.v)])).toEqual(
			whole.channels.map((c) => [c.name, c.unit, Array.from(c.v)])
		);
	});

	it('throws on damage, or keeps what came before it when asked', async () => {
		const cut = shortMlg.slice(0, 4019 + 10 * 153 + 20);
		await expect(readMlgLog(cut)).rejects.toThrow(MlgFormatError);
		const { log, summary } = await readMlgLog(pieces(cut, 500), { keepPartial: true });
		expect(summary.error).toMatchObject({ problem: 'truncated', record: 10, offset: 4019 + 1530 });
		expect(summary.rows).toBe(10);
		expect(channel(log!, 'RPM').v).toHaveLength(10);
	});

	it('gives no log when even the header is damaged', async () => {
		const { log, summary } = await readMlgLog(shortMlg.slice(0, 100), { keepPartial: true });
		expect(log).toBeNull();
		expect(summary.error?.problem).toBe('truncated');
	});

	it('stitches a Time field that steps back (an ECU reset) on at the block interval', async () => {
		const writer = new MlgWriter({
			fields: [
				{ name: 'Time', units: 's' },
				{ name: 'RPM', type: 'U16' }
			]
		});
		const times = [0, 0.1, 0.2, 0.05, 0.15];
		times.forEach((s, i) => writer.record(i * 100_000, [s, 1000 + i]));
		writer.marker(420_000, 'after reset');
		const { log, summary } = await readMlgLog(concat([writer.header, writer.take()]));
		expect(summary.timeResets).toBe(1);
		expect(Array.from(channel(log!, 'RPM').t)).toEqual([0, 100000, 200000, 300000, 400000]);
		expect(log!.markers).toEqual([{ tUs: 420000, text: 'after reset' }]);
	});

	it('refuses time: "field" when the file has no such field', async () => {
		const writer = new MlgWriter({ fields: [{ name: 'RPM', type: 'U16' }] });
		await expect(readMlgLog(writer.header, { time: 'field' })).rejects.toThrow(/no "Time" field/);
	});
});

describe('exportMlg', () => {
	const t = Float64Array.from([0, 10_000, 20_000, 30_000]);
	const log: ImportedLog = {
		format: 'csv',
		startedAt: new Date('2024-03-02T08:00:00Z'),
		info: 'exported by a test',
		channels: [
			{ name: 'RPM', unit: 'rpm', t, v: Float32Array.from([900, 2500.5, 4000, 6100]) },
			{ name: 'MAP', unit: 'kPa', t, v: Float32Array.from([35, 80, 120, 180.25]) }
		],
		markers: [{ tUs: 15_000, text: 'WOT' }]
	};

	it('round-trips a log through a v2 file', async () => {
		const bytes = concat(exportMlg(log));
		expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('MLVLG');
		expect(bytes[7]).toBe(2);
		const back = (await readMlgLog(bytes)).log!;
		expect(back.startedAt).toEqual(log.startedAt);
		expect(back.info).toBe(log.info);
		expect(back.channels.map((c) => [c.name, c.unit, Array.from(c.t), Array.from(c.v)])).toEqual(
			log.channels.map((c) => [c.name, c.unit, Array.from(c.t), Array.from(c.v)])
		);
		expect(back.markers).toEqual(log.markers);
	});

	it('round-trips through v1 too, in pieces of the asked size', async () => {
		const parts = [...exportMlg(log, { formatVersion: 1, pieceBytes: 16 })];
		expect(parts.length).toBeGreaterThan(2);
		const back = (await readMlgLog(parts)).log!;
		expect(Array.from(back.channels[1].v)).toEqual(Array.from(log.channels[1].v));
	});

	it('repeats the last value of a channel that has no sample at a record time', async () => {
		const mixed: ImportedLog = {
			...log,
			markers: [],
			channels: [
				{
					name: 'Fast',
					unit: '',
					t: Float64Array.from([0, 10, 20, 30]),
					v: Float32Array.from([1, 2, 3, 4])
				},
				{ name: 'Slow', unit: '', t: Float64Array.from([10, 30]), v: Float32Array.from([7, 8]) }
			]
		};
		const back = (await readMlgLog(concat(exportMlg(mixed)), { time: 'blocks' })).log!;
		expect(Array.from(channel(back, 'Slow').v)).toEqual([NaN, 7, 7, 8]);
	});
});
