import { getDb } from '$lib/server/db';
import { DYNO_CORRECTION_LABELS, listDynoRuns, listVehicleChoices } from '$lib/server/dyno-runs';
import type { PageServerLoad } from './$types';

/** The shop's imported dyno runs, newest first; `?vehicle=` narrows to one vehicle. */
export const load: PageServerLoad = async ({ parent, url }) => {
	const { shop } = await parent();
	const db = getDb();
	const vehicleId = url.searchParams.get('vehicle') || undefined;
	const [runs, vehicles] = await Promise.all([
		listDynoRuns(db, shop.id, { vehicleId }),
		listVehicleChoices(db, shop.id)
	]);
	return {
		vehicles,
		vehicleId: vehicleId ?? '',
		runs: runs.map((r) => ({
			id: r.id,
			name: r.name,
			vehicleName: r.vehicleName,
			jobNumber: r.jobNumber,
			tuneVersionId: r.tuneVersionId,
			source: r.source,
			correction: DYNO_CORRECTION_LABELS[r.correction],
			peaks: r.peaks,
			createdAt: r.createdAt.toISOString()
		}))
	};
};
