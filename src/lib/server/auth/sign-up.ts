import { eq } from 'drizzle-orm';
import type { SignUpInput } from '$lib/schemas/auth';
import type { Db } from '$lib/server/db';
import { user } from '$lib/server/db/schema';
import { createShop } from '$lib/server/shops/shops';
import { EmailTakenError, isUniqueViolation } from './errors';
import { generateRandomId } from './ids';
import { hashPassword } from './password';

export interface CreateUserOptions {
	email: string;
	name: string;
	password: string;
	id?: string;
}

/** Inserts a user with an argon2id hash; throws {@link EmailTakenError} when the email has an account. */
export async function createUser(db: Db, options: CreateUserOptions) {
	const email = options.email.trim().toLowerCase();
	const passwordHash = await hashPassword(options.password);
	try {
		const [row] = await db
			.insert(user)
			.values({ id: options.id ?? generateRandomId(15), email, name: options.name, passwordHash })
			.returning({ id: user.id, email: user.email, name: user.name });
		return row;
	} catch (err) {
		if (isUniqueViolation(err)) throw new EmailTakenError(email, { cause: err });
		throw err;
	}
}

/**
 * A new account always comes with a new shop it owns (invitations into existing shops are a later issue).
 * User, shop and membership commit together, so a failed sign-up leaves no orphan shop.
 */
export async function signUp(db: Db, input: SignUpInput) {
	const [existing] = await db
		.select({ id: user.id })
		.from(user)
		.where(eq(user.email, input.email.trim().toLowerCase()));
	if (existing) throw new EmailTakenError(input.email);

	return db.transaction(async (tx) => {
		const created = await createUser(tx, input);
		const createdShop = await createShop(tx, { name: input.shopName, ownerId: created.id });
		return { user: created, shop: createdShop, role: 'owner' as const };
	});
}
