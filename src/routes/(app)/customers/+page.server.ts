import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { fieldErrors, formFields } from '$lib/schemas/auth';
import { CUSTOMER_FIELDS, CustomerSchema } from '$lib/schemas/shop';
import { createCustomer, listCustomers } from '$lib/server/customers';
import { getDb } from '$lib/server/db';
import { actorFrom } from '$lib/server/shops/actor';
import { shopActionFailure, shopHttpError } from '$lib/server/shops/http-errors';
import { can } from '$lib/server/shops/permissions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, parent, url }) => {
	await parent();
	const actor = actorFrom(locals);
	const q = url.searchParams.get('q') ?? '';
	const customers = await listCustomers(getDb(), actor, { q }).catch(shopHttpError);
	return {
		q,
		canEdit: can(actor.role, 'customers.edit'),
		customers: customers.map((c) => ({ id: c.id, name: c.name, email: c.email, phone: c.phone }))
	};
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const actor = actorFrom(locals);
		const values = formFields(await request.formData(), CUSTOMER_FIELDS);
		const parsed = v.safeParse(CustomerSchema, values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.issues) });
		let id: string;
		try {
			({ id } = await createCustomer(getDb(), actor, parsed.output));
		} catch (err) {
			return shopActionFailure(err, { values });
		}
		redirect(303, `/customers/${id}`);
	}
};
