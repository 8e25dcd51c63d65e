import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { membership, session, user, type ShopRole } from '$lib/server/db/schema';
import { NotFoundError } from '$lib/server/timeseries/errors';
import { ShopConflictError } from './errors';
import { authorize, type Actor } from './permissions';

export async function listMembers(db: Db, actor: Actor) {
	authorize(actor, 'members.manage');
	return db
		.select({
			userId: user.id,
			name: user.name,
			email: user.email,
			role: membership.role,
			since: membership.createdAt
		})
		.from(membership)
		.innerJoin(user, eq(user.id, membership.userId))
		.where(eq(membership.shopId, actor.shopId))
		.orderBy(asc(user.name), asc(user.id));
}

export type MemberListing = Awaited<ReturnType<typeof listMembers>>[number];

/**
 * The shop must keep an owner: someone has to be able to manage members and (later) billing. Counted inside the
 * caller's transaction after locking the owners' rows, so two owners demoting each other cannot both succeed.
 */
async function refuseLosingLastOwner(db: Db, actor: Actor, userId: string) {
	const owners = await db
		.select({ userId: membership.userId })
		.from(membership)
		.where(and(eq(membership.shopId, actor.shopId), eq(membership.role, 'owner')))
		.for('update');
	if (owners.length === 1 && owners[0].userId === userId)
		throw new ShopConflictError('A shop needs an owner: make someone else owner first');
}

async function currentRole(db: Db, actor: Actor, userId: string): Promise<ShopRole> {
	const [row] = await db
		.select({ role: membership.role })
		.from(membership)
		.where(and(eq(membership.userId, userId), eq(membership.shopId, actor.shopId)))
		.for('update');
	if (!row) throw new NotFoundError('member', userId);
	return row.role;
}

/** @throws NotFoundError (not a member), ShopConflictError (would leave the shop without an owner) */
export async function changeMemberRole(db: Db, actor: Actor, userId: string, role: ShopRole) {
	authorize(actor, 'members.manage');
	await db.transaction(async (tx) => {
		const was = await currentRole(tx, actor, userId);
		if (was === role) return;
		if (was === 'owner') await refuseLosingLastOwner(tx, actor, userId);
		await tx
			.update(membership)
			.set({ role })
			.where(and(eq(membership.userId, userId), eq(membership.shopId, actor.shopId)));
	});
}

/**
 * Removes the member and ends their sessions acting in this shop (the session check would refuse them anyway;
 * this also drops the rows). Their past work (time entries, notes, logs) stays, attributed to them.
 */
export async function removeMember(db: Db, actor: Actor, userId: string) {
	authorize(actor, 'members.manage');
	await db.transaction(async (tx) => {
		const was = await currentRole(tx, actor, userId);
		if (was === 'owner') await refuseLosingLastOwner(tx, actor, userId);
		await tx
			.delete(membership)
			.where(and(eq(membership.userId, userId), eq(membership.shopId, actor.shopId)));
		await tx
			.delete(session)
			.where(and(eq(session.userId, userId), eq(session.shopId, actor.shopId)));
	});
}
