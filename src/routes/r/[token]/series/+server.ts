import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { resolveReportLink } from '$lib/server/reports';
import { parseSeriesQuery } from '$lib/server/series-query';
import { queryChannel } from '$lib/server/timeseries';
import type { RequestHandler } from './$types';

/** The report's chart data; the token grants exactly one log, read-only. */
export const GET: RequestHandler = async ({ params, url }) => {
	const db = getDb();
	const report = await resolveReportLink(db, params.token);
	if (!report) error(404, 'Not found');
	const query = parseSeriesQuery(url);
	return json(await queryChannel(db, { shopId: report.shop.id, logId: report.log.id, ...query }));
};
