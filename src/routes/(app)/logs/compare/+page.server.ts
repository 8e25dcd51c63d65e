import { getDb } from '$lib/server/db';
import { loadCompareView } from '$lib/server/dyno';
import { httpErrorFor } from '$lib/server/http';
import type { PageServerLoad } from './$types';

/** `?a=&b=`: two logs' dyno runs on one rpm axis and one channel on one time axis, each with b − a. */
export const load: PageServerLoad = async ({ parent, url }) => {
	const { shop } = await parent();
	return loadCompareView(getDb(), shop.id, url.searchParams).catch(httpErrorFor);
};
