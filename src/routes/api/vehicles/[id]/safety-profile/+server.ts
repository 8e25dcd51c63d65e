import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { requireShopUser } from '$lib/server/guards';
import { httpErrorFor } from '$lib/server/http';
import { getVehicleSafetyProfile } from '$lib/server/vehicle-safety';
import type { RequestHandler } from './$types';

/**
 * The vehicle's merged safety profile (its newest version on its shipped base), ready for the live worker's
 * `setProfile`. Another shop's vehicle answers 404, exactly like a missing one.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const { shop } = requireShopUser(locals);
	const current = await getVehicleSafetyProfile(getDb(), shop.id, params.id).catch(httpErrorFor);
	return json(current.profile, { headers: { 'cache-control': 'private, no-store' } });
};
