import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvLog, readMlgLog, type ImportedLog } from '$lib/logs/formats';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import { importLog } from '../imports';
import { channel, storeLog } from '../log-analytics/stored-log.test-helper';
import { getLog, queryChannel } from '../timeseries';
import { NotFoundError } from '../timeseries/errors';
import { contentDisposition, downloadLog, fileStem } from './download';
import type { ExportFormat } from './export-formats';
import { logWindows } from './log-windows';

const shortMlg = new Uint8Array(readFileSync(resolve('../shared/data/mlg-converter/short.mlg')));

let t: TestDb;
let shop: { shopId: string; userId: string };
let other: { shopId: string; userId: string };
let shortId: string;
/** 100 s: RPM at 10 Hz and IAT at 1 Hz in 1 s chunks (more than one page of rows), Gear at 0.5 s offsets. */
let mixedId: string;
beforeAll(async () => {
	t = await createTestDb();
	shop = await seedShop(t.db, 'Exporters');
	other = await seedShop(t.db, 'Others');
	const imported = await importLog(t.db, {
		shopId: shop.shopId,
		createdBy: shop.userId,
		name: 'short.mlg',
		body: shortMlg
	});
	if (imported.status !== 'imported') throw new Error('short.mlg did not import');
	shortId = imported.logId;
	const rpmT = Array.from({ length: 1000 }, (_, i) => i * 100_000);
	const iatT = Array.from({ length: 100 }, (_, i) => i * 1_000_000);
	const gearT = Array.from({ length: 50 }, (_, i) => 500_000 + i * 2_000_000);
	mixedId = await storeLog(t.db, {
		shopId: shop.shopId,
		name: 'Mixed rates',
		chunkUs: 1_000_000,
		channels: [
			channel(
				'RPM',
				'rpm',
				rpmT,
				rpmT.map((x) => 800 + x / 1e4)
			),
			channel(
				'IAT',
				'degC',
				iatT,
				iatT.map((_, i) => 20 + i / 10)
			),
			channel(
				'Gear',
				'',
				gearT,
				gearT.map((_, i) => 1 + (i % 5))
			)
		]
	});
}, 60_000);
afterAll(() => t.close());

async function bytesOf(format: ExportFormat, logId: string, shopId = shop.shopId) {
	const download = await downloadLog(t.db, shopId, logId, format);
	const parts: Uint8Array[] = [];
	const reader = download.body.getReader();
	for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) out.set(p, (at += p.length) - p.length);
	return { download, bytes: out };
}

async function storedAll(logId: string, name: string) {
	return queryChannel(t.db, {
		shopId: shop.shopId,
		logId,
		channel: name,
		fromUs: 0,
		toUs: Number.MAX_SAFE_INTEGER,
		maxPoints: 20_000
	});
}

function channelOf(log: ImportedLog, name: string) {
	const c = log.channels.find((x) => x.name === name)!;
	return { t: Array.from(c.t), v: Array.from(c.v), unit: c.unit };
}

