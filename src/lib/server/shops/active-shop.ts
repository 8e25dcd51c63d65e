import { and, eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { membership, session } from '$lib/server/db/schema';
import { NotFoundError } from '$lib/server/timeseries/errors';

/**
 * Points the session at another of the user's shops; from the next request `locals.shop` and `locals.role` are
 * that shop's (auth/session.ts resolves them through the membership). A shop the user is not a member of reads as
 * missing, so shop ids cannot be probed.
 * @throws NotFoundError
 */
export async function switchActiveShop(
	db: Db,
	input: { sessionId: string; userId: string; shopId: string }
) {
	const [m] = await db
		.select({ role: membership.role })
		.from(membership)
		.where(and(eq(membership.userId, input.userId), eq(membership.shopId, input.shopId)));
	if (!m) throw new NotFoundError('shop', input.shopId);
	const moved = await db
		.update(session)
		.set({ shopId: input.shopId })
		.where(and(eq(session.id, input.sessionId), eq(session.userId, input.userId)))
		.returning({ id: session.id });
	if (moved.length === 0) throw new NotFoundError('session', input.sessionId);
	return { shopId: input.shopId, role: m.role };
}
