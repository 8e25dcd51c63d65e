import type { Db } from '$lib/server/db';
import { listJobs } from '$lib/server/jobs/jobs';
import type { Actor } from '$lib/server/shops/permissions';
import { listLogs } from '$lib/server/timeseries/logs';
import { getVehicleWithCustomer } from './vehicles';

/**
 * A vehicle with what the shop has done to it: its jobs and its logs, newest first. Tunes and dyno runs join
 * when those modules store them per vehicle.
 * @throws NotFoundError when the vehicle is not in the actor's shop
 */
export async function getVehicleHistory(db: Db, actor: Actor, vehicleId: string) {
	const car = await getVehicleWithCustomer(db, actor, vehicleId);
	const [jobs, logs] = await Promise.all([
		listJobs(db, actor, { vehicleId: car.id }),
		listLogs(db, actor.shopId, { vehicleId: car.id, limit: 200 })
	]);
	return { vehicle: car, jobs, logs };
}
