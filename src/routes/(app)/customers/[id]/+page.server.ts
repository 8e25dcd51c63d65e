import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { shippedProfiles } from '$lib/safety';
import { fieldErrors, formFields } from '$lib/schemas/auth';
import { VEHICLE_FIELDS, VehicleSchema } from '$lib/schemas/shop';
import {
	getCustomer,
	InvalidVinError,
	listVehiclesWithCustomers,
	registerVehicle
} from '$lib/server/customers';
import { getDb } from '$lib/server/db';
import { listJobs } from '$lib/server/jobs';
import { actorFrom } from '$lib/server/shops/actor';
import { shopActionFailure, shopHttpError } from '$lib/server/shops/http-errors';
import { can } from '$lib/server/shops/permissions';
import { VehicleInputError } from '$lib/server/vehicle-safety';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent();
	const actor = actorFrom(locals);
	const db = getDb();
	const customer = await getCustomer(db, actor, params.id).catch(shopHttpError);
	const [vehicles, jobs] = await Promise.all([
		listVehiclesWithCustomers(db, actor, { customerId: customer.id }),
		listJobs(db, actor, { customerId: customer.id })
	]);
	return {
		customer: {
			id: customer.id,
			name: customer.name,
			email: customer.email,
			phone: customer.phone,
			notes: customer.notes
		},
		vehicles: vehicles.map((c) => ({ id: c.id, name: c.name, vin: c.vin, year: c.year })),
		jobs: jobs.map((j) => ({
			id: j.id,
			number: j.number,
			title: j.title,
			status: j.status,
			vehicleName: j.vehicleName
		})),
		canEdit: can(actor.role, 'customers.edit'),
		canAddVehicle: can(actor.role, 'vehicles.edit'),
		bases: shippedProfiles.map((p) => ({ id: p.id, name: p.name }))
	};
};

export const actions: Actions = {
	addVehicle: async ({ locals, params, request }) => {
		const actor = actorFrom(locals);
		const vehicleValues = formFields(await request.formData(), VEHICLE_FIELDS);
		const parsed = v.safeParse(VehicleSchema, vehicleValues);
		if (!parsed.success)
			return fail(400, { vehicleValues, vehicleErrors: fieldErrors(parsed.issues) });
		let id: string;
		try {
			const { vehicle } = await registerVehicle(getDb(), actor, params.id, {
				...parsed.output,
				baseProfileId: parsed.output.baseProfileId ?? undefined
			});
			id = vehicle.id;
		} catch (err) {
			if (err instanceof InvalidVinError)
				return fail(400, {
					vehicleValues,
					vehicleErrors: { vin: err.message },
					confirmVin: err.confirmable
				});
			if (err instanceof VehicleInputError)
				return fail(400, { vehicleValues, vehicleErrors: { ...err.issues } });
			return shopActionFailure(err, { vehicleValues });
		}
		redirect(303, `/vehicles/${id}`);
	}
};
