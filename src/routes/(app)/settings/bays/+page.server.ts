import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { fieldErrors, formFields } from '$lib/schemas/auth';
import { BaySchema } from '$lib/schemas/shop';
import { getDb } from '$lib/server/db';
import { createBay, deleteBay, listBays } from '$lib/server/jobs';
import { actorFrom } from '$lib/server/shops/actor';
import { shopActionFailure, shopHttpError } from '$lib/server/shops/http-errors';
import { can } from '$lib/server/shops/permissions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, parent }) => {
	await parent();
	const actor = actorFrom(locals);
	return {
		bays: await listBays(getDb(), actor).catch(shopHttpError),
		canManage: can(actor.role, 'bays.manage')
	};
};

export const actions: Actions = {
	add: async ({ locals, request }) => {
		const actor = actorFrom(locals);
		const values = formFields(await request.formData(), ['name']);
		const parsed = v.safeParse(BaySchema, values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.issues) });
		try {
			await createBay(getDb(), actor, parsed.output.name);
		} catch (err) {
			return shopActionFailure(err, { values });
		}
		return { added: parsed.output.name };
	},
	remove: async ({ locals, request }) => {
		const actor = actorFrom(locals);
		const bayId = String((await request.formData()).get('bayId') ?? '');
		try {
			await deleteBay(getDb(), actor, bayId);
		} catch (err) {
			return shopActionFailure(err);
		}
		return { removed: true };
	}
};
