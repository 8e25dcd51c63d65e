import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { env } from '$env/dynamic/private';
import { authHandle } from '$lib/server/auth/handle';
import { bodySizeLimit } from '$lib/server/body-limit';
import { getDb, migrate } from '$lib/server/db';
import { log } from '$lib/server/log';
import { securityHeaders } from '$lib/server/security-headers';
import { seedDemo } from '$lib/server/seed';

export const init: ServerInit = async () => {
	const db = getDb();
	await migrate(db);
	// A known password is fine on a laptop and wrong on the internet: a public deployment sets SEED_DEMO=false.
	if (env.SEED_DEMO !== 'false') {
		const demo = await seedDemo(db, { password: env.DEMO_PASSWORD || undefined });
		log.info(`Demo login: ${demo.email} / ${demo.password} (shop "${demo.shopName}")`);
	}
};

export const handle = sequence(securityHeaders, bodySizeLimit, authHandle);

/** kit docs "Hooks" §handleError: log the whole error server-side, show the user only an id to quote. */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const errorId = crypto.randomUUID();
	log.error(
		{ err: error, errorId, status, method: event.request.method, route: event.route.id },
		'unhandled error'
	);
	return { message: status === 404 ? message : 'An unexpected error occurred', errorId };
};
