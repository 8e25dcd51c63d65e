import { getDb } from '$lib/server/db';
import { loadRunsCompareView } from '$lib/server/dyno-runs';
import { httpErrorFor } from '$lib/server/http';
import type { PageServerLoad } from './$types';

/**
 * `?runs=run:<id>,log:<id>:<pull>`: imported dyno runs and virtual-dyno runs of logged pulls on one rpm axis,
 * each with its delta to the first; the dyno form's fields set up the virtual runs.
 */
export const load: PageServerLoad = async ({ parent, url }) => {
	const { shop } = await parent();
	return loadRunsCompareView(getDb(), shop.id, url.searchParams).catch(httpErrorFor);
};
