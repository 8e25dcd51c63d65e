// Chunk ingest throughput (ARCHITECTURE.md "Storage layout"): samples/s through ingestChunk into Postgres
// and embedded PGlite, with N uploaders at once (a shop with several cars, or a backlog after being
// offline). "per-chunk" is one statement and one commit per chunk (no group commit) for comparison.
// Each run gets its own shop and logs and deletes them (cascade) afterwards.
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { decodeChunk, encodeChunk, type ChunkChannel } from '../src/lib/logs/chunk-format';
import { closeDb, createDb, dbKind, migrate, type Db } from '../src/lib/server/db';
import { shop } from '../src/lib/server/db/schema';
import { createLog, ingestChunk, type IngestChunkInput } from '../src/lib/server/timeseries';
import { ingestPrepared, prepareChunk } from '../src/lib/server/timeseries/ingest-one';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';
const RUN_MS = 4000;

/** ≈15 channels as a real ECU log has them: a few fast engine signals and slower thermal/status ones. */
const CHANNELS = [
	...['RPM', 'MAP', 'TPS', 'Knock', 'Lambda', 'Ignition'].map((name) => ({ name, hz: 1000 })),
	...['IAT', 'CLT', 'Boost target', 'Fuel pressure', 'Injector duty'].map((name) => ({
		name,
		hz: 100
	})),
	...['Battery', 'EGT 1', 'EGT 2', 'Oil temp'].map((name) => ({ name, hz: 10 }))
];
const SAMPLES_PER_CHUNK = CHANNELS.reduce((s, c) => s + c.hz, 0);

