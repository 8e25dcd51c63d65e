import { getDb } from '$lib/server/db';
import { httpErrorFor } from '$lib/server/http';
import { loadLogAnalytics, setLogVehicle } from '$lib/server/log-analytics';
import { actorFrom } from '$lib/server/shops';
import { shopActionFailure } from '$lib/server/shops/http-errors';
import type { Actions, PageServerLoad } from './$types';

/** Summaries, time in zones, fuel economy (`?fuel=`) and drift against the vehicle's earlier logs. */
export const load: PageServerLoad = async ({ params, parent, url }) => {
	const { shop } = await parent();
	return loadLogAnalytics(getDb(), shop.id, params.id, url.searchParams).catch(httpErrorFor);
};

export const actions: Actions = {
	/** Links the log to a vehicle (empty: unlinks), so drift can compare it with that vehicle's logs. */
	vehicle: async ({ params, request, locals }) => {
		const vehicleId = String((await request.formData()).get('vehicleId') ?? '').trim();
		try {
			await setLogVehicle(getDb(), actorFrom(locals), params.id, vehicleId || null);
		} catch (err) {
			return shopActionFailure(err);
		}
		return { linked: vehicleId || null };
	}
};
