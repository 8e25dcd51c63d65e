import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { getDb } from '$lib/server/db';
import { requireShopUser } from '$lib/server/guards';
import { httpErrorFor } from '$lib/server/http';
import { recordSafetyAction } from '$lib/server/safety';
import { SafetyActionRequestSchema } from '$lib/schemas/safety-action';
import type { RequestHandler } from './$types';

/**
 * Records an acknowledgement or override in the shop's audit chain. The role is the server's view of the user, never
 * the client's; only after a 201 does the client release the latch in its worker.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	const { user, shop } = requireShopUser(locals);
	const parsed = v.safeParse(SafetyActionRequestSchema, await request.json().catch(() => null));
	if (!parsed.success) error(400, `invalid safety action: ${v.summarize(parsed.issues)}`);
	const entry = await recordSafetyAction(getDb(), {
		shopId: shop.id,
		userId: user.id,
		...parsed.output
	}).catch(httpErrorFor);
	return json({ seq: entry.seq, hash: entry.hash }, { status: 201 });
};
