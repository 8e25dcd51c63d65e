import { getDb } from '$lib/server/db';
import { listLogs } from '$lib/server/timeseries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
	const { shop } = await parent();
	const logs = await listLogs(getDb(), shop.id, { limit: 100 });
	return {
		logs: logs.map((l) => ({
			id: l.id,
			name: l.name,
			startedAt: l.startedAt.toISOString(),
			durationS: l.durationUs / 1e6,
			samples: l.sampleCount
		}))
	};
};
