import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { membership, shop, user } from '$lib/server/db/schema';
import { createTestDb, type TestDb } from '$lib/server/db/test-db';
import { EmailTakenError } from './errors';
import { verifyPassword } from './password';
import { signUp } from './sign-up';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.close());

const input = (email: string) => ({
	name: 'Ada',
	email,
	password: 'correct horse',
	shopName: 'Ada Motors'
});

describe('sign-up', () => {
	it('creates the user and a new shop they own', async () => {
		const created = await signUp(t.db, input('ada@example.test'));
		expect(created).toMatchObject({
			user: { email: 'ada@example.test', name: 'Ada' },
			shop: { name: 'Ada Motors' },
			role: 'owner'
		});
		const [m] = await t.db.select().from(membership).where(eq(membership.userId, created.user.id));
		expect(m).toMatchObject({ shopId: created.shop.id, role: 'owner' });
		const [u] = await t.db.select().from(user).where(eq(user.id, created.user.id));
		expect(u.passwordHash).toMatch(/^\$argon2id\$/);
		expect(await verifyPassword(u.passwordHash, 'correct horse')).toBe(true);
	});

	it('refuses a second account for the same email, whatever its case', async () => {
		await signUp(t.db, input('dup@example.test'));
		await expect(signUp(t.db, input('DUP@example.test'))).rejects.toBeInstanceOf(EmailTakenError);
	});

	it('lets exactly one of two simultaneous sign-ups for an email win, leaving no orphan shop', async () => {
		const shopsBefore = (await t.db.select({ id: shop.id }).from(shop)).length;
		const results = await Promise.allSettled([
			signUp(t.db, input('race@example.test')),
			signUp(t.db, input('race@example.test'))
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const rejected = results.find((r) => r.status === 'rejected');
		expect(rejected?.reason).toBeInstanceOf(EmailTakenError);
		expect((await t.db.select({ id: shop.id }).from(shop)).length).toBe(shopsBefore + 1);
	});
});
