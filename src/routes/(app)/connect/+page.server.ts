import { getDb } from '$lib/server/db';
import { listVehicles } from '$lib/server/vehicle-safety';
import type { PageServerLoad } from './$types';

/** The shop's vehicles, so a live session is judged by the vehicle's safety profile and its logs belong to it. */
export const load: PageServerLoad = async ({ parent }) => {
	const { shop } = await parent();
	const vehicles = await listVehicles(getDb(), shop.id);
	return { vehicles: vehicles.map((v) => ({ id: v.id, name: v.name })) };
};
