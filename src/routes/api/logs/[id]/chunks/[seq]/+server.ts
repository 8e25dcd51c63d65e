import { error, isHttpError, json } from '@sveltejs/kit';
import { CHUNK_LIMITS, decodeChunk } from '$lib/logs/chunk-format';
import { getDb } from '$lib/server/db';
import { requireShopUser } from '$lib/server/guards';
import { ingestChunk } from '$lib/server/timeseries';
import { httpErrorFor, readBodyCapped } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * One recorded chunk. The (log id, seq) pair is the idempotency key: the answer comes only after the commit, and a
 * replay answers 200 'duplicate' without changing anything (ARCHITECTURE.md "Recording is loss-proof").
 */
export const PUT: RequestHandler = async ({ params, request, locals }) => {
	const { shop } = requireShopUser(locals);
	const seq = Number(params.seq);
	if (!Number.isInteger(seq) || seq < 0) error(400, 'seq must be a non-negative integer');
	const bytes = await readBodyCapped(request, CHUNK_LIMITS.maxBytes);
	try {
		const chunk = decodeChunk(bytes);
		if (chunk.seq !== seq) error(400, `body is chunk ${chunk.seq}, URL says ${seq}`);
		const result = await ingestChunk(getDb(), {
			shopId: shop.id,
			logId: params.id,
			seq,
			channels: chunk.channels
		});
		return json(result, { status: result.status === 'stored' ? 201 : 200 });
	} catch (err) {
		if (isHttpError(err)) throw err;
		httpErrorFor(err);
	}
};
