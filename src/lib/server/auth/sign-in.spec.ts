import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '$lib/server/db/test-db';
import { createAuthLimits } from './rate-limit';
import { validateSessionToken } from './session';
import { authenticate, signIn } from './sign-in';
import { signUp } from './sign-up';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
	await signUp(t.db, {
		name: 'Owner',
		email: 'owner@garage.test',
		password: 'owner-password',
		shopName: 'Owner Garage'
	});
});
afterAll(() => t.close());

const limits = () => createAuthLimits({ maxConsecutiveFailsByAccountAndIp: 3, maxFailsByIp: 6 });
const attempt = (l: ReturnType<typeof limits>, email: string, password: string, ip: string) =>
	signIn(t.db, l, { email, password, ip, userAgent: 'spec' });

describe('sign-in', () => {
	it('opens a session in the user’s shop for the right password', async () => {
		const result = await attempt(limits(), 'Owner@Garage.test', 'owner-password', '10.0.0.1');
		expect(result.status).toBe('ok');
		if (result.status !== 'ok') return;
		const validated = await validateSessionToken(t.db, result.token);
		expect(validated).toMatchObject({
			user: { email: 'owner@garage.test' },
			shop: { name: 'Owner Garage' },
			role: 'owner',
			session: { ip: '10.0.0.1', userAgent: 'spec' }
		});
	});

	it('gives the same answer for a wrong password and an unknown email', async () => {
		const l = limits();
		expect(await attempt(l, 'owner@garage.test', 'wrong-password', '10.0.0.2')).toEqual({
			status: 'invalid_credentials'
		});
		expect(await attempt(l, 'nobody@garage.test', 'wrong-password', '10.0.0.2')).toEqual({
			status: 'invalid_credentials'
		});
	});

	it('spends argon2 work on unknown emails too, so timing does not reveal accounts', async () => {
		const median = async (email: string) => {
			const times: number[] = [];
			for (let i = 0; i < 5; i++) {
				const start = performance.now();
				await authenticate(t.db, { email, password: 'wrong-password' });
				times.push(performance.now() - start);
			}
			return times.sort((a, b) => a - b)[2];
		};
		await median('nobody@garage.test');
		const known = await median('owner@garage.test');
		const unknown = await median('nobody@garage.test');
		// Without the dummy hash an unknown email costs one indexed lookup, well under a tenth of a verify.
		expect(unknown).toBeGreaterThan(known * 0.4);
	});

	it('rate limits an attacker on one IP while the owner signs in from another', async () => {
		const l = limits();
		for (let i = 0; i < 3; i++) {
			expect((await attempt(l, 'owner@garage.test', `guess-${i}`, '203.0.113.7')).status).toBe(
				'invalid_credentials'
			);
		}
		const blocked = await attempt(l, 'owner@garage.test', 'owner-password', '203.0.113.7');
		expect(blocked).toEqual({ status: 'rate_limited', retryAfterSeconds: expect.any(Number) });

		expect((await attempt(l, 'owner@garage.test', 'owner-password', '198.51.100.4')).status).toBe(
			'ok'
		);
	});

	it('forgives earlier failures once the right password is given', async () => {
		const l = limits();
		for (let i = 0; i < 2; i++) await attempt(l, 'owner@garage.test', 'typo', '10.0.0.3');
		expect((await attempt(l, 'owner@garage.test', 'owner-password', '10.0.0.3')).status).toBe('ok');
		for (let i = 0; i < 3; i++) {
			expect((await attempt(l, 'owner@garage.test', 'typo', '10.0.0.3')).status).toBe(
				'invalid_credentials'
			);
		}
	});

	it('caps failures from one IP spread across many accounts', async () => {
		const l = limits();
		for (let i = 0; i < 6; i++) {
			expect((await attempt(l, `victim${i}@garage.test`, 'x', '192.0.2.1')).status).toBe(
				'invalid_credentials'
			);
		}
		expect((await attempt(l, 'owner@garage.test', 'owner-password', '192.0.2.1')).status).toBe(
			'rate_limited'
		);
	});
});
