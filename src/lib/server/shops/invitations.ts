import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { invitation, membership, shop, user, type ShopRole } from '$lib/server/db/schema';
import { createUser } from '$lib/server/auth/sign-up';
import { EmailTakenError } from '$lib/server/auth/errors';
// Report links already mint 256-bit tokens and store only their SHA-256; invitations use the same two functions.
import {
	generateReportToken as generateToken,
	hashReportToken as hashToken,
	isReportTokenShape as isTokenShape
} from '$lib/server/reports/token';
import { NotFoundError } from '$lib/server/timeseries/errors';
import { InvitationEmailMismatchError, InvitationInvalidError, ShopConflictError } from './errors';
import { authorize, type Actor } from './permissions';

/** @default lifetime of an invitation link. */
export const INVITATION_TTL_DAYS = 7;
export const MAX_INVITATION_TTL_DAYS = 30;
const DAY_MS = 86_400_000;

function normalEmail(email: string): string {
	return email.trim().toLowerCase();
}

function pending(now: Date) {
	return and(
		isNull(invitation.acceptedAt),
		isNull(invitation.revokedAt),
		gt(invitation.expiresAt, now)
	);
}

export interface CreateInvitationInput {
	email: string;
	role: ShopRole;
	/** @default INVITATION_TTL_DAYS; at most MAX_INVITATION_TTL_DAYS */
	ttlDays?: number;
	now?: Date;
}

/**
 * Invites `email` to the actor's shop. The raw token is returned only here (the database keeps its SHA-256), so
 * the owner must pass the link on now; inviting the same email again replaces the pending invitation.
 * @throws PermissionDeniedError (not an owner), ShopConflictError (already a member), RangeError (ttl)
 */
export async function createInvitation(db: Db, actor: Actor, input: CreateInvitationInput) {
	authorize(actor, 'members.manage');
	const ttlDays = input.ttlDays ?? INVITATION_TTL_DAYS;
	if (!Number.isFinite(ttlDays) || ttlDays <= 0 || ttlDays > MAX_INVITATION_TTL_DAYS)
		throw new RangeError(`an invitation lasts (0, ${MAX_INVITATION_TTL_DAYS}] days`);
	const email = normalEmail(input.email);
	const now = input.now ?? new Date();
	const [member] = await db
		.select({ id: user.id })
		.from(membership)
		.innerJoin(user, eq(user.id, membership.userId))
		.where(and(eq(membership.shopId, actor.shopId), eq(user.email, email)));
	if (member) throw new ShopConflictError(`${email} is already a member of this shop`);

	const token = generateToken();
	return db.transaction(async (tx) => {
		await tx
			.update(invitation)
			.set({ revokedAt: now })
			.where(and(eq(invitation.shopId, actor.shopId), eq(invitation.email, email), pending(now)));
		const [row] = await tx
			.insert(invitation)
			.values({
				id: crypto.randomUUID(),
				shopId: actor.shopId,
				email,
				role: input.role,
				tokenHash: hashToken(token),
				invitedBy: actor.userId,
				createdAt: now,
				expiresAt: new Date(now.getTime() + ttlDays * DAY_MS)
			})
			.returning({ id: invitation.id, expiresAt: invitation.expiresAt });
		return { token, id: row.id, email, role: input.role, expiresAt: row.expiresAt };
	});
}

/** The shop's pending invitations, newest first; never a token (only hashes are stored). */
export async function listPendingInvitations(db: Db, actor: Actor, now = new Date()) {
	authorize(actor, 'members.manage');
	return db
		.select({
			id: invitation.id,
			email: invitation.email,
			role: invitation.role,
			createdAt: invitation.createdAt,
			expiresAt: invitation.expiresAt
		})
		.from(invitation)
		.where(and(eq(invitation.shopId, actor.shopId), pending(now)))
		.orderBy(desc(invitation.createdAt), desc(invitation.id));
}

