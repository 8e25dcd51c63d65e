// Server-side log import (src/lib/server/imports): an MLG file streamed through the parser, cut into 1 s
// chunks and stored through ingestChunk, into embedded PGlite and, when reachable, Postgres. Prints MB/s,
// rows/s and samples/s, and the most heap the import used above its starting point, which must stay flat
// however large the file (it streams; nothing holds the file whole).
import postgres from 'postgres';
import { MlgWriter } from '../src/lib/logs/formats';
import { closeDb, createDb, migrate, type Db } from '../src/lib/server/db';
import { membership, shop, user } from '../src/lib/server/db/schema';
import { importLog } from '../src/lib/server/imports';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';
const CHANNELS = 20;
const HZ = 100;

/** `seconds` of a 20-channel, 100 Hz log as an MLG file, generated piece by piece (never whole). */
async function* mlgFile(seconds: number, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
	const writer = new MlgWriter({
		fields: [
			{ name: 'Time', units: 's' },
			...Array.from({ length: CHANNELS }, (_, i) => ({ name: `ch${i}`, units: 'u' }))
		]
	});
	onBytes(writer.header.length);
	yield writer.header;
	const values = new Float64Array(CHANNELS + 1);
	for (let s = 0; s < seconds; s++) {
		for (let k = 0; k < HZ; k++) {
			const tUs = s * 1e6 + k * (1e6 / HZ);
			values[0] = tUs / 1e6;
			for (let c = 1; c <= CHANNELS; c++) values[c] = 100 * c + Math.sin(s + k / 7 + c) * 50;
			writer.record(tUs, values);
		}
		const piece = writer.take();
		onBytes(piece.length);
		yield piece;
	}
}

async function seedShop(db: Db): Promise<{ shopId: string; userId: string }> {
	const shopId = `bench_${crypto.randomUUID()}`;
	const userId = `bench_${crypto.randomUUID()}`;
	await db.insert(shop).values({ id: shopId, name: 'bench' });
	await db
		.insert(user)
		.values({ id: userId, email: `${userId}@x.test`, name: 'b', passwordHash: 'x' });
	await db.insert(membership).values({ userId, shopId, role: 'owner' });
	return { shopId, userId };
}

async function run(label: string, db: Db, seconds: number): Promise<void> {
	const { shopId, userId } = await seedShop(db);
	let bytes = 0;
	global.gc?.();
	const base = process.memoryUsage().heapUsed;
	let peak = base;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
	const t0 = performance.now();
	const outcome = await importLog(db, {
		shopId,
		createdBy: userId,
		name: 'bench.mlg',
		body: mlgFile(seconds, (n) => (bytes += n))
	});
	const s = (performance.now() - t0) / 1000;
	clearInterval(sampler);
	if (outcome.status !== 'imported') throw new Error(outcome.damage.message);
	console.log(
		`${label}: ${(bytes / 1e6).toFixed(1)} MB (${seconds} s × ${CHANNELS} ch × ${HZ} Hz) in ${s.toFixed(1)} s: ` +
			`${(bytes / 1e6 / s).toFixed(1)} MB/s, ${Math.round(outcome.rows / s).toLocaleString('en')} rows/s, ` +
			`${(outcome.samples / s / 1e6).toFixed(2)} M samples/s; heap growth ${(Math.max(0, peak - base) / 1e6).toFixed(0)} MB`
	);
	await db.delete(shop).where((await import('drizzle-orm')).eq(shop.id, shopId));
}

async function reachable(url: string): Promise<boolean> {
	const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
	try {
		await probe`select 1`;
		return true;
	} catch {
		return false;
	} finally {
		await probe.end({ timeout: 1 });
	}
}

export async function benchLogImport(): Promise<void> {
	const pglite = createDb();
	await migrate(pglite);
	await run('PGlite, 10 min log', pglite, 600);
	await run('PGlite, 60 min log', pglite, 3600);
	await closeDb(pglite);
	const url = process.env.DATABASE_URL || DEFAULT_URL;
	if (!(await reachable(url))) {
		console.log(`Postgres: not reachable at ${url}, skipped`);
		return;
	}
	const pg = createDb({ url, maxConnections: 4 });
	await migrate(pg);
	await run('Postgres, 60 min log', pg, 3600);
	await closeDb(pg);
}
