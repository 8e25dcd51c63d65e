import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { and, desc, eq, gt, lt, ne } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { membership, session, shop, user } from '$lib/server/db/schema';
import { generateRandomId } from './ids';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Sliding lifetime: a session used at least every 15 days lives on; an idle one dies after 30. */
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
/** Extend only when less than half remains, so most requests write nothing (Lucia, "Session expiration"). */
export const SESSION_REFRESH_THRESHOLD_MS = SESSION_LIFETIME_MS / 2;
/** `last_used_at` is for the "my sessions" page; minute precision spares a write per request. */
export const LAST_USED_RESOLUTION_MS = 60 * 1000;

export interface CreateSessionOptions {
	userId: string;
	shopId: string;
	userAgent?: string | null;
	ip?: string | null;
	now?: Date;
}

/** Columns safe to hand to `locals` and pages: everything but the secret hash. */
const sessionColumns = {
	id: session.id,
	userId: session.userId,
	shopId: session.shopId,
	createdAt: session.createdAt,
	lastUsedAt: session.lastUsedAt,
	expiresAt: session.expiresAt,
	userAgent: session.userAgent,
	ip: session.ip
};

function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

/**
 * Lucia's design (lucia-auth/lucia `code/auth_session.ts`): the token is `id.secret`; the id is the row key,
 * and only SHA-256(secret) is stored, so a leaked database row cannot be replayed as a cookie.
 */
export async function createSession(db: Db, options: CreateSessionOptions) {
	const now = options.now ?? new Date();
	const id = generateRandomId();
	const secret = generateRandomId();
	const [row] = await db
		.insert(session)
		.values({
			id,
			secretHash: hashSecret(secret),
			userId: options.userId,
			shopId: options.shopId,
			createdAt: now,
			lastUsedAt: now,
			expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
			userAgent: options.userAgent?.slice(0, 512) ?? null,
			ip: options.ip ?? null
		})
		.returning(sessionColumns);
	return { token: `${id}.${secret}`, session: row };
}

/**
 * Resolves a cookie token to the session, its user, shop and role, or null when the token is malformed,
 * unknown, tampered or expired (expired rows are deleted on sight). `fresh` is true when the expiry slid
 * forward and the cookie must be re-set with the new `expiresAt`.
 */
export async function validateSessionToken(db: Db, token: string, now = new Date()) {
	const parts = token.split('.');
	if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
	const [id, secret] = parts;

	const [row] = await db
		.select({
			session: sessionColumns,
			secretHash: session.secretHash,
			user: { id: user.id, email: user.email, name: user.name },
			shop: { id: shop.id, name: shop.name },
			role: membership.role
		})
		.from(session)
		.innerJoin(user, eq(user.id, session.userId))
		.innerJoin(shop, eq(shop.id, session.shopId))
		// A session acts in one shop; losing the membership ends its authority at once.
		.innerJoin(
			membership,
			and(eq(membership.userId, session.userId), eq(membership.shopId, session.shopId))
		)
		.where(eq(session.id, id));
	if (!row) return null;

	if (now.getTime() >= row.session.expiresAt.getTime()) {
		await db.delete(session).where(eq(session.id, id));
		return null;
	}
	if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;

	const current = { ...row.session };
	let fresh = false;
	const patch: { expiresAt?: Date; lastUsedAt?: Date } = {};
	if (current.expiresAt.getTime() - now.getTime() < SESSION_REFRESH_THRESHOLD_MS) {
		patch.expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
		fresh = true;
	}
	if (now.getTime() - current.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS)
		patch.lastUsedAt = now;
	if (patch.expiresAt || patch.lastUsedAt) {
		await db.update(session).set(patch).where(eq(session.id, id));
		Object.assign(current, patch);
	}
	return { session: current, user: row.user, shop: row.shop, role: row.role, fresh };
}

export type SessionValidationResult = Awaited<ReturnType<typeof validateSessionToken>>;
export type ValidSession = NonNullable<SessionValidationResult>;
export type SessionInfo = ValidSession['session'];

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await db.delete(session).where(eq(session.id, sessionId));
}

/**
 * Ends one of the user's sessions. Scoped by user so a signed-in user cannot end someone else's session by id;
 * returns false when no such session of theirs exists.
 */
export async function invalidateUserSession(
	db: Db,
	userId: string,
	sessionId: string
): Promise<boolean> {
	const gone = await db
		.delete(session)
		.where(and(eq(session.id, sessionId), eq(session.userId, userId)))
		.returning({ id: session.id });
	return gone.length > 0;
}

/** Signs the user out everywhere except `keepSessionId` (the device asking); returns how many ended. */
export async function invalidateOtherSessions(
	db: Db,
	userId: string,
	keepSessionId: string
): Promise<number> {
	const gone = await db
		.delete(session)
		.where(and(eq(session.userId, userId), ne(session.id, keepSessionId)))
		.returning({ id: session.id });
	return gone.length;
}

export async function invalidateAllUserSessions(db: Db, userId: string): Promise<void> {
	await db.delete(session).where(eq(session.userId, userId));
}

/** The user's live sessions, most recently used first; expired rows are not shown. */
export async function listUserSessions(db: Db, userId: string, now = new Date()) {
	return db
		.select({ ...sessionColumns, shopName: shop.name })
		.from(session)
		.innerJoin(shop, eq(shop.id, session.shopId))
		.where(and(eq(session.userId, userId), gt(session.expiresAt, now)))
		.orderBy(desc(session.lastUsedAt), desc(session.createdAt));
}

export type UserSessionListing = Awaited<ReturnType<typeof listUserSessions>>[number];

/** Housekeeping for a periodic job: expired rows are otherwise deleted only when presented. */
export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<number> {
	const gone = await db
		.delete(session)
		.where(lt(session.expiresAt, now))
		.returning({ id: session.id });
	return gone.length;
}
