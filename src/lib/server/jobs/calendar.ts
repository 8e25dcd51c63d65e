import { and, asc, eq, gte, isNotNull, lt } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { bay, customer, job, user, vehicle } from '$lib/server/db/schema';
import { authorize, type Actor } from '$lib/server/shops/permissions';
import { addDays, checkDate, fromDbWallTime } from './wall-time';

export type CalendarView = 'day' | 'week';

/**
 * The appointments starting in `days` days from `from` (shop wall-clock dates), with the shop's bays to lay them
 * out by. Jobs without a bay are listed under `bayId: null`.
 */
export async function listAppointments(
	db: Db,
	actor: Actor,
	options: { from: string; days: number }
) {
	authorize(actor, 'jobs.view');
	if (!Number.isInteger(options.days) || options.days < 1 || options.days > 31)
		throw new RangeError('a calendar shows 1..31 days');
	const from = checkDate(options.from);
	const to = addDays(from, options.days);
	const [bays, rows] = await Promise.all([
		db
			.select({ id: bay.id, name: bay.name })
			.from(bay)
			.where(eq(bay.shopId, actor.shopId))
			.orderBy(asc(bay.name), asc(bay.id)),
		db
			.select({
				id: job.id,
				number: job.number,
				title: job.title,
				status: job.status,
				bayId: job.bayId,
				start: job.scheduledStart,
				end: job.scheduledEnd,
				vehicleName: vehicle.name,
				customerName: customer.name,
				technicianName: user.name
			})
			.from(job)
			.innerJoin(vehicle, eq(vehicle.id, job.vehicleId))
			.leftJoin(customer, eq(customer.id, job.customerId))
			.leftJoin(user, eq(user.id, job.technicianId))
			.where(
				and(
					eq(job.shopId, actor.shopId),
					isNotNull(job.scheduledStart),
					gte(job.scheduledStart, `${from} 00:00:00`),
					lt(job.scheduledStart, `${to} 00:00:00`)
				)
			)
			.orderBy(asc(job.scheduledStart), asc(job.number))
	]);
	return {
		from,
		to,
		bays,
		appointments: rows.map((r) => ({
			...r,
			start: fromDbWallTime(r.start) as string,
			end: fromDbWallTime(r.end)
		}))
	};
}

export type Appointment = Awaited<ReturnType<typeof listAppointments>>['appointments'][number];
