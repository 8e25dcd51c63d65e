import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '$lib/server/auth/sign-up';
import { createTestDb, type TestDb } from '$lib/server/db/test-db';
import { addMember, createShop, getMemberRole, listUserShops } from './shops';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.close());

describe('shops', () => {
	it('makes the creator the owner and lists a user’s shops oldest membership first', async () => {
		const u = await createUser(t.db, {
			email: 'multi@shops.test',
			name: 'M',
			password: 'pw-12345678'
		});
		const other = await createUser(t.db, {
			email: 'o@shops.test',
			name: 'O',
			password: 'pw-12345678'
		});
		const first = await createShop(t.db, { name: 'First', ownerId: u.id });
		const second = await createShop(t.db, { name: 'Second', ownerId: other.id });
		await addMember(t.db, { shopId: second.id, userId: u.id, role: 'technician' });

		expect(await getMemberRole(t.db, u.id, first.id)).toBe('owner');
		expect(await getMemberRole(t.db, u.id, second.id)).toBe('technician');
		expect(await getMemberRole(t.db, other.id, first.id)).toBeNull();
		expect(await listUserShops(t.db, u.id)).toEqual([
			{ id: first.id, name: 'First', role: 'owner' },
			{ id: second.id, name: 'Second', role: 'technician' }
		]);
	});
});
