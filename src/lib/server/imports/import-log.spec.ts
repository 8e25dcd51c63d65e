import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MlgWriter, readCsvLog, readMlgLog, type ImportedLog } from '$lib/logs/formats';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import { log, logChunk } from '../db/schema';
import { getLog, listLogs, queryChannel } from '../timeseries';
import { importLog, type ImportLogInput } from './import-log';
import { ImportTooLargeError } from './errors';

const shortMlg = new Uint8Array(readFileSync(resolve('../shared/data/mlg-converter/short.mlg')));

let t: TestDb;
let shop: { shopId: string; userId: string };
let other: { shopId: string; userId: string };
beforeAll(async () => {
	t = await createTestDb();
	shop = await seedShop(t.db, 'Importers');
	other = await seedShop(t.db, 'Others');
});
afterAll(() => t.close());

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

const run = (input: Partial<ImportLogInput> & Pick<ImportLogInput, 'body'>) =>
	importLog(t.db, { shopId: shop.shopId, createdBy: shop.userId, name: 'short.mlg', ...input });

async function stored(logId: string, channel: string) {
	return queryChannel(t.db, {
		shopId: shop.shopId,
		logId,
		channel,
		fromUs: 0,
		toUs: Number.MAX_SAFE_INTEGER,
		maxPoints: 20_000
	});
}

function expected(memory: ImportedLog, channel: string) {
	const c = memory.channels.find((x) => x.name === channel)!;
	return { t: Array.from(c.t), v: Array.from(c.v) };
}

const logCount = async () => (await listLogs(t.db, shop.shopId, { limit: 200 })).length;

/** short.mlg with the checksum of data block `k` broken. */
async function damagedShort(k: number) {
	const { summary } = await readMlgLog(shortMlg);
	const { dataBeginIndex, recordLength } = summary.header!;
	const blockBytes = 4 + recordLength + 1;
	const bytes = shortMlg.slice();
	const offset = dataBeginIndex + k * blockBytes;
	bytes[offset + blockBytes - 1] ^= 0xff;
	return { bytes, offset };
}

