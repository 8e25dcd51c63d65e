import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { job, jobNote, user } from '$lib/server/db/schema';
import { authorize, type Actor } from '$lib/server/shops/permissions';
import { NotFoundError } from '$lib/server/timeseries/errors';

export const MAX_NOTE_LENGTH = 5000;

export async function addJobNote(db: Db, actor: Actor, jobId: string, body: string) {
	authorize(actor, 'jobs.note');
	const text = body.trim();
	if (text === '' || text.length > MAX_NOTE_LENGTH)
		throw new RangeError(`a note is 1..${MAX_NOTE_LENGTH} characters`);
	const [owned] = await db
		.select({ id: job.id })
		.from(job)
		.where(and(eq(job.id, jobId), eq(job.shopId, actor.shopId)));
	if (!owned) throw new NotFoundError('job', jobId);
	const [row] = await db
		.insert(jobNote)
		.values({
			id: crypto.randomUUID(),
			shopId: actor.shopId,
			jobId,
			authorId: actor.userId,
			body: text
		})
		.returning({ id: jobNote.id, createdAt: jobNote.createdAt });
	return row;
}

/** Oldest first, as a conversation reads. */
export async function listJobNotes(db: Db, actor: Actor, jobId: string) {
	authorize(actor, 'jobs.view');
	return db
		.select({
			id: jobNote.id,
			body: jobNote.body,
			createdAt: jobNote.createdAt,
			authorName: user.name
		})
		.from(jobNote)
		.leftJoin(user, eq(user.id, jobNote.authorId))
		.where(and(eq(jobNote.jobId, jobId), eq(jobNote.shopId, actor.shopId)))
		.orderBy(asc(jobNote.createdAt), asc(jobNote.id));
}
