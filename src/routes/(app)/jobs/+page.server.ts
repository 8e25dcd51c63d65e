import { JOB_STATUS_NAMES } from '$lib/schemas/shop';
import { getDb } from '$lib/server/db';
import { listJobs } from '$lib/server/jobs';
import { actorFrom } from '$lib/server/shops/actor';
import { shopHttpError } from '$lib/server/shops/http-errors';
import { can } from '$lib/server/shops/permissions';
import type { PageServerLoad } from './$types';

/** Open work by default: everything not yet invoiced; `?status=` picks one status. */
export const load: PageServerLoad = async ({ locals, parent, url }) => {
	await parent();
	const actor = actorFrom(locals);
	const asked = url.searchParams.get('status');
	const status = JOB_STATUS_NAMES.find((s) => s === asked) ?? null;
	const jobs = await listJobs(getDb(), actor, {
		status: status ? [status] : JOB_STATUS_NAMES.filter((s) => s !== 'invoiced')
	}).catch(shopHttpError);
	return {
		status,
		canBook: can(actor.role, 'jobs.book'),
		jobs: jobs.map((j) => ({
			id: j.id,
			number: j.number,
			title: j.title,
			status: j.status,
			vehicleName: j.vehicleName,
			customerName: j.customerName,
			bayName: j.bayName,
			technicianName: j.technicianName,
			scheduledStart: j.scheduledStart
		}))
	};
};
