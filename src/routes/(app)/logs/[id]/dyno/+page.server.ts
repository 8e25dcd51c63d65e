import { getDb } from '$lib/server/db';
import { loadDynoView } from '$lib/server/dyno';
import { httpErrorFor } from '$lib/server/http';
import type { PageServerLoad } from './$types';

/** The virtual dyno of one log; the form travels in the URL (GET), so a run can be bookmarked. */
export const load: PageServerLoad = async ({ params, parent, url }) => {
	const { shop } = await parent();
	return loadDynoView(getDb(), shop.id, params.id, url.searchParams).catch(httpErrorFor);
};
