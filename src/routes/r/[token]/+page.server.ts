import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { resolveReportLink } from '$lib/server/reports';
import { currentLogSafetyReport } from '$lib/server/safety';
import { channelPeaks } from '$lib/server/timeseries';
import type { PageServerLoad } from './$types';

/** A customer's report: no account, only what the link grants (ARCHITECTURE.md "Tenancy and roles"). */
export const load: PageServerLoad = async ({ params }) => {
	const db = getDb();
	const report = await resolveReportLink(db, params.token);
	if (!report) error(404, 'This report link does not exist, has expired or was revoked.');
	const [peaks, safety] = await Promise.all([
		channelPeaks(db, report.shop.id, report.log.id),
		currentLogSafetyReport(db, report.shop.id, report.log.id)
	]);
	return {
		shop: { name: report.shop.name },
		vehicle: report.vehicle && {
			name: report.vehicle.name,
			make: report.vehicle.make,
			model: report.vehicle.model,
			year: report.vehicle.year
		},
		log: {
			name: report.log.name,
			startedAt: report.log.startedAt.toISOString(),
			durationUs: report.log.durationUs,
			channels: report.log.channels
		},
		peaks,
		safety
	};
};
