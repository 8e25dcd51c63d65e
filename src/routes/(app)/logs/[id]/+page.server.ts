import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { httpErrorFor } from '$lib/server/http';
import { createReportLink, listReportLinks, revokeReportLink } from '$lib/server/reports';
import { currentLogSafetyReport } from '$lib/server/safety';
import { channelPeaks, getLog } from '$lib/server/timeseries';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, parent }) => {
	const { shop } = await parent();
	const db = getDb();
	const log = await getLog(db, shop.id, params.id).catch(httpErrorFor);
	const [peaks, links, safety] = await Promise.all([
		channelPeaks(db, shop.id, log.id),
		listReportLinks(db, shop.id, log.id),
		currentLogSafetyReport(db, shop.id, log.id)
	]);
	return {
		log: {
			id: log.id,
			name: log.name,
			startedAt: log.startedAt.toISOString(),
			durationUs: log.durationUs,
			samples: log.sampleCount,
			channels: log.channels
		},
		peaks,
		safety,
		links: links.map((l) => ({
			id: l.id,
			createdAt: l.createdAt.toISOString(),
			expiresAt: l.expiresAt.toISOString(),
			revoked: l.revokedAt !== null
		}))
	};
};

export const actions: Actions = {
	share: async ({ params, request, locals, url }) => {
		if (!locals.user || !locals.shop) return fail(401, { message: 'Sign in first' });
		const days = Number((await request.formData()).get('days') ?? 7);
		if (!Number.isInteger(days) || days < 1 || days > 90)
			return fail(400, { message: 'A link lasts 1 to 90 days', days });
		const { token } = await createReportLink(getDb(), {
			shopId: locals.shop.id,
			logId: params.id,
			userId: locals.user.id,
			ttlDays: days
		}).catch(httpErrorFor);
		return { shareUrl: `${url.origin}/r/${token}` };
	},
	revoke: async ({ request, locals }) => {
		if (!locals.shop) return fail(401, { message: 'Sign in first' });
		const linkId = String((await request.formData()).get('linkId') ?? '');
		await revokeReportLink(getDb(), locals.shop.id, linkId).catch(httpErrorFor);
		return { revoked: linkId };
	}
};
