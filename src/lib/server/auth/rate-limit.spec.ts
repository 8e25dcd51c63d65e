import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuthLimits, type AuthLimitsOptions } from './rate-limit';

const REDIS_URL = process.env.REDIS_URL;
const runId = `cartech-test-${crypto.randomUUID()}`;
let redis: Redis | undefined;

afterAll(async () => {
	if (!redis) return;
	const keys = await redis.keys(`${runId}*`);
	if (keys.length) await redis.del(...keys);
	await redis.quit();
});

const backends: [string, () => Pick<AuthLimitsOptions, 'redis' | 'keyPrefix'>][] = [
	['memory', () => ({})],
	...(REDIS_URL
		? [
				[
					'redis',
					() => {
						redis ??= new Redis(REDIS_URL);
						return { redis, keyPrefix: `${runId}:${crypto.randomUUID()}` };
					}
				] as [string, () => Pick<AuthLimitsOptions, 'redis' | 'keyPrefix'>]
			]
		: [])
];

describe.each(backends)('auth limits (%s)', (_name, backend) => {
	const make = (o: AuthLimitsOptions = {}) =>
		createAuthLimits({
			maxConsecutiveFailsByAccountAndIp: 3,
			accountAndIpBlock: 900,
			maxFailsByIp: 10,
			ipBlock: 3600,
			maxSignUpsByIp: 2,
			signUpWindow: 600,
			...backend(),
			...o
		});

	it('blocks an account from one IP after the allowed failures, with a retry time', async () => {
		const limits = make();
		for (let i = 0; i < 3; i++) {
			expect(await limits.reserveSignIn('x@shop.test', '10.0.0.1')).toEqual({ allowed: true });
		}
		const blocked = await limits.reserveSignIn('x@shop.test', '10.0.0.1');
		expect(blocked.allowed).toBe(false);
		if (!blocked.allowed) {
			expect(blocked.retryAfterSeconds).toBeGreaterThan(890);
			expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(900);
		}
	});

	it('leaves the same account free to sign in from another IP', async () => {
		const limits = make();
		for (let i = 0; i < 5; i++) await limits.reserveSignIn('x@shop.test', '10.0.0.1');
		expect(await limits.reserveSignIn('x@shop.test', '10.0.0.2')).toEqual({ allowed: true });
	});

	it('counts Bob@Shop.test and bob@shop.test as one account', async () => {
		const limits = make();
		for (let i = 0; i < 3; i++) await limits.reserveSignIn('Bob@Shop.test ', '10.0.0.1');
		expect((await limits.reserveSignIn('bob@shop.test', '10.0.0.1')).allowed).toBe(false);
	});

	it('clears the failures of an account and IP pair after a successful sign-in', async () => {
		const limits = make();
		for (let i = 0; i < 3; i++) await limits.reserveSignIn('x@shop.test', '10.0.0.1');
		await limits.recordSignInSuccess('x@shop.test', '10.0.0.1');
		for (let i = 0; i < 3; i++) {
			expect((await limits.reserveSignIn('x@shop.test', '10.0.0.1')).allowed).toBe(true);
		}
	});

	it('caps one IP across many accounts', async () => {
		const limits = make();
		for (let i = 0; i < 10; i++) {
			expect((await limits.reserveSignIn(`user${i}@shop.test`, '10.0.0.9')).allowed).toBe(true);
		}
		const blocked = await limits.reserveSignIn('fresh@shop.test', '10.0.0.9');
		expect(blocked).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
		expect((await limits.reserveSignIn('fresh@shop.test', '10.0.0.10')).allowed).toBe(true);
	});

	it('does not spend the per-IP budget on successful sign-ins', async () => {
		const limits = make();
		for (let i = 0; i < 20; i++) {
			expect((await limits.reserveSignIn('busy@shop.test', '10.0.0.20')).allowed).toBe(true);
			await limits.recordSignInSuccess('busy@shop.test', '10.0.0.20');
		}
	});

	it('caps sign-ups per IP', async () => {
		const limits = make();
		expect((await limits.reserveSignUp('10.0.0.30')).allowed).toBe(true);
		expect((await limits.reserveSignUp('10.0.0.30')).allowed).toBe(true);
		const third = await limits.reserveSignUp('10.0.0.30');
		expect(third.allowed).toBe(false);
		if (!third.allowed) expect(third.retryAfterSeconds).toBeLessThanOrEqual(600);
		expect((await limits.reserveSignUp('10.0.0.31')).allowed).toBe(true);
	});
});

describe.runIf(REDIS_URL)('auth limits on Redis', () => {
	it('shares counts between replicas through Redis', async () => {
		redis ??= new Redis(REDIS_URL!);
		const keyPrefix = `${runId}:${crypto.randomUUID()}`;
		const replicaA = createAuthLimits({ redis, keyPrefix, maxConsecutiveFailsByAccountAndIp: 2 });
		const replicaB = createAuthLimits({ redis, keyPrefix, maxConsecutiveFailsByAccountAndIp: 2 });
		await replicaA.reserveSignIn('x@shop.test', '10.0.0.1');
		await replicaB.reserveSignIn('x@shop.test', '10.0.0.1');
		expect((await replicaA.reserveSignIn('x@shop.test', '10.0.0.1')).allowed).toBe(false);
	});

	it('falls back to memory limiting while Redis is unreachable', async () => {
		const dead = new Redis('redis://127.0.0.1:1', {
			lazyConnect: true,
			enableOfflineQueue: false,
			maxRetriesPerRequest: 0,
			retryStrategy: () => null
		});
		dead.on('error', () => {});
		try {
			const limits = createAuthLimits({
				redis: dead,
				keyPrefix: runId,
				maxConsecutiveFailsByAccountAndIp: 1
			});
			expect((await limits.reserveSignIn('x@shop.test', '10.0.0.1')).allowed).toBe(true);
			expect((await limits.reserveSignIn('x@shop.test', '10.0.0.1')).allowed).toBe(false);
		} finally {
			dead.disconnect();
		}
	});
});
