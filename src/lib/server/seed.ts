import { eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { membership, shop, user } from '$lib/server/db/schema';
import { hashPassword, verifyPassword } from '$lib/server/auth/password';
import { EmailTakenError } from '$lib/server/auth/errors';
import { createUser } from '$lib/server/auth/sign-up';

export const DEMO_SHOP = { id: 'demo-shop', name: 'Demo Tuning Co' } as const;
export const DEMO_USER = {
	id: 'demo-user',
	email: 'demo@cartech.local',
	name: 'Demo Tuner'
} as const;
export const DEMO_PASSWORD = 'cartech-demo';

export interface SeedDemoOptions {
	/** @default DEMO_PASSWORD */
	password?: string;
}

/**
 * Makes sure the demo shop and its owner exist and that the returned password signs in, whatever ran before:
 * rows are keyed by fixed ids and inserted only when missing, and a stored hash that no longer matches is
 * replaced. Safe to run at every start and from several replicas at once.
 */
export async function seedDemo(db: Db, options: SeedDemoOptions = {}) {
	const password = options.password ?? DEMO_PASSWORD;

	await db.insert(shop).values(DEMO_SHOP).onConflictDoNothing();
	const [existing] = await db
		.select({ passwordHash: user.passwordHash })
		.from(user)
		.where(eq(user.id, DEMO_USER.id));
	if (!existing) {
		try {
			await createUser(db, { ...DEMO_USER, password });
		} catch (err) {
			// Another replica seeding at the same moment won the insert; its row has the same password.
			if (!(err instanceof EmailTakenError)) throw err;
		}
	} else if (!(await verifyPassword(existing.passwordHash, password).catch(() => false))) {
		await db
			.update(user)
			.set({ passwordHash: await hashPassword(password) })
			.where(eq(user.id, DEMO_USER.id));
	}
	await db
		.insert(membership)
		.values({ userId: DEMO_USER.id, shopId: DEMO_SHOP.id, role: 'owner' })
		.onConflictDoNothing();

	return { email: DEMO_USER.email, password, shopName: DEMO_SHOP.name };
}
