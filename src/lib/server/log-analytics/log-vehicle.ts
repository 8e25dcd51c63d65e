import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { log, vehicle } from '../db/schema';
import { authorize, type Actor } from '../shops/permissions';
import { NotFoundError } from '../timeseries/errors';

/**
 * Links a log to one of the shop's vehicles (or unlinks it with null), so it joins that vehicle's history:
 * imported files and quick recordings arrive without one.
 * @throws PermissionDeniedError without `logs.edit`; NotFoundError for a log or vehicle not the shop's.
 */
export async function setLogVehicle(
	db: Db,
	actor: Actor,
	logId: string,
	vehicleId: string | null
): Promise<void> {
	authorize(actor, 'logs.edit');
	if (vehicleId) {
		const [owned] = await db
			.select({ id: vehicle.id })
			.from(vehicle)
			.where(and(eq(vehicle.id, vehicleId), eq(vehicle.shopId, actor.shopId)));
		if (!owned) throw new NotFoundError('vehicle', vehicleId);
	}
	const updated = await db
		.update(log)
		.set({ vehicleId })
		.where(and(eq(log.id, logId), eq(log.shopId, actor.shopId)))
		.returning({ id: log.id });
	if (updated.length === 0) throw new NotFoundError('log', logId);
}
