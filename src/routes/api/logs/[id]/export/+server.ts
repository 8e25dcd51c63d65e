import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { requireShopUser } from '$lib/server/guards';
import { httpErrorFor } from '$lib/server/http';
import {
	contentDisposition,
	downloadLog,
	EXPORT_FORMATS,
	type ExportFormat
} from '$lib/server/log-export';
import type { RequestHandler } from './$types';

/**
 * The log as a file: `?format=mlg` (MegaLogViewer MLG v2, the default), `csv` (spreadsheets) or `msl`
 * (MegaLogViewer/TunerStudio text). Streamed from the database as the client reads it.
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const { shop } = requireShopUser(locals);
	const format = (url.searchParams.get('format') ?? 'mlg') as ExportFormat;
	if (!EXPORT_FORMATS.includes(format))
		error(400, `format must be one of ${EXPORT_FORMATS.join(', ')}`);
	const file = await downloadLog(getDb(), shop.id, params.id, format).catch(httpErrorFor);
	return new Response(file.body, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': contentDisposition(file.fileName),
			'cache-control': 'private, no-store'
		}
	});
};
