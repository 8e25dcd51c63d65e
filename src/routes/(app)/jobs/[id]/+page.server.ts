import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { fieldErrors, formFields } from '$lib/schemas/auth';
import {
	JOB_STATUS_NAMES,
	JobAssignmentSchema,
	NoteSchema,
	TimeEntrySchema
} from '$lib/schemas/shop';
import { getDb } from '$lib/server/db';
import * as jobs from '$lib/server/jobs';
import { actorFrom } from '$lib/server/shops/actor';
import { shopActionFailure, shopHttpError } from '$lib/server/shops/http-errors';
import { can, nextStatuses } from '$lib/server/shops/permissions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent();
	const actor = actorFrom(locals);
	const db = getDb();
	const job = await jobs.getJob(db, actor, params.id).catch(shopHttpError);
	const canBook = can(actor.role, 'jobs.book');
	const [time, notes, history, bays, members] = await Promise.all([
		jobs.listTimeEntries(db, actor, job.id),
		jobs.listJobNotes(db, actor, job.id),
		jobs.listJobStatusChanges(db, actor, job.id),
		canBook ? jobs.listBays(db, actor) : [],
		canBook ? jobs.listAssignableMembers(db, actor) : []
	]);
	return {
		job,
		next: nextStatuses(actor.role, job.status),
		canBook: canBook && job.status !== 'invoiced',
		canLogTime: can(actor.role, 'jobs.time'),
		myTimerRunning: time.some((e) => e.technicianId === actor.userId && e.endedAt === null),
		time: time.map((e) => ({
			id: e.id,
			technicianName: e.technicianName,
			startedAt: e.startedAt.toISOString(),
			running: e.endedAt === null,
			seconds: e.seconds,
			note: e.note
		})),
		notes: notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
		history: history.map((h) => ({ ...h, at: h.at.toISOString() })),
		bays,
		members: members.map((m) => ({ id: m.id, name: m.name }))
	};
};

/** Every action: run `fn` as the signed-in member; typed errors come back as `fail` with a message. */
async function act(
	locals: App.Locals,
	fn: (actor: ReturnType<typeof actorFrom>) => Promise<unknown>
) {
	const actor = actorFrom(locals);
	try {
		await fn(actor);
	} catch (err) {
		return shopActionFailure(err);
	}
	return { ok: true };
}

export const actions: Actions = {
	status: async ({ locals, params, request }) => {
		const to = (await request.formData()).get('to');
		const status = JOB_STATUS_NAMES.find((s) => s === to);
		if (!status) return fail(400, { message: 'Choose a status' });
		return act(locals, (actor) => jobs.changeJobStatus(getDb(), actor, params.id, status));
	},
	booking: async ({ locals, params, request }) => {
		const values = formFields(await request.formData(), [
			'title',
			'bayId',
			'technicianId',
			'scheduledStart',
			'scheduledEnd'
		]);
		const parsed = v.safeParse(JobAssignmentSchema, values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.issues) });
		return act(locals, (actor) => jobs.updateJobBooking(getDb(), actor, params.id, parsed.output));
	},
	start: async ({ locals, params }) =>
		act(locals, (actor) => jobs.startTimer(getDb(), actor, params.id)),
	stop: async ({ locals, params }) =>
		act(locals, (actor) => jobs.stopTimer(getDb(), actor, params.id)),
	logTime: async ({ locals, params, request }) => {
		const values = formFields(await request.formData(), ['minutes', 'note']);
		const parsed = v.safeParse(TimeEntrySchema, values);
		if (!parsed.success) return fail(400, { timeErrors: fieldErrors(parsed.issues) });
		return act(locals, (actor) => jobs.addTimeEntry(getDb(), actor, params.id, parsed.output));
	},
	note: async ({ locals, params, request }) => {
		const parsed = v.safeParse(NoteSchema, formFields(await request.formData(), ['body']));
		if (!parsed.success) return fail(400, { noteErrors: fieldErrors(parsed.issues) });
		return act(locals, (actor) => jobs.addJobNote(getDb(), actor, params.id, parsed.output.body));
	}
};
