import { json } from '@sveltejs/kit';
import { verifyAuditChain } from '$lib/server/audit';
import { getDb } from '$lib/server/db';
import { requireShopUser } from '$lib/server/guards';
import type { RequestHandler } from './$types';

/** Walks the shop's audit chain and says whether every link and hash holds, or where it first breaks. */
export const GET: RequestHandler = async ({ locals }) => {
	const { shop } = requireShopUser(locals);
	return json(await verifyAuditChain(getDb(), shop.id));
};
