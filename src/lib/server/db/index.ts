import { mkdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

/**
 * The database every server module takes: drizzle's driver-neutral base type, which both the postgres.js and
 * the PGlite databases (and their transactions) satisfy. Use only the query builder and `sql` through it;
 * `execute()` result shapes differ between the drivers.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface CreateDbOptions {
	/** A postgres:// URL. When absent the database is an embedded PGlite. */
	url?: string;
	/**
	 * Where PGlite keeps its files (`<dataDir>/pglite`); absent → in memory, which tests use.
	 * Ignored when `url` is set.
	 */
	dataDir?: string;
	/** postgres.js pool size. @default 10 */
	maxConnections?: number;
}

/**
 * Rows of a raw `sql` query on either driver: postgres.js returns the rows as an array, PGlite as
 * `{ rows }`. Column types come back as each driver parses them, so cast in SQL to int/float8/bool/text.
 */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
	const result = (await db.execute(query)) as unknown;
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

interface DbHandle {
	kind: 'postgres' | 'pglite';
	close(): Promise<void>;
	migrate(migrationsFolder: string): Promise<void>;
}

const handles = new WeakMap<Db, DbHandle>();

/** Arbitrary constant shared by every replica so only one applies migrations at a time. */
const MIGRATION_LOCK_KEY = 0x6361_7274;

export function createDb(options: CreateDbOptions = {}): Db {
	if (options.url) return createPostgresDb(options.url, options.maxConnections ?? 10);
	return createPgliteDb(options.dataDir);
}

/**
 * postgres.js opens TCP sockets with Nagle's algorithm on. Chunk ingest's binary COPY ends with a 5-byte
 * CopyDone right after its data, which Nagle holds until the server's delayed ACK (≈40 ms on Linux): that
 * capped each connection at ≈25 ingest transactions/s. The socket is handed over while still connecting;
 * postgres.js's writes queue until it connects, and its connect_timeout still applies. A URL listing
 * several hosts connects to the first only.
 */
function noDelaySocket(o: { host: string[]; port: number[]; path?: string | false }): Socket {
	if (o.path) return connect(o.path);
	return connect({ host: o.host[0], port: o.port[0], noDelay: true });
}

function createPostgresDb(url: string, max: number): Db {
	const client = postgres(url, {
		max,
		onnotice: () => {},
		...({ socket: noDelaySocket } as object)
	});
	const db = drizzlePostgres(client, { schema });
	handles.set(db, {
		kind: 'postgres',
		close: () => client.end({ timeout: 5 }),
		async migrate(migrationsFolder) {
			// Replicas starting together would race on CREATE TABLE; a session advisory lock on a dedicated
			// connection serialises them, and the later ones find the journal up to date.
			const conn = postgres(url, { max: 1, onnotice: () => {} });
			try {
				await conn`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
				await migratePostgres(drizzlePostgres(conn, { schema }), { migrationsFolder });
			} finally {
				await conn.end({ timeout: 5 });
			}
		}
	});
	return db;
}

function createPgliteDb(dataDir: string | undefined): Db {
	let dir: string | undefined;
	if (dataDir) {
		dir = join(dataDir, 'pglite');
		mkdirSync(dir, { recursive: true });
	}
	const client = new PGlite(dir);
	const db = drizzlePglite(client, { schema });
	handles.set(db, {
		kind: 'pglite',
		close: () => client.close(),
		// PGlite is one connection in one process, so there is nobody to race.
		migrate: (migrationsFolder) => migratePglite(db, { migrationsFolder })
	});
	return db;
}

function handleOf(db: Db): DbHandle {
	const handle = handles.get(db);
	if (!handle) throw new TypeError('db was not created by createDb()');
	return handle;
}

export function dbKind(db: Db): 'postgres' | 'pglite' {
	return handleOf(db).kind;
}

/**
 * Applies the generated migrations in `drizzle/` that the database has not seen yet; a no-op when it is
 * current, so it is safe at every start. The folder is resolved from the working directory because the
 * built server runs from the project root (`node build`), where `drizzle/` ships beside it.
 */
export async function migrate(db: Db, migrationsFolder = resolve('drizzle')): Promise<void> {
	await handleOf(db).migrate(migrationsFolder);
}

/**
 * The only place the data layer reads the environment. It reads `process.env` rather than
 * `$env/dynamic/private` (STYLE R8) because the same module runs under vitest and tsx (bench, CLI), outside
 * SvelteKit; under adapter-node `process.env` is the same source `$env/dynamic/private` reads.
 */
export function readDbEnv(env: Record<string, string | undefined> = process.env): CreateDbOptions {
	return { url: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR || '.data' };
}

let appDb: Db | undefined;

/** The app-wide database, created from the environment on first use (see {@link readDbEnv}). */
export function getDb(): Db {
	appDb ??= createDb(readDbEnv());
	return appDb;
}

/** Closes `db`, or the app-wide database when none is given (tests, CLI, graceful shutdown). */
export async function closeDb(db?: Db): Promise<void> {
	const target = db ?? appDb;
	if (!target) return;
	if (target === appDb) appDb = undefined;
	const handle = handles.get(target);
	handles.delete(target);
	await handle?.close();
}
