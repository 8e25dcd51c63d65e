import { listAudit, verifyAuditChain } from '$lib/server/audit';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

/** The shop's safety audit trail, newest first, with the chain re-verified on every view. */
export const load: PageServerLoad = async ({ parent, url }) => {
	const { shop } = await parent();
	const db = getDb();
	const after = Math.max(0, Number(url.searchParams.get('after') ?? 0) || 0);
	const [entries, chain] = await Promise.all([
		listAudit(db, shop.id, { afterSeq: after, limit: 200 }),
		verifyAuditChain(db, shop.id)
	]);
	return {
		chain,
		entries: entries.reverse().map((e) => ({
			seq: e.seq,
			at: e.at,
			role: e.role,
			action: e.action,
			ruleId: e.ruleId,
			reason: e.reason,
			hash: e.hash.slice(0, 16)
		}))
	};
};
