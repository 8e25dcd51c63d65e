import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { requireShopUser } from '$lib/server/guards';
import { httpErrorFor } from '$lib/server/http';
import { parseSeriesQuery } from '$lib/server/series-query';
import { queryChannel } from '$lib/server/timeseries';
import type { RequestHandler } from './$types';

/** A channel's window, decimated on the server: `?channel=RPM&from=0&to=10000000&points=1600` (times in µs). */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const { shop } = requireShopUser(locals);
	const query = parseSeriesQuery(url);
	const window = await queryChannel(getDb(), { shopId: shop.id, logId: params.id, ...query }).catch(
		httpErrorFor
	);
	return json(window);
};
