import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { job, vehicle } from '../db/schema';
import { NotFoundError } from '../timeseries/errors';

/**
 * Checks a dyno run's links before it is stored: the vehicle is the shop's, and the job, when given, is the
 * shop's and for that vehicle (a run on the Evo must not land on the Golf's work order).
 * @throws NotFoundError for a vehicle or job of another shop (reported like a missing one); TypeError for a job
 *   of another vehicle.
 */
export async function checkDynoRunLinks(
	db: Db,
	shopId: string,
	links: { vehicleId: string; jobId: string | null }
): Promise<void> {
	const [owned] = await db
		.select({ id: vehicle.id })
		.from(vehicle)
		.where(and(eq(vehicle.id, links.vehicleId), eq(vehicle.shopId, shopId)));
	if (!owned) throw new NotFoundError('vehicle', links.vehicleId);
	if (!links.jobId) return;
	const [found] = await db
		.select({ vehicleId: job.vehicleId, number: job.number })
		.from(job)
		.where(and(eq(job.id, links.jobId), eq(job.shopId, shopId)));
	if (!found) throw new NotFoundError('job', links.jobId);
	if (found.vehicleId !== links.vehicleId)
		throw new TypeError(`job #${found.number} is for another vehicle`);
}

/** The shop's open and recent jobs with their vehicles, for linking a run to one (newest first). */
export async function listLinkableJobs(
	db: Db,
	shopId: string
): Promise<{ id: string; number: number; title: string; vehicleId: string }[]> {
	return db
		.select({ id: job.id, number: job.number, title: job.title, vehicleId: job.vehicleId })
		.from(job)
		.where(eq(job.shopId, shopId))
		.orderBy(desc(job.number))
		.limit(200);
}

/** The shop's vehicles by name, for the pickers. */
export async function listVehicleChoices(
	db: Db,
	shopId: string
): Promise<{ id: string; name: string }[]> {
	return db
		.select({ id: vehicle.id, name: vehicle.name })
		.from(vehicle)
		.where(eq(vehicle.shopId, shopId))
		.orderBy(asc(vehicle.name));
}
