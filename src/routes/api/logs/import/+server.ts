import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { getDb } from '$lib/server/db';
import { requireShopUser } from '$lib/server/guards';
import { IMPORT_LIMITS, ImportQuerySchema, importHttpError, importLog } from '$lib/server/imports';
import type { RequestHandler } from './$types';

/**
 * A log file (MLG, TunerStudio or generic CSV) as the raw request body, parsed and stored as it streams in.
 * 201 with the new log's id; 422 with where the file is damaged (nothing stored unless `keepPartial=1`).
 */
export const POST: RequestHandler = async ({ request, url, locals }) => {
	const { user, shop } = requireShopUser(locals);
	const parsed = v.safeParse(ImportQuerySchema, Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, `invalid import: ${v.summarize(parsed.issues)}`);
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > IMPORT_LIMITS.maxBytes)
		error(413, `the file's ${declared} bytes exceed the import limit of ${IMPORT_LIMITS.maxBytes}`);
	if (!request.body) error(400, 'send the file as the request body');
	const { name, format, keepPartial, mapping } = parsed.output;
	const outcome = await importLog(getDb(), {
		shopId: shop.id,
		createdBy: user.id,
		name,
		format,
		keepPartial,
		csv: mapping,
		body: request.body
	}).catch(importHttpError);
	return json(outcome, { status: outcome.status === 'imported' ? 201 : 422 });
};
