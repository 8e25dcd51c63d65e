import type { Redis } from 'ioredis';
import {
	RateLimiterMemory,
	RateLimiterRedis,
	RateLimiterRes,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';

/**
 * Limits follow rate-limiter-flexible's "Login endpoint protection" recipe, itself after OWASP's Authentication
 * Cheat Sheet: consecutive failures are counted per (account, IP) pair, so an attacker hammering an account
 * from one address blocks only that pair and never the owner signing in from elsewhere; a looser per-IP daily
 * budget stops one address spraying many accounts. All durations are seconds.
 */
export interface AuthLimitsOptions {
	/** ioredis client shared by every replica; absent → per-process memory (one replica, dev, tests). */
	redis?: Redis;
	/** Namespaces the Redis keys. @default 'cartech' */
	keyPrefix?: string;
	/** Failed attempts a pair may make before it is blocked. @default 5 */
	maxConsecutiveFailsByAccountAndIp?: number;
	/** How long a pair's failures are remembered; "consecutive" means only a success clears them. @default 86400 */
	accountAndIpWindow?: number;
	/** @default 900 */
	accountAndIpBlock?: number;
	/** Failed attempts one IP may make per window, across all accounts. @default 100 */
	maxFailsByIp?: number;
	/** @default 86400 */
	ipWindow?: number;
	/** @default 86400 */
	ipBlock?: number;
	/** Accounts one IP may create per window. @default 5 */
	maxSignUpsByIp?: number;
	/** @default 3600 */
	signUpWindow?: number;
}

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface AuthLimits {
	/**
	 * Counts one sign-in attempt against the pair and the IP before the password is checked, so parallel
	 * requests cannot all slip in under the limit. Call {@link AuthLimits.recordSignInSuccess} after a success.
	 */
	reserveSignIn(email: string, ip: string): Promise<LimitDecision>;
	/** Clears the pair's failures and refunds the IP its point: legitimate sign-ins never use up a budget. */
	recordSignInSuccess(email: string, ip: string): Promise<void>;
	reserveSignUp(ip: string): Promise<LimitDecision>;
}

function limiter(
	options: AuthLimitsOptions,
	name: string,
	points: number,
	duration: number,
	blockDuration: number
): RateLimiterAbstract {
	const keyPrefix = `${options.keyPrefix ?? 'cartech'}:${name}`;
	const memory = new RateLimiterMemory({ keyPrefix, points, duration, blockDuration });
	if (!options.redis) return memory;
	// While Redis is down each replica falls back to its own memory limiter rather than failing open or
	// waiting on ioredis's offline queue.
	return new RateLimiterRedis({
		storeClient: options.redis,
		keyPrefix,
		points,
		duration,
		blockDuration,
		rejectIfRedisNotReady: true,
		insuranceLimiter: memory
	});
}

function retryAfter(res: RateLimiterRes): number {
	return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

async function take(l: RateLimiterAbstract, key: string): Promise<LimitDecision> {
	try {
		await l.consume(key);
		return { allowed: true };
	} catch (err) {
		if (err instanceof RateLimiterRes)
			return { allowed: false, retryAfterSeconds: retryAfter(err) };
		throw new Error('rate limiter store failed', { cause: err });
	}
}

/** Lower-cased and trimmed like the `user.email` column, so `Bob@x` and `bob@x ` share one counter. */
function pairKey(email: string, ip: string): string {
	return `${email.trim().toLowerCase()}|${ip}`;
}

export function createAuthLimits(options: AuthLimitsOptions = {}): AuthLimits {
	const byPair = limiter(
		options,
		'signin-pair',
		options.maxConsecutiveFailsByAccountAndIp ?? 5,
		options.accountAndIpWindow ?? 86_400,
		options.accountAndIpBlock ?? 900
	);
	const byIp = limiter(
		options,
		'signin-ip',
		options.maxFailsByIp ?? 100,
		options.ipWindow ?? 86_400,
		options.ipBlock ?? 86_400
	);
	const signUps = limiter(
		options,
		'signup-ip',
		options.maxSignUpsByIp ?? 5,
		options.signUpWindow ?? 3600,
		0
	);

	return {
		async reserveSignIn(email, ip) {
			const ipDecision = await take(byIp, ip);
			if (!ipDecision.allowed) return ipDecision;
			return take(byPair, pairKey(email, ip));
		},
		async recordSignInSuccess(email, ip) {
			await Promise.all([byPair.delete(pairKey(email, ip)), byIp.reward(ip, 1)]);
		},
		reserveSignUp: (ip) => take(signUps, ip)
	};
}
