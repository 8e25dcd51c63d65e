import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { fieldErrors, formFields } from '$lib/schemas/auth';
import { JOB_BOOKING_FIELDS, JobBookingSchema } from '$lib/schemas/shop';
import { listVehiclesWithCustomers } from '$lib/server/customers';
import { getDb } from '$lib/server/db';
import { createJob, listAssignableMembers, listBays } from '$lib/server/jobs';
import { actorAllowedTo } from '$lib/server/shops/actor';
import { shopActionFailure } from '$lib/server/shops/http-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, parent, url }) => {
	await parent();
	const actor = actorAllowedTo(locals, 'jobs.book');
	const db = getDb();
	const [vehicles, bays, members] = await Promise.all([
		listVehiclesWithCustomers(db, actor),
		listBays(db, actor),
		listAssignableMembers(db, actor)
	]);
	return {
		vehicleId: url.searchParams.get('vehicle') ?? '',
		vehicles: vehicles.map((c) => ({ id: c.id, name: c.name, customerName: c.customerName })),
		bays,
		members: members.map((m) => ({ id: m.id, name: m.name }))
	};
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const actor = actorAllowedTo(locals, 'jobs.book');
		const values = formFields(await request.formData(), JOB_BOOKING_FIELDS);
		const parsed = v.safeParse(JobBookingSchema, values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.issues) });
		let id: string;
		try {
			({ id } = await createJob(getDb(), actor, parsed.output));
		} catch (err) {
			return shopActionFailure(err, { values });
		}
		redirect(303, `/jobs/${id}`);
	}
};