describe('importLog', () => {
	it('stores short.mlg as an ordinary log of the shop, every sample as the MLG reader reads it', async () => {
		const { log: memory } = await readMlgLog(shortMlg);
		const outcome = await run({ body: pieces(shortMlg, 4096) });
		expect(outcome).toMatchObject({
			status: 'imported',
			format: 'mlg',
			channels: 70,
			rows: 66,
			samples: 66 * 70,
			bytes: shortMlg.length,
			damage: null
		});
		if (outcome.status !== 'imported') return;
		const row = await getLog(t.db, shop.shopId, outcome.logId);
		expect(row.name).toBe('short.mlg');
		expect(row.startedAt).toEqual(new Date('2020-12-27T17:11:15.000Z'));
		expect(row.sampleCount).toBe(66 * 70);
		expect(row.durationUs).toBe(memory!.channels[0].t.at(-1));
		expect(row.channels).toHaveLength(70);
		const rpmMeta = row.channels.find((c) => c.name === 'RPM')!;
		const rpm = expected(memory!, 'RPM');
		expect(rpmMeta).toEqual({
			name: 'RPM',
			unit: 'rpm',
			min: Math.min(...rpm.v),
			max: Math.max(...rpm.v)
		});
		for (const channel of ['RPM', 'AFR', 'Lambda', 'Vehicle Speed'])
			expect(await stored(outcome.logId, channel)).toEqual(expected(memory!, channel));
		await expect(getLog(t.db, other.shopId, outcome.logId)).rejects.toThrow(/not found/);
	});

	it('stores the same samples whether the upload arrives whole or in 7-byte pieces', async () => {
		const whole = await run({ body: shortMlg });
		const bits = await run({ body: pieces(shortMlg, 7) });
		if (whole.status !== 'imported' || bits.status !== 'imported') throw new Error('not imported');
		for (const channel of ['RPM', 'MAP', 'Odometer Miles'])
			expect(await stored(bits.logId, channel)).toEqual(await stored(whole.logId, channel));
	});

	it('reads a TunerStudio text log: tab-separated, units row, MARK lines', async () => {
		const text = [
			'"MS3 Format 0500.09"',
			'"Capture Date: Sun Dec 27 18:11:15 CET 2020"',
			'Time\tRPM\tTPS',
			's\trpm\t%',
			'0.000\t900\t0.0',
			'0.500\t1500\t10.5',
			'MARK 1 - pull',
			'1.250\t3000\t99.0'
		].join('\n');
		const outcome = await run({ body: new TextEncoder().encode(text), name: 'run.msl' });
		expect(outcome).toMatchObject({
			status: 'imported',
			format: 'tunerstudio-csv',
			channels: 2,
			rows: 3,
			markers: 1
		});
		if (outcome.status !== 'imported') return;
		expect(await stored(outcome.logId, 'RPM')).toEqual({
			t: [0, 500_000, 1_250_000],
			v: [900, 1500, 3000]
		});
		const row = await getLog(t.db, shop.shopId, outcome.logId);
		expect(row.channels.map((c) => [c.name, c.unit])).toEqual([
			['RPM', 'rpm'],
			['TPS', '%']
		]);
	});

	it('reads generic CSV through a header mapping: time column and unit, renamed and skipped columns', async () => {
		const text = 'when_ms;Eng RPM;junk;Speed (mph)\n0;1000;x;10\n20;1100;y;11\n40;1250;z;12,5\n';
		const csv = {
			time: { column: 'when_ms', unit: 'ms' as const },
			decimal: ',' as const,
			columns: { 'Eng RPM': { name: 'EngineSpeed', unit: 'rpm' }, junk: { skip: true } }
		};
		const { log: memory } = await readCsvLog(text, csv);
		const outcome = await run({ body: new TextEncoder().encode(text), name: 'x.csv', csv });
		expect(outcome).toMatchObject({ status: 'imported', format: 'csv', channels: 2, rows: 3 });
		if (outcome.status !== 'imported') return;
		expect(await stored(outcome.logId, 'EngineSpeed')).toEqual({
			t: [0, 20_000, 40_000],
			v: [1000, 1100, 1250]
		});
		expect(await stored(outcome.logId, 'Speed')).toEqual(expected(memory!, 'Speed'));
	});

	it('refuses a damaged MLG naming the byte offset and record, and stores nothing', async () => {
		const before = await logCount();
		const { bytes, offset } = await damagedShort(10);
		const outcome = await run({ body: pieces(bytes, 1000) });
		expect(outcome).toEqual({
			status: 'damaged',
			damage: {
				format: 'mlg',
				problem: 'crc',
				offset,
				record: 10,
				message: expect.stringContaining(`at byte ${offset} (record 10)`)
			},
			rowsBeforeDamage: 10,
			bytes: bytes.length
		});
		expect(await logCount()).toBe(before);
	});

	it('keeps what decoded before the damage when asked, and says where the damage was', async () => {
		const { bytes, offset } = await damagedShort(10);
		const outcome = await run({ body: bytes, keepPartial: true });
		expect(outcome).toMatchObject({
			status: 'imported',
			rows: 10,
			damage: { problem: 'crc', offset, record: 10 }
		});
		if (outcome.status !== 'imported') return;
		expect((await stored(outcome.logId, 'RPM')).t).toHaveLength(10);
	});

	it('names bad magic at byte 0 in the header for a file called .mlg that is not one', async () => {
		const outcome = await run({ body: new TextEncoder().encode('Time,RPM\n0,1\n'), name: 'x.mlg' });
		expect(outcome).toMatchObject({
			status: 'damaged',
			damage: { format: 'mlg', problem: 'magic', offset: 0, record: null },
			rowsBeforeDamage: 0
		});
	});

	it('names the line and column of a bad CSV cell', async () => {
		const outcome = await run({
			body: new TextEncoder().encode('Time,RPM\n0,900\n0.1,fast\n'),
			name: 'bad.csv'
		});
		expect(outcome).toMatchObject({
			status: 'damaged',
			damage: { format: 'csv', line: 3, column: 2 },
			rowsBeforeDamage: 1
		});
	});

	it('stops an upload past the cap with ImportTooLargeError and keeps nothing', async () => {
		const before = await logCount();
		await expect(run({ body: pieces(shortMlg, 1000), maxBytes: 5000 })).rejects.toBeInstanceOf(
			ImportTooLargeError
		);
		expect(await logCount()).toBe(before);
	});

	it('removes what it stored when the upload breaks off (client gone)', async () => {
		const before = await logCount();
		let sent = 0;
		const broken = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent >= 8000) return controller.error(new Error('connection reset'));
				controller.enqueue(shortMlg.slice(sent, sent + 1000));
				sent += 1000;
			}
		});
		await expect(run({ body: broken })).rejects.toThrow('connection reset');
		expect(await logCount()).toBe(before);
	});

	it('stores 1 s chunks while the file is still arriving, so a long file is never held whole', async () => {
		const writer = new MlgWriter({
			fields: [
				{ name: 'Time', units: 's' },
				{ name: 'RPM', units: 'rpm', type: 'U16' }
			]
		});
		const seconds = 120;
		let chunksSeenMidway = -1;
		async function* file(): AsyncGenerator<Uint8Array> {
			yield writer.header;
			for (let s = 0; s < seconds; s++) {
				for (let k = 0; k < 100; k++) {
					const tUs = s * 1e6 + k * 10_000;
					writer.record(tUs, [tUs / 1e6, 1000 + s * 10 + k]);
				}
				yield writer.take();
				if (s === seconds / 2) {
					const ids = (await listLogs(t.db, shop.shopId, { limit: 200 }))
						.filter((l) => l.name === 'long.mlg')
						.map((l) => l.id);
					const [{ n }] = ids.length
						? await t.db.select({ n: count() }).from(logChunk).where(inArray(logChunk.logId, ids))
						: [{ n: 0 }];
					chunksSeenMidway = n;
				}
			}
		}
		const outcome = await run({ body: file(), name: 'long.mlg' });
		expect(outcome).toMatchObject({ status: 'imported', rows: seconds * 100 });
		expect(chunksSeenMidway).toBeGreaterThan(seconds / 2 - 5);
		if (outcome.status !== 'imported') return;
		const [{ n }] = await t.db
			.select({ n: count() })
			.from(logChunk)
			.where(eq(logChunk.logId, outcome.logId));
		expect(n).toBe(seconds);
		const [row] = await t.db.select().from(log).where(eq(log.id, outcome.logId));
		// The Time field is float32 seconds: ≈ 2 µs of rounding at 120 s.
		expect(Math.abs(row.durationUs - ((seconds - 1) * 1e6 + 99 * 10_000))).toBeLessThan(10);
	});
});