/** Stops an invitation working at once; revoking a used or revoked one changes nothing. */
export async function revokeInvitation(db: Db, actor: Actor, invitationId: string) {
	authorize(actor, 'members.manage');
	const [row] = await db
		.select({ id: invitation.id })
		.from(invitation)
		.where(and(eq(invitation.id, invitationId), eq(invitation.shopId, actor.shopId)));
	if (!row) throw new NotFoundError('invitation', invitationId);
	await db
		.update(invitation)
		.set({ revokedAt: new Date() })
		.where(
			and(
				eq(invitation.id, invitationId),
				isNull(invitation.acceptedAt),
				isNull(invitation.revokedAt)
			)
		);
}

/**
 * What a pending invitation offers, for the accept page: the shop, the role, the invited email. Null for a token
 * that is unknown, malformed, expired, revoked or used; the page cannot tell which.
 */
export async function findInvitation(db: Db, token: string, now = new Date()) {
	if (!isTokenShape(token)) return null;
	const [row] = await db
		.select({
			id: invitation.id,
			shopId: invitation.shopId,
			shopName: shop.name,
			email: invitation.email,
			role: invitation.role,
			expiresAt: invitation.expiresAt,
			invitedByName: user.name
		})
		.from(invitation)
		.innerJoin(shop, eq(shop.id, invitation.shopId))
		.leftJoin(user, eq(user.id, invitation.invitedBy))
		.where(and(eq(invitation.tokenHash, hashToken(token)), pending(now)));
	return row ?? null;
}

export type PendingInvitation = NonNullable<Awaited<ReturnType<typeof findInvitation>>>;

/**
 * Spends the invitation and makes the user a member. The conditional update is what makes a token single-use:
 * of two accepts racing, one finds the row already accepted and fails. A user who is already a member keeps
 * their role.
 */
async function redeem(db: Db, token: string, userId: string, now: Date) {
	const [used] = await db
		.update(invitation)
		.set({ acceptedAt: now, acceptedBy: userId })
		.where(and(eq(invitation.tokenHash, hashToken(token)), pending(now)))
		.returning({ shopId: invitation.shopId, role: invitation.role });
	if (!used) throw new InvitationInvalidError();
	await db
		.insert(membership)
		.values({ userId, shopId: used.shopId, role: used.role })
		.onConflictDoNothing();
	const [m] = await db
		.select({ role: membership.role })
		.from(membership)
		.where(and(eq(membership.userId, userId), eq(membership.shopId, used.shopId)));
	return { shopId: used.shopId, role: m.role };
}

/**
 * A signed-in user accepts: their account's email must be the invited one.
 * @throws InvitationInvalidError, InvitationEmailMismatchError
 */
export async function acceptInvitation(
	db: Db,
	input: { token: string; user: { id: string; email: string }; now?: Date }
) {
	const now = input.now ?? new Date();
	const found = await findInvitation(db, input.token, now);
	if (!found) throw new InvitationInvalidError();
	if (normalEmail(input.user.email) !== found.email)
		throw new InvitationEmailMismatchError(found.email);
	return db.transaction((tx) => redeem(tx, input.token, input.user.id, now));
}

/**
 * Someone without an account accepts by creating one, under the invited email, and joins the shop only (no shop
 * of their own is created, unlike a plain sign-up). Account and membership commit together.
 * @throws InvitationInvalidError, EmailTakenError (they should sign in and accept instead)
 */
export async function signUpWithInvitation(
	db: Db,
	input: { token: string; name: string; password: string; now?: Date }
) {
	const now = input.now ?? new Date();
	const found = await findInvitation(db, input.token, now);
	if (!found) throw new InvitationInvalidError();
	const [existing] = await db.select({ id: user.id }).from(user).where(eq(user.email, found.email));
	if (existing) throw new EmailTakenError(found.email);
	return db.transaction(async (tx) => {
		const created = await createUser(tx, {
			email: found.email,
			name: input.name,
			password: input.password
		});
		const joined = await redeem(tx, input.token, created.id, now);
		return { user: created, ...joined };
	});
}