describe('downloadLog', () => {
	it('writes an imported MLG back as MLG v2 that reads as the same samples, names and units', async () => {
		const { download, bytes } = await bytesOf('mlg', shortId);
		expect(download).toMatchObject({
			fileName: 'short.mlg.mlg',
			contentType: 'application/octet-stream'
		});
		const { log, summary } = await readMlgLog(bytes);
		expect(summary.error).toBeNull();
		expect(summary.header!.formatVersion).toBe(2);
		expect(summary.rows).toBe(66);
		const row = await getLog(t.db, shop.shopId, shortId);
		expect(log!.channels.map((c) => [c.name, c.unit])).toEqual(
			row.channels.map((c) => [c.name, c.unit])
		);
		for (const name of ['RPM', 'MAP', 'Lambda', 'Vehicle Speed']) {
			const stored = await storedAll(shortId, name);
			const back = channelOf(log!, name);
			expect(back.v).toEqual(stored.v);
			// Times go through float32 seconds, MegaLogViewer's x axis: within a µs over this short log.
			back.t.forEach((x, i) => expect(Math.abs(x - (stored.t[i] - stored.t[0]))).toBeLessThan(2));
		}
	});

	it('re-imports its own MLG export as a log with the same sample count', async () => {
		const { bytes } = await bytesOf('mlg', shortId);
		const again = await importLog(t.db, {
			shopId: shop.shopId,
			createdBy: shop.userId,
			name: 'round trip',
			body: bytes
		});
		expect(again).toMatchObject({ status: 'imported', format: 'mlg', channels: 70, rows: 66 });
		const original = await getLog(t.db, shop.shopId, shortId);
		if (again.status !== 'imported') return;
		expect((await getLog(t.db, shop.shopId, again.logId)).sampleCount).toBe(original.sampleCount);
	});

	it('writes channels of different rates as rows in time order, empty cells where a channel has no sample', async () => {
		const { download, bytes } = await bytesOf('csv', mixedId);
		expect(download.contentType).toBe('text/csv; charset=utf-8');
		const text = new TextDecoder().decode(bytes);
		const lines = text.trimEnd().split('\n');
		expect(lines[0]).toBe('Time (s),RPM (rpm),IAT (degC),Gear');
		expect(lines[1]).toBe('0,800,20,');
		expect(lines[2]).toBe('0.1,810,,');
		expect(lines[6]).toBe('0.5,850,,1');
		// 1000 RPM times, IAT's fall on them, Gear's half-second offsets do too: 1000 rows.
		expect(lines).toHaveLength(1001);
		const times = lines.slice(1).map((l) => Number(l.split(',')[0]));
		expect(times.every((x, i) => i === 0 || x > times[i - 1])).toBe(true);
		const log = await readCsvLog(text);
		expect(channelOf(log.log!, 'Gear').v).toEqual(
			Array.from({ length: 50 }, (_, i) => 1 + (i % 5))
		);
		expect(channelOf(log.log!, 'IAT').t).toEqual(
			Array.from({ length: 100 }, (_, i) => i * 1_000_000)
		);
	});

	it('writes a MegaLogViewer text log with names and units rows, tab-separated', async () => {
		const { download, bytes } = await bytesOf('msl', mixedId);
		expect(download.fileName).toBe('Mixed rates.msl');
		const lines = new TextDecoder().decode(bytes).split('\n');
		expect(lines[0]).toBe('"CarTech export of Mixed rates"');
		expect(lines[1]).toMatch(/^"Capture Date: \d{4}-\d\d-\d\dT/);
		expect(lines[2]).toBe('Time\tRPM\tIAT\tGear');
		expect(lines[3]).toBe('s\trpm\tdegC\t');
		const log = await readCsvLog(new TextDecoder().decode(bytes));
		expect(log.log!.format).toBe('tunerstudio-csv');
		expect(channelOf(log.log!, 'RPM').v).toHaveLength(1000);
	});

	it('refuses another shop’s log', async () => {
		await expect(downloadLog(t.db, other.shopId, shortId, 'mlg')).rejects.toBeInstanceOf(
			NotFoundError
		);
	});
});

describe('logWindows', () => {
	it('closes each window only where every channel has been read, so no sample arrives late', async () => {
		const row = await getLog(t.db, shop.shopId, mixedId);
		let windows = 0;
		let last = -1;
		const counts = [0, 0, 0];
		for await (const w of logWindows(t.db, mixedId, row.channels)) {
			windows++;
			const first = Math.min(...w.filter((c) => c.t.length).map((c) => c.t[0]));
			expect(first).toBeGreaterThan(last);
			last = Math.max(...w.filter((c) => c.t.length).map((c) => c.t[c.t.length - 1]));
			w.forEach((c, i) => (counts[i] += c.t.length));
		}
		// 100 one-second rows per channel, read 32 at a time.
		expect(windows).toBeGreaterThan(2);
		expect(counts).toEqual([1000, 100, 50]);
	});
});

describe('file names', () => {
	it('keep a log’s name minus path and control characters, with an ASCII fallback in the header', () => {
		expect(fileStem('../etc/passwd')).toBe('.._etc_passwd');
		expect(fileStem('a\u0000b')).toBe('a_b');
		expect(fileStem('  ')).toBe('log');
		expect(contentDisposition('Ölkühler "A".mlg')).toBe(
			`attachment; filename="_lk_hler _A_.mlg"; filename*=UTF-8''%C3%96lk%C3%BChler%20%22A%22.mlg`
		);
	});
});
