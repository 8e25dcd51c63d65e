import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import {
	bay,
	customer,
	job,
	jobStatusChange,
	membership,
	user,
	vehicle,
	type JobStatus,
	type ShopRole
} from '$lib/server/db/schema';
import { isUniqueViolation } from '$lib/server/auth/errors';
import {
	IllegalTransitionError,
	PermissionDeniedError,
	ShopConflictError
} from '$lib/server/shops/errors';
import { authorize, transitionRoles, type Actor } from '$lib/server/shops/permissions';
import { NotFoundError } from '$lib/server/timeseries/errors';
import { fromDbWallTime, toDbWallTime } from './wall-time';

/** Who may be put on a job: anyone who works on cars. */
export const ASSIGNABLE_ROLES = [
	'owner',
	'tuner',
	'technician'
] as const satisfies readonly ShopRole[];

export interface JobBookingFields {
	title: string;
	bayId?: string | null;
	technicianId?: string | null;
	/** Shop wall-clock `YYYY-MM-DDTHH:MM`; an end needs a start and must come after it. */
	scheduledStart?: string | null;
	scheduledEnd?: string | null;
}

export interface BookJobInput extends JobBookingFields {
	vehicleId: string;
	/** A job starts as a quote or as booked work. @default 'booked' */
	status?: 'quoted' | 'booked';
}

async function requireVehicle(db: Db, actor: Actor, vehicleId: string) {
	const [row] = await db
		.select({ id: vehicle.id, customerId: vehicle.customerId })
		.from(vehicle)
		.where(and(eq(vehicle.id, vehicleId), eq(vehicle.shopId, actor.shopId)));
	if (!row) throw new NotFoundError('vehicle', vehicleId);
	return row;
}

async function checkBooking(db: Db, actor: Actor, fields: JobBookingFields) {
	const title = fields.title.trim();
	if (title === '') throw new TypeError('a job needs a title');
	if (fields.bayId) {
		const [row] = await db
			.select({ id: bay.id })
			.from(bay)
			.where(and(eq(bay.id, fields.bayId), eq(bay.shopId, actor.shopId)));
		if (!row) throw new NotFoundError('bay', fields.bayId);
	}
	if (fields.technicianId) {
		const [row] = await db
			.select({ userId: membership.userId })
			.from(membership)
			.where(
				and(
					eq(membership.userId, fields.technicianId),
					eq(membership.shopId, actor.shopId),
					inArray(membership.role, ASSIGNABLE_ROLES)
				)
			);
		if (!row) throw new NotFoundError('technician', fields.technicianId);
	}
	const start = fields.scheduledStart ? toDbWallTime(fields.scheduledStart) : null;
	const end = fields.scheduledEnd ? toDbWallTime(fields.scheduledEnd) : null;
	if (end && (!start || end <= start))
		throw new RangeError('An appointment must end after it starts');
	return {
		title,
		bayId: fields.bayId || null,
		technicianId: fields.technicianId || null,
		scheduledStart: start,
		scheduledEnd: end
	};
}

/**
 * Books a job (work order) on one of the shop's vehicles, numbered after the shop's last job. Two bookings racing
 * for the same number collide on the (shop, number) key and the loser takes the next one.
 * @throws PermissionDeniedError, NotFoundError (vehicle, bay or technician not in the shop), TypeError/RangeError
 */
export async function createJob(db: Db, actor: Actor, input: BookJobInput) {
	authorize(actor, 'jobs.book');
	const status = input.status ?? 'booked';
	if (status !== 'quoted' && status !== 'booked')
		throw new TypeError('a new job is quoted or booked');
	const car = await requireVehicle(db, actor, input.vehicleId);
	const fields = await checkBooking(db, actor, input);
	for (let attempt = 1; ; attempt++) {
		try {
			return await db.transaction(async (tx) => {
				const [{ next }] = await tx
					.select({ next: sql<number>`coalesce(max(${job.number}), 0) + 1`.mapWith(Number) })
					.from(job)
					.where(eq(job.shopId, actor.shopId));
				const [row] = await tx
					.insert(job)
					.values({
						id: crypto.randomUUID(),
						shopId: actor.shopId,
						number: next,
						vehicleId: car.id,
						customerId: car.customerId,
						status,
						createdBy: actor.userId,
						...fields
					})
					.returning({ id: job.id, number: job.number, status: job.status });
				await tx.insert(jobStatusChange).values({
					id: crypto.randomUUID(),
					shopId: actor.shopId,
					jobId: row.id,
					fromStatus: null,
					toStatus: status,
					byUserId: actor.userId
				});
				return row;
			});
		} catch (err) {
			if (attempt < 5 && isUniqueViolation(err)) continue;
			throw err;
		}
	}
}

/** Changes title, bay, technician and appointment; an invoiced job is closed to changes. */
export async function updateJobBooking(
	db: Db,
	actor: Actor,
	jobId: string,
	input: JobBookingFields
) {
	authorize(actor, 'jobs.book');
	const fields = await checkBooking(db, actor, input);
	const [current] = await db
		.select({ status: job.status })
		.from(job)
		.where(and(eq(job.id, jobId), eq(job.shopId, actor.shopId)));
	if (!current) throw new NotFoundError('job', jobId);
	if (current.status === 'invoiced')
		throw new ShopConflictError('An invoiced job cannot be changed');
	await db
		.update(job)
		.set({ ...fields, updatedAt: new Date() })
		.where(and(eq(job.id, jobId), eq(job.shopId, actor.shopId)));
}

