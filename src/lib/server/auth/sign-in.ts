import { eq } from 'drizzle-orm';
import type { SignInInput } from '$lib/schemas/auth';
import type { Db } from '$lib/server/db';
import { user } from '$lib/server/db/schema';
import { log } from '$lib/server/log';
import { listUserShops } from '$lib/server/shops/shops';
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from './password';
import type { AuthLimits } from './rate-limit';
import { createSession } from './session';

/**
 * The user whose email and password match, else null. Unknown emails still pay for one argon2id verify so
 * both failures take the same time (OWASP Authentication Cheat Sheet, "Authentication Responses").
 */
export async function authenticate(db: Db, credentials: SignInInput) {
	const email = credentials.email.trim().toLowerCase();
	const [row] = await db
		.select({ id: user.id, email: user.email, name: user.name, passwordHash: user.passwordHash })
		.from(user)
		.where(eq(user.email, email));
	if (!row) return verifyDummyPassword(credentials.password).then(() => null);
	if (!(await verifyPassword(row.passwordHash, credentials.password))) return null;

	if (needsRehash(row.passwordHash)) {
		const passwordHash = await hashPassword(credentials.password);
		await db.update(user).set({ passwordHash }).where(eq(user.id, row.id));
	}
	return { id: row.id, email: row.email, name: row.name };
}

export interface SignInOptions extends SignInInput {
	ip: string;
	userAgent?: string | null;
	now?: Date;
}

export type SignInResult =
	| {
			status: 'ok';
			token: string;
			expiresAt: Date;
			user: { id: string; name: string; email: string };
	  }
	| { status: 'invalid_credentials' }
	| { status: 'rate_limited'; retryAfterSeconds: number }
	/** Right password, but the user belongs to no shop (removed from their last one). */
	| { status: 'no_shop' };

/** Rate limit, check the password, and open a session in the user's first shop. */
export async function signIn(
	db: Db,
	limits: AuthLimits,
	options: SignInOptions
): Promise<SignInResult> {
	const decision = await limits.reserveSignIn(options.email, options.ip);
	if (!decision.allowed) {
		log.warn({ ip: options.ip }, 'sign-in rate limited');
		return { status: 'rate_limited', retryAfterSeconds: decision.retryAfterSeconds };
	}

	const found = await authenticate(db, options);
	// OWASP Logging Cheat Sheet: record authentication outcomes, never the submitted password or email.
	if (!found) {
		log.info({ ip: options.ip }, 'sign-in failed');
		return { status: 'invalid_credentials' };
	}
	await limits.recordSignInSuccess(options.email, options.ip);

	const [first] = await listUserShops(db, found.id);
	if (!first) return { status: 'no_shop' };
	const { token, session } = await createSession(db, {
		userId: found.id,
		shopId: first.id,
		userAgent: options.userAgent,
		ip: options.ip,
		now: options.now
	});
	log.info({ userId: found.id, sessionId: session.id, ip: options.ip }, 'signed in');
	return { status: 'ok', token, expiresAt: session.expiresAt, user: found };
}
