import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { job, membership, timeEntry, user } from '$lib/server/db/schema';
import { isUniqueViolation } from '$lib/server/auth/errors';
import { ShopConflictError } from '$lib/server/shops/errors';
import { authorize, type Actor } from '$lib/server/shops/permissions';
import { NotFoundError } from '$lib/server/timeseries/errors';

/** No labour is logged on a quote (no work yet) or an invoiced job (its labour is billed). */
const OPEN_FOR_TIME = ['booked', 'in_progress', 'awaiting_approval', 'done'] as const;

export const MAX_ENTRY_MINUTES = 24 * 60;

/**
 * Whose time this is: the actor's own unless `technicianId` names someone else, which only an owner may do, and
 * then only for a member of the shop.
 */
async function technicianFor(db: Db, actor: Actor, technicianId?: string | null): Promise<string> {
	authorize(actor, 'jobs.time');
	if (!technicianId || technicianId === actor.userId) return actor.userId;
	authorize(actor, 'jobs.time.others');
	const [row] = await db
		.select({ userId: membership.userId })
		.from(membership)
		.where(and(eq(membership.userId, technicianId), eq(membership.shopId, actor.shopId)));
	if (!row) throw new NotFoundError('technician', technicianId);
	return technicianId;
}

async function requireOpenJob(db: Db, actor: Actor, jobId: string) {
	const [row] = await db
		.select({ status: job.status, number: job.number })
		.from(job)
		.where(and(eq(job.id, jobId), eq(job.shopId, actor.shopId)));
	if (!row) throw new NotFoundError('job', jobId);
	if (!(OPEN_FOR_TIME as readonly string[]).includes(row.status))
		throw new ShopConflictError(`Time cannot be logged on a ${row.status} job`);
	return row;
}

/**
 * Starts a timer on the job. A technician runs one timer at a time: a second start is refused, naming the job
 * the running one is on, rather than silently stopping it.
 * @throws ShopConflictError, PermissionDeniedError, NotFoundError
 */
export async function startTimer(
	db: Db,
	actor: Actor,
	jobId: string,
	options: { technicianId?: string | null; now?: Date } = {}
) {
	const technicianId = await technicianFor(db, actor, options.technicianId);
	await requireOpenJob(db, actor, jobId);
	try {
		const [row] = await db
			.insert(timeEntry)
			.values({
				id: crypto.randomUUID(),
				shopId: actor.shopId,
				jobId,
				technicianId,
				startedAt: options.now ?? new Date(),
				createdBy: actor.userId
			})
			.returning({ id: timeEntry.id, startedAt: timeEntry.startedAt });
		return row;
	} catch (err) {
		if (!isUniqueViolation(err)) throw err;
		const [running] = await db
			.select({ number: job.number })
			.from(timeEntry)
			.innerJoin(job, eq(job.id, timeEntry.jobId))
			.where(and(eq(timeEntry.technicianId, technicianId), isNull(timeEntry.endedAt)));
		throw new ShopConflictError(
			`A timer is already running${running ? ` on job #${running.number}` : ''}; stop it first`,
			{ cause: err }
		);
	}
}

/**
 * Stops the technician's running timer on this job and returns the entry, or throws NotFoundError when none runs.
 */
export async function stopTimer(
	db: Db,
	actor: Actor,
	jobId: string,
	options: { technicianId?: string | null; now?: Date } = {}
) {
	const technicianId = await technicianFor(db, actor, options.technicianId);
	const now = options.now ?? new Date();
	const [row] = await db
		.update(timeEntry)
		// An entry never ends before it started, even when clocks disagree by a moment.
		.set({ endedAt: sql`greatest(${timeEntry.startedAt}, ${now.toISOString()}::timestamptz)` })
		.where(
			and(
				eq(timeEntry.jobId, jobId),
				eq(timeEntry.shopId, actor.shopId),
				eq(timeEntry.technicianId, technicianId),
				isNull(timeEntry.endedAt)
			)
		)
		.returning({ id: timeEntry.id, startedAt: timeEntry.startedAt, endedAt: timeEntry.endedAt });
	if (!row) throw new NotFoundError('running timer on job', jobId);
	return row;
}

/**
 * Records work done without a timer: `minutes` ending at `endedAt` (default now).
 * @throws RangeError for a duration outside 1..1440 whole minutes
 */
export async function addTimeEntry(
	db: Db,
	actor: Actor,
	jobId: string,
	input: { minutes: number; note?: string; technicianId?: string | null; endedAt?: Date }
) {
	if (!Number.isInteger(input.minutes) || input.minutes < 1 || input.minutes > MAX_ENTRY_MINUTES)
		throw new RangeError(`minutes must be a whole number in 1..${MAX_ENTRY_MINUTES}`);
	const technicianId = await technicianFor(db, actor, input.technicianId);
	await requireOpenJob(db, actor, jobId);
	const endedAt = input.endedAt ?? new Date();
	const [row] = await db
		.insert(timeEntry)
		.values({
			id: crypto.randomUUID(),
			shopId: actor.shopId,
			jobId,
			technicianId,
			startedAt: new Date(endedAt.getTime() - input.minutes * 60_000),
			endedAt,
			note: input.note?.trim() ?? '',
			createdBy: actor.userId
		})
		.returning({ id: timeEntry.id, startedAt: timeEntry.startedAt, endedAt: timeEntry.endedAt });
	return row;
}

/** The job's entries, newest first, each with its length in seconds (a running one up to `now`). */
export async function listTimeEntries(db: Db, actor: Actor, jobId: string, now = new Date()) {
	authorize(actor, 'jobs.view');
	const rows = await db
		.select({
			id: timeEntry.id,
			technicianId: timeEntry.technicianId,
			technicianName: user.name,
			startedAt: timeEntry.startedAt,
			endedAt: timeEntry.endedAt,
			note: timeEntry.note
		})
		.from(timeEntry)
		.leftJoin(user, eq(user.id, timeEntry.technicianId))
		.where(and(eq(timeEntry.jobId, jobId), eq(timeEntry.shopId, actor.shopId)))
		.orderBy(desc(timeEntry.startedAt), desc(timeEntry.id));
	return rows.map((r) => ({
		...r,
		seconds: Math.max(0, Math.round(((r.endedAt ?? now).getTime() - r.startedAt.getTime()) / 1000))
	}));
}

export type TimeEntryListing = Awaited<ReturnType<typeof listTimeEntries>>[number];
