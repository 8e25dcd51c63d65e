import { fail, redirect } from '@sveltejs/kit';
import { shippedProfiles } from '$lib/safety';
import { requireSession } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { httpErrorFor } from '$lib/server/http';
import {
	DEFAULT_BASE_PROFILE_ID,
	VehicleInputError,
	VehicleProfileInvalidError,
	createVehicle,
	listVehicles
} from '$lib/server/vehicle-safety';
import type { Actions, PageServerLoad } from './$types';

/** A minimal vehicle list and intake form; issue "Customers and vehicles" builds full management. */
export const load: PageServerLoad = async ({ parent }) => {
	const { shop } = await parent();
	const vehicles = await listVehicles(getDb(), shop.id);
	return {
		vehicles: vehicles.map((v) => ({
			id: v.id,
			name: v.name,
			make: v.make,
			model: v.model,
			year: v.year,
			vin: v.vin,
			profile: v.profile
		})),
		bases: shippedProfiles.map((p) => ({ id: p.id, name: p.name })),
		defaultBase: DEFAULT_BASE_PROFILE_ID
	};
};

const TEXT_FIELDS = ['name', 'make', 'model', 'vin', 'year', 'baseProfileId'] as const;

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const { user, shop } = requireSession(locals);
		const form = await request.formData();
		const values = Object.fromEntries(
			TEXT_FIELDS.map((f) => [f, String(form.get(f) ?? '').trim()])
		) as Record<(typeof TEXT_FIELDS)[number], string>;
		const year = values.year === '' ? null : Number(values.year);
		const created = await createVehicle(getDb(), {
			shopId: shop.id,
			userId: user.id,
			vehicle: { ...values, year },
			baseProfileId: values.baseProfileId || undefined
		}).catch((err: unknown) => {
			if (err instanceof VehicleInputError)
				return fail(400, { issues: { ...err.issues } as Record<string, string>, values });
			if (err instanceof VehicleProfileInvalidError)
				return fail(400, {
					issues: { baseProfileId: 'Pick a shipped base profile' } as Record<string, string>,
					values
				});
			return httpErrorFor(err);
		});
		if ('id' in created) redirect(303, `/vehicles/${created.id}/safety`);
		return created;
	}
};
