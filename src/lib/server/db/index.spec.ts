import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, migrate, readDbEnv } from './index';
import { shop } from './schema';
import { createTestDb, seedShop, type TestDb } from './test-db';

describe('database client', () => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb();
	});
	afterAll(() => t.close());

	it('applies migrations again without error or data loss', async () => {
		const { shopId } = await seedShop(t.db);
		await migrate(t.db);
		await migrate(t.db);
		const rows = await t.db.select().from(shop).where(eq(shop.id, shopId));
		expect(rows).toHaveLength(1);
	});

	it('serialises concurrent migrate calls', async () => {
		await Promise.all([migrate(t.db), migrate(t.db), migrate(t.db)]);
		expect(await t.db.select().from(shop).limit(1)).toBeDefined();
	});
});

describe('readDbEnv', () => {
	it('uses PGlite under .data when DATABASE_URL is unset', () => {
		expect(readDbEnv({})).toEqual({ url: undefined, dataDir: '.data' });
	});

	it('uses DATABASE_URL when set', () => {
		expect(readDbEnv({ DATABASE_URL: 'postgres://x@h/db', DATA_DIR: '/var/x' })).toEqual({
			url: 'postgres://x@h/db',
			dataDir: '/var/x'
		});
	});
});

describe('embedded PGlite', () => {
	it('keeps data in <dataDir>/pglite across restarts', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'cartech-pglite-'));
		try {
			const first = createDb({ dataDir: dir });
			await migrate(first);
			await seedShop(first, 'Persistent Garage');
			await closeDb(first);

			const second = createDb({ dataDir: dir });
			await migrate(second);
			const rows = await second.select().from(shop).where(eq(shop.name, 'Persistent Garage'));
			await closeDb(second);
			expect(rows).toHaveLength(1);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
