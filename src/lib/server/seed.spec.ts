import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '$lib/server/auth/password';
import { createAuthLimits } from '$lib/server/auth/rate-limit';
import { signIn } from '$lib/server/auth/sign-in';
import { membership, shop, user } from '$lib/server/db/schema';
import { createTestDb, type TestDb } from '$lib/server/db/test-db';
import { DEMO_SHOP, DEMO_USER, seedDemo } from './seed';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.close());

async function counts() {
	const shops = await t.db.select().from(shop).where(eq(shop.name, 'Demo Tuning Co'));
	const users = await t.db.select().from(user).where(eq(user.email, 'demo@cartech.local'));
	const members = await t.db.select().from(membership).where(eq(membership.shopId, DEMO_SHOP.id));
	return { shops: shops.length, users: users.length, members: members.map((m) => m.role) };
}

describe('seedDemo', () => {
	it('creates the demo shop and an owner who can sign in with the returned credentials', async () => {
		const creds = await seedDemo(t.db);
		expect(creds).toEqual({
			email: 'demo@cartech.local',
			password: 'cartech-demo',
			shopName: 'Demo Tuning Co'
		});
		const result = await signIn(t.db, createAuthLimits(), { ...creds, ip: '127.0.0.1' });
		expect(result.status).toBe('ok');
	});

	it('is idempotent: running it again adds nothing', async () => {
		await seedDemo(t.db);
		await seedDemo(t.db);
		await Promise.all([seedDemo(t.db), seedDemo(t.db)]);
		expect(await counts()).toEqual({ shops: 1, users: 1, members: ['owner'] });
	});

	it('makes the printed password work again if the stored hash changed or broke', async () => {
		const limits = createAuthLimits();
		for (const stored of [await hashPassword('changed-by-someone'), 'not-a-phc-string']) {
			await t.db.update(user).set({ passwordHash: stored }).where(eq(user.id, DEMO_USER.id));
			const creds = await seedDemo(t.db);
			expect((await signIn(t.db, limits, { ...creds, ip: '127.0.0.1' })).status).toBe('ok');
		}
	});
});
