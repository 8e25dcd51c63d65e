import { fail } from '@sveltejs/kit';
import { assignVehicleCustomer, getVehicleHistory, listCustomers } from '$lib/server/customers';
import { getDb } from '$lib/server/db';
import { actorFrom } from '$lib/server/shops/actor';
import { shopActionFailure, shopHttpError } from '$lib/server/shops/http-errors';
import { can } from '$lib/server/shops/permissions';
import type { Actions, PageServerLoad } from './$types';

/** A vehicle and its history in the shop: jobs and logs. Its safety profile has its own page beside this one. */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent();
	const actor = actorFrom(locals);
	const db = getDb();
	const { vehicle, jobs, logs } = await getVehicleHistory(db, actor, params.id).catch(
		shopHttpError
	);
	const canEdit = can(actor.role, 'vehicles.edit');
	const customers = canEdit ? await listCustomers(db, actor, { limit: 500 }) : [];
	return {
		vehicle: {
			id: vehicle.id,
			name: vehicle.name,
			make: vehicle.make,
			model: vehicle.model,
			year: vehicle.year,
			vin: vehicle.vin,
			customerId: vehicle.customerId,
			customerName: vehicle.customerName
		},
		jobs: jobs.map((j) => ({
			id: j.id,
			number: j.number,
			title: j.title,
			status: j.status,
			scheduledStart: j.scheduledStart,
			createdAt: j.createdAt.toISOString()
		})),
		logs: logs.map((l) => ({
			id: l.id,
			name: l.name,
			startedAt: l.startedAt.toISOString(),
			durationS: l.durationUs / 1e6
		})),
		canEdit,
		canBook: can(actor.role, 'jobs.book'),
		customers: customers.map((c) => ({ id: c.id, name: c.name }))
	};
};

export const actions: Actions = {
	assignCustomer: async ({ locals, params, request }) => {
		const actor = actorFrom(locals);
		const customerId = (await request.formData()).get('customerId');
		if (typeof customerId !== 'string' || !customerId)
			return fail(400, { message: 'Choose a customer' });
		try {
			await assignVehicleCustomer(getDb(), actor, params.id, customerId);
		} catch (err) {
			return shopActionFailure(err);
		}
		return { assigned: true };
	}
};
