import { isActionFailure, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeEvent } from '$lib/server/auth/fake-event';
import { createAuthLimits } from '$lib/server/auth/rate-limit';
import { validateSessionToken } from '$lib/server/auth/session';
import { createTestDb, type TestDb } from '$lib/server/db/test-db';

let t: TestDb;
const limits = createAuthLimits({ maxSignUpsByIp: 3 });
vi.mock('$lib/server/db', async (importOriginal) => ({
	...(await importOriginal<typeof import('$lib/server/db')>()),
	getDb: () => t.db
}));
vi.mock('$lib/server/auth/limits', () => ({ getAuthLimits: () => limits }));

const { actions } = await import('./+page.server');

beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.close());

const form = (email: string) => ({
	name: 'Grace',
	email,
	password: 'grace-password',
	shopName: 'Grace Garage'
});

async function submit(fields: Record<string, string>, ip = '10.0.0.1') {
	const fake = fakeEvent({ url: 'http://localhost/signup', form: fields, ip });
	let result: unknown;
	let thrown: unknown;
	try {
		result = await actions.default(fake.event as never);
	} catch (e) {
		thrown = e;
	}
	return { ...fake, result, thrown };
}

describe('signup action', () => {
	it('creates the account, signs the new owner in and redirects home', async () => {
		const { thrown, jar } = await submit(form('grace@signup.test'));
		expect(isRedirect(thrown) && thrown.location).toBe('/');
		const validated = await validateSessionToken(t.db, jar.get('session')!.value);
		expect(validated).toMatchObject({
			user: { email: 'grace@signup.test', name: 'Grace' },
			shop: { name: 'Grace Garage' },
			role: 'owner'
		});
	});

	it('echoes the input without the password and marks the fields in error', async () => {
		const { result } = await submit({ ...form('not-an-email'), password: 'short' }, '10.0.0.2');
		expect(isActionFailure(result) && result.status).toBe(400);
		expect(isActionFailure(result) && result.data).toEqual({
			name: 'Grace',
			email: 'not-an-email',
			shopName: 'Grace Garage',
			errors: { email: 'Enter a valid email address', password: 'Use at least 8 characters' }
		});
	});

	it('says on the email field that the address already has an account', async () => {
		await submit(form('taken@signup.test'), '10.0.0.3');
		const { result } = await submit(form('Taken@Signup.test'), '10.0.0.3');
		expect(isActionFailure(result) && result.data).toMatchObject({
			errors: { email: 'An account with that email already exists' }
		});
	});

	it('caps sign-ups from one IP with 429 and Retry-After', async () => {
		for (let i = 0; i < 3; i++) await submit(form(`bulk${i}@signup.test`), '203.0.113.50');
		const { result, headers } = await submit(form('bulk9@signup.test'), '203.0.113.50');
		expect(isActionFailure(result) && result.status).toBe(429);
		expect(Number(headers['retry-after'])).toBeGreaterThan(0);
	});
});
