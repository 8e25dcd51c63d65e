import postgres from 'postgres';
import { closeDb, createDb, migrate, readDbEnv, type Db } from './index';
import { membership, shop, user } from './schema';

export interface TestDb {
	db: Db;
	kind: 'postgres' | 'pglite';
	/** Closes the connection and drops the throwaway database. */
	close(): Promise<void>;
}

/**
 * A migrated database of its own for one spec file:
 * - DATABASE_URL set → a new database `cartech_test_<random>` on that server, dropped by `close()`, so runs
 *   never see each other's rows;
 * - unset → an in-memory PGlite.
 *
 * ```ts
 * let t: TestDb;
 * beforeAll(async () => (t = await createTestDb()));
 * afterAll(() => t.close());
 * ```
 * Spec files run one at a time (vite.config.ts `fileParallelism: false`), but each gets its own database
 * anyway, so that is about speed, not correctness.
 */
export async function createTestDb(): Promise<TestDb> {
	const { url } = readDbEnv();
	if (!url) {
		const db = createDb();
		await migrate(db);
		return { db, kind: 'pglite', close: () => closeDb(db) };
	}
	const name = `cartech_test_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
	const admin = postgres(url, { max: 1, onnotice: () => {} });
	try {
		await admin.unsafe(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const testUrl = new URL(url);
	testUrl.pathname = `/${name}`;
	const db = createDb({ url: testUrl.toString(), maxConnections: 4 });
	const close = async () => {
		await closeDb(db);
		const dropper = postgres(url, { max: 1, onnotice: () => {} });
		try {
			await dropper.unsafe(`drop database if exists ${name} with (force)`);
		} finally {
			await dropper.end();
		}
	};
	try {
		await migrate(db);
	} catch (err) {
		await close();
		throw err;
	}
	return { db, kind: 'postgres', close };
}

/** A fresh shop with one owner, under random ids so specs sharing a database never collide. */
export async function seedShop(
	db: Db,
	name = 'Test Garage'
): Promise<{ shopId: string; userId: string }> {
	const shopId = `shop_${crypto.randomUUID()}`;
	const userId = `user_${crypto.randomUUID()}`;
	await db.insert(shop).values({ id: shopId, name });
	await db.insert(user).values({
		id: userId,
		email: `${userId}@example.test`,
		name: 'Test Tuner',
		passwordHash: 'not-a-real-hash'
	});
	await db.insert(membership).values({ userId, shopId, role: 'owner' });
	return { shopId, userId };
}
