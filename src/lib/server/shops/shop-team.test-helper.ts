import type { Db } from '$lib/server/db';
import { membership, user, type ShopRole } from '$lib/server/db/schema';
import { seedShop } from '$lib/server/db/test-db';
import type { Actor } from './permissions';

/** A user of `role` in the shop, as an {@link Actor}; the password hash is a placeholder (no sign-in). */
export async function seedMember(
	db: Db,
	shopId: string,
	role: ShopRole,
	name: string = role
): Promise<Actor> {
	const userId = `user_${crypto.randomUUID()}`;
	await db.insert(user).values({
		id: userId,
		email: `${userId}@example.test`,
		name,
		passwordHash: 'not-a-real-hash'
	});
	await db.insert(membership).values({ userId, shopId, role });
	return { shopId, userId, role };
}

/** A shop with one member of every role. */
export async function seedTeam(db: Db, name = 'Team Garage') {
	const { shopId, userId } = await seedShop(db, name);
	return {
		shopId,
		owner: { shopId, userId, role: 'owner' } as Actor,
		tuner: await seedMember(db, shopId, 'tuner', `${name} Tuner`),
		technician: await seedMember(db, shopId, 'technician', `${name} Technician`),
		frontDesk: await seedMember(db, shopId, 'front_desk', `${name} Front Desk`)
	};
}

export type SeededTeam = Awaited<ReturnType<typeof seedTeam>>;
