import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { getDb } from '$lib/server/db';
import { requireShopUser } from '$lib/server/guards';
import { httpErrorFor } from '$lib/server/http';
import { ensureLog } from '$lib/server/timeseries';
import { LogCreateSchema, LogIdSchema } from '$lib/schemas/log';
import type { RequestHandler } from './$types';

/** Idempotent: the recorder picks the id (it may be offline), and a retried PUT finds the log already there. */
export const PUT: RequestHandler = async ({ params, request, locals }) => {
	const { user, shop } = requireShopUser(locals);
	if (!v.is(LogIdSchema, params.id)) error(400, 'log id must be a UUID');
	const parsed = v.safeParse(LogCreateSchema, await request.json().catch(() => null));
	if (!parsed.success) error(400, `invalid log: ${v.summarize(parsed.issues)}`);
	const body = parsed.output;
	const { created } = await ensureLog(getDb(), {
		id: params.id,
		shopId: shop.id,
		createdBy: user.id,
		vehicleId: body.vehicleId ?? null,
		name: body.name,
		startedAt: new Date(body.startedAt),
		channels: body.channels.map((c) => ({
			name: c.name,
			unit: c.unit,
			min: c.min ?? 0,
			max: c.max ?? 0
		}))
	}).catch(httpErrorFor);
	return json({ id: params.id, created }, { status: created ? 201 : 200 });
};