/** One second of every channel; values are noisy so packed bytes are realistic. */
function secondOfData(seq: number): ChunkChannel[] {
	return CHANNELS.map(({ name, hz }, k) => {
		const step = 1_000_000 / hz;
		return {
			name,
			t0Us: seq * 1_000_000,
			offsets: Uint32Array.from({ length: hz }, (_, i) => i * step),
			values: Float32Array.from({ length: hz }, (_, i) => 100 * k + Math.sin(seq + i / 37) * 50)
		};
	});
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

interface Run {
	uploaders: number;
	samples: number;
	seconds: number;
	/** This process's CPU (drizzle, postgres.js or PGlite) per chunk; the server's is not counted. */
	cpuMsPerChunk: number;
	/** CPU of every `postgres` process on this box per chunk (other users' included), when visible. */
	serverCpuMsPerChunk: number | null;
}

type Ingest = (db: Db, input: IngestChunkInput) => Promise<{ samples: number }>;

const MODES: Record<string, Ingest> = {
	group: ingestChunk,
	'per-chunk': (db, input) => ingestPrepared(db, prepareChunk(input))
};

/** Summed user+system CPU ms of the processes named `postgres` (Linux /proc; null elsewhere). */
function postgresCpuMs(): number | null {
	let ticks = 0;
	try {
		for (const pid of readdirSync('/proc')) {
			if (!/^\d+$/.test(pid)) continue;
			let stat: string;
			try {
				stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			} catch {
				continue;
			}
			if (!stat.includes('(postgres)')) continue;
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			ticks += Number(fields[11]) + Number(fields[12]);
		}
	} catch {
		return null;
	}
	return ticks * 10; // USER_HZ is 100 on Linux
}

/** `uploaders` recorders, each on its own log, uploading chunks back to back for RUN_MS. */
async function run(db: Db, shopId: string, uploaders: number, ingest: Ingest): Promise<Run> {
	const logs = await Promise.all(
		Array.from({ length: uploaders }, (_, i) =>
			createLog(db, {
				shopId,
				createdBy: null,
				name: `bench ${i}`,
				startedAt: new Date(),
				channels: CHANNELS.map((c) => ({ name: c.name, unit: '', min: 0, max: 1 }))
			})
		)
	);
	const templates = Array.from({ length: 16 }, (_, i) => secondOfData(i));
	let samples = 0;
	let chunks = 0;
	const cpu = process.cpuUsage();
	const serverCpu = dbKind(db) === 'postgres' ? postgresCpuMs() : null;
	const start = performance.now();
	const deadline = start + RUN_MS;
	await Promise.all(
		logs.map(async (l) => {
			for (let seq = 0; performance.now() < deadline; seq++) {
				const channels = templates[seq % templates.length].map((c) => ({
					...c,
					t0Us: seq * 1_000_000
				}));
				const r = await ingest(db, { shopId, logId: l.id, seq, channels });
				samples += r.samples;
				chunks++;
			}
		})
	);
	const { user, system } = process.cpuUsage(cpu);
	const serverCpuAfter = serverCpu === null ? null : postgresCpuMs();
	return {
		uploaders,
		samples,
		seconds: (performance.now() - start) / 1000,
		cpuMsPerChunk: (user + system) / 1000 / chunks,
		serverCpuMsPerChunk:
			serverCpu === null || serverCpuAfter === null ? null : (serverCpuAfter - serverCpu) / chunks
	};
}

function print(label: string, r: Run) {
	const rate = r.samples / r.seconds;
	const chunks = r.samples / SAMPLES_PER_CHUNK / r.seconds;
	console.log(
		`${label.padEnd(18)} ${String(r.uploaders).padStart(2)} uploader(s): ${(rate / 1e6).toFixed(2)}M samples/s` +
			` (${chunks.toFixed(0)} chunks/s, ${(r.samples / 1e6).toFixed(1)}M samples in ${r.seconds.toFixed(1)} s,` +
			` client CPU ${r.cpuMsPerChunk.toFixed(2)} ms/chunk` +
			(r.serverCpuMsPerChunk === null
				? ')'
				: `, postgres CPU ${r.serverCpuMsPerChunk.toFixed(2)} ms/chunk)`)
	);
}

async function benchDb(label: string, db: Db, uploaderCounts: number[], modes: string[]) {
	await migrate(db);
	const shopId = `bench-${crypto.randomUUID()}`;
	await db.insert(shop).values({ id: shopId, name: 'ingest bench' });
	try {
		for (const mode of modes) {
			for (const n of uploaderCounts)
				print(`${label} ${mode}`, await run(db, shopId, n, MODES[mode]));
		}
	} finally {
		await db.delete(shop).where(eq(shop.id, shopId));
		await closeDb(db);
	}
}

function benchDecode() {
	const bytes = encodeChunk({ seq: 0, channels: secondOfData(0) });
	const rounds = 2000;
	const start = performance.now();
	for (let i = 0; i < rounds; i++) decodeChunk(bytes);
	const seconds = (performance.now() - start) / 1000;
	console.log(
		`decode     chunk of ${SAMPLES_PER_CHUNK} samples, ${(bytes.length / 1024).toFixed(0)} KiB: ` +
			`${((rounds * SAMPLES_PER_CHUNK) / seconds / 1e6).toFixed(0)}M samples/s`
	);
}

export async function benchIngest(): Promise<void> {
	const [load1] = loadavg();
	console.log(
		`load average ${load1.toFixed(1)} on ${availableParallelism()} cores (figures scale with it)`
	);
	console.log(
		`${CHANNELS.length} channels, ${SAMPLES_PER_CHUNK} samples per 1 s chunk, ${RUN_MS / 1000} s per run`
	);
	benchDecode();
	const url = process.env.DATABASE_URL || DEFAULT_URL;
	if (await reachable(url)) {
		await benchDb(
			'postgres',
			createDb({ url, maxConnections: 8 }),
			[1, 4, 8, 16],
			['group', 'per-chunk']
		);
	} else {
		console.log(`postgres   skipped: ${url} not reachable`);
	}
	await benchDb('pglite', createDb(), [1, 8], ['group']);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchIngest();
