import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { fieldErrors, formFields } from '$lib/schemas/auth';
import { CUSTOMER_FIELDS, CustomerSchema } from '$lib/schemas/shop';
import { getCustomer, updateCustomer } from '$lib/server/customers';
import { getDb } from '$lib/server/db';
import { actorAllowedTo, actorFrom } from '$lib/server/shops/actor';
import { shopActionFailure, shopHttpError } from '$lib/server/shops/http-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent();
	const actor = actorAllowedTo(locals, 'customers.edit');
	const c = await getCustomer(getDb(), actor, params.id).catch(shopHttpError);
	return { customer: { id: c.id, name: c.name, email: c.email, phone: c.phone, notes: c.notes } };
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const actor = actorFrom(locals);
		const values = formFields(await request.formData(), CUSTOMER_FIELDS);
		const parsed = v.safeParse(CustomerSchema, values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.issues) });
		try {
			await updateCustomer(getDb(), actor, params.id, parsed.output);
		} catch (err) {
			return shopActionFailure(err, { values });
		}
		redirect(303, `/customers/${params.id}`);
	}
};
