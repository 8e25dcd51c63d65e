import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { bay, job } from '$lib/server/db/schema';
import { isUniqueViolation } from '$lib/server/auth/errors';
import { ShopConflictError } from '$lib/server/shops/errors';
import { authorize, type Actor } from '$lib/server/shops/permissions';
import { NotFoundError } from '$lib/server/timeseries/errors';

function checkedName(name: string): string {
	const trimmed = name.trim();
	if (trimmed === '' || trimmed.length > 60) throw new RangeError('a bay name is 1..60 characters');
	return trimmed;
}

export async function listBays(db: Db, actor: Actor) {
	authorize(actor, 'jobs.view');
	return db
		.select({ id: bay.id, name: bay.name })
		.from(bay)
		.where(eq(bay.shopId, actor.shopId))
		.orderBy(asc(bay.name), asc(bay.id));
}

/** @throws ShopConflictError when the shop already has a bay of that name */
export async function createBay(db: Db, actor: Actor, name: string) {
	authorize(actor, 'bays.manage');
	try {
		const [row] = await db
			.insert(bay)
			.values({ id: crypto.randomUUID(), shopId: actor.shopId, name: checkedName(name) })
			.returning({ id: bay.id, name: bay.name });
		return row;
	} catch (err) {
		if (isUniqueViolation(err))
			throw new ShopConflictError('A bay with that name exists', { cause: err });
		throw err;
	}
}

/** Removes a bay; its jobs stay, without a bay, so no booking is lost. */
export async function deleteBay(db: Db, actor: Actor, bayId: string) {
	authorize(actor, 'bays.manage');
	await db.transaction(async (tx) => {
		await tx
			.update(job)
			.set({ bayId: null })
			.where(and(eq(job.bayId, bayId), eq(job.shopId, actor.shopId)));
		const gone = await tx
			.delete(bay)
			.where(and(eq(bay.id, bayId), eq(bay.shopId, actor.shopId)))
			.returning({ id: bay.id });
		if (gone.length === 0) throw new NotFoundError('bay', bayId);
	});
}
