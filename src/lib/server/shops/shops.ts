import { asc, and, eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { membership, shop, type ShopRole } from '$lib/server/db/schema';
import { generateRandomId } from '$lib/server/auth/ids';

export interface CreateShopOptions {
	name: string;
	ownerId: string;
	/** Fixed ids are for seeds; real shops get a random one. */
	id?: string;
}

/** Creates a shop with `ownerId` as its owner. Run inside the caller's transaction when paired with a new user. */
export async function createShop(db: Db, options: CreateShopOptions) {
	const [row] = await db
		.insert(shop)
		.values({ id: options.id ?? generateRandomId(15), name: options.name })
		.returning({ id: shop.id, name: shop.name });
	await addMember(db, { shopId: row.id, userId: options.ownerId, role: 'owner' });
	return row;
}

export async function addMember(
	db: Db,
	options: { shopId: string; userId: string; role: ShopRole }
): Promise<void> {
	await db.insert(membership).values(options);
}

export async function getMemberRole(
	db: Db,
	userId: string,
	shopId: string
): Promise<ShopRole | null> {
	const [row] = await db
		.select({ role: membership.role })
		.from(membership)
		.where(and(eq(membership.userId, userId), eq(membership.shopId, shopId)));
	return row?.role ?? null;
}

/** The user's shops, oldest membership first; sign-in acts in the first one. */
export async function listUserShops(db: Db, userId: string) {
	return db
		.select({ id: shop.id, name: shop.name, role: membership.role })
		.from(membership)
		.innerJoin(shop, eq(shop.id, membership.shopId))
		.where(eq(membership.userId, userId))
		.orderBy(asc(membership.createdAt), asc(shop.name));
}

export type UserShop = Awaited<ReturnType<typeof listUserShops>>[number];