/**
 * Moves a job along its status flow. The step must exist in `JOB_TRANSITIONS` and the actor's role must be
 * allowed to take it; the row is locked so two people moving the same job cannot both succeed from one status.
 * @throws IllegalTransitionError (no such step), PermissionDeniedError (not this role's step), NotFoundError
 */
export async function changeJobStatus(db: Db, actor: Actor, jobId: string, to: JobStatus) {
	authorize(actor, 'jobs.view');
	return db.transaction(async (tx) => {
		const [current] = await tx
			.select({ status: job.status })
			.from(job)
			.where(and(eq(job.id, jobId), eq(job.shopId, actor.shopId)))
			.for('update');
		if (!current) throw new NotFoundError('job', jobId);
		const from = current.status;
		const roles = transitionRoles(from, to);
		if (!roles) throw new IllegalTransitionError(from, to);
		if (!roles.includes(actor.role))
			throw new PermissionDeniedError(
				actor.role,
				`move a job from ${from.replace('_', ' ')} to ${to.replace('_', ' ')}`
			);
		await tx
			.update(job)
			.set({ status: to, updatedAt: new Date() })
			.where(and(eq(job.id, jobId), eq(job.shopId, actor.shopId)));
		await tx.insert(jobStatusChange).values({
			id: crypto.randomUUID(),
			shopId: actor.shopId,
			jobId,
			fromStatus: from,
			toStatus: to,
			byUserId: actor.userId
		});
		return { from, to };
	});
}

const listColumns = {
	id: job.id,
	number: job.number,
	title: job.title,
	status: job.status,
	vehicleId: job.vehicleId,
	vehicleName: vehicle.name,
	customerId: job.customerId,
	customerName: customer.name,
	bayId: job.bayId,
	bayName: bay.name,
	technicianId: job.technicianId,
	technicianName: user.name,
	scheduledStart: job.scheduledStart,
	scheduledEnd: job.scheduledEnd,
	createdAt: job.createdAt
};

function joined(db: Db) {
	return db
		.select(listColumns)
		.from(job)
		.innerJoin(vehicle, eq(vehicle.id, job.vehicleId))
		.leftJoin(customer, eq(customer.id, job.customerId))
		.leftJoin(bay, eq(bay.id, job.bayId))
		.leftJoin(user, eq(user.id, job.technicianId));
}

type JobRow = Awaited<ReturnType<ReturnType<typeof joined>['execute']>>[number];

function shaped(row: JobRow) {
	return {
		...row,
		scheduledStart: fromDbWallTime(row.scheduledStart),
		scheduledEnd: fromDbWallTime(row.scheduledEnd)
	};
}

export async function getJob(db: Db, actor: Actor, jobId: string) {
	authorize(actor, 'jobs.view');
	const [row] = await joined(db).where(and(eq(job.id, jobId), eq(job.shopId, actor.shopId)));
	if (!row) throw new NotFoundError('job', jobId);
	return shaped(row);
}

export interface ListJobsOptions {
	status?: JobStatus[];
	vehicleId?: string;
	customerId?: string;
	/** @default 100, at most 500 */
	limit?: number;
}

/** Newest first (highest number). */
export async function listJobs(db: Db, actor: Actor, options: ListJobsOptions = {}) {
	authorize(actor, 'jobs.view');
	const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 1), 500);
	const rows = await joined(db)
		.where(
			and(
				eq(job.shopId, actor.shopId),
				options.status?.length ? inArray(job.status, options.status) : undefined,
				options.vehicleId ? eq(job.vehicleId, options.vehicleId) : undefined,
				options.customerId ? eq(job.customerId, options.customerId) : undefined
			)
		)
		.orderBy(desc(job.number))
		.limit(limit);
	return rows.map(shaped);
}

export type JobSummary = Awaited<ReturnType<typeof listJobs>>[number];

/** Every status the job has been in, oldest first, with who moved it. */
export async function listJobStatusChanges(db: Db, actor: Actor, jobId: string) {
	authorize(actor, 'jobs.view');
	return db
		.select({
			fromStatus: jobStatusChange.fromStatus,
			toStatus: jobStatusChange.toStatus,
			at: jobStatusChange.at,
			byName: user.name
		})
		.from(jobStatusChange)
		.leftJoin(user, eq(user.id, jobStatusChange.byUserId))
		.where(and(eq(jobStatusChange.jobId, jobId), eq(jobStatusChange.shopId, actor.shopId)))
		.orderBy(jobStatusChange.at, jobStatusChange.id);
}

/** The members a job can be assigned to, for the booking form. */
export async function listAssignableMembers(db: Db, actor: Actor) {
	authorize(actor, 'jobs.view');
	return db
		.select({ id: user.id, name: user.name, role: membership.role })
		.from(membership)
		.innerJoin(user, eq(user.id, membership.userId))
		.where(and(eq(membership.shopId, actor.shopId), inArray(membership.role, ASSIGNABLE_ROLES)))
		.orderBy(user.name);
}
