import { env } from '$env/dynamic/private';
import { Redis } from 'ioredis';
import { log } from '$lib/server/log';
import { createAuthLimits, type AuthLimits } from './rate-limit';

let limits: AuthLimits | undefined;

/**
 * The app's limiter: Redis-backed when `REDIS_URL` is set, so every replica shares one count, else in memory.
 * Created on first use so importing a route never opens a connection.
 */
export function getAuthLimits(): AuthLimits {
	if (limits) return limits;
	let redis: Redis | undefined;
	if (env.REDIS_URL) {
		redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
		// ioredis reconnects by itself; without a listener every failed attempt prints an "Unhandled error event".
		redis.on('error', (err) => log.warn({ err }, 'redis (auth limits) error'));
	}
	limits = createAuthLimits({ redis });
	return limits;
}
