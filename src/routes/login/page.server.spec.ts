import { isActionFailure, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeEvent } from '$lib/server/auth/fake-event';
import { createAuthLimits } from '$lib/server/auth/rate-limit';
import { signUp } from '$lib/server/auth/sign-up';
import { createTestDb, type TestDb } from '$lib/server/db/test-db';

let t: TestDb;
const limits = { current: createAuthLimits() };
vi.mock('$lib/server/db', async (importOriginal) => ({
	...(await importOriginal<typeof import('$lib/server/db')>()),
	getDb: () => t.db
}));
vi.mock('$lib/server/auth/limits', () => ({ getAuthLimits: () => limits.current }));

const { actions } = await import('./+page.server');

beforeAll(async () => {
	t = await createTestDb();
	await signUp(t.db, {
		name: 'Owner',
		email: 'owner@route.test',
		password: 'owner-password',
		shopName: 'Route Garage'
	});
});
afterAll(() => t.close());

async function submit(
	form: Record<string, string>,
	ip = '10.0.0.1',
	url = 'http://localhost/login'
) {
	const fake = fakeEvent({ url, form, ip });
	let result: unknown;
	let thrown: unknown;
	try {
		result = await actions.default(fake.event as never);
	} catch (e) {
		thrown = e;
	}
	return { ...fake, result, thrown };
}

describe('login action', () => {
	it('sets an HttpOnly, SameSite=Lax session cookie and redirects on success', async () => {
		const { thrown, jar } = await submit({ email: 'owner@route.test', password: 'owner-password' });
		expect(isRedirect(thrown) && thrown.location).toBe('/');
		const cookie = jar.get('session');
		expect(cookie?.value).toMatch(/^[a-z2-7]+\.[a-z2-7]+$/);
		expect(cookie?.options).toMatchObject({
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: false
		});
	});

	it('marks the cookie Secure when the request came over https', async () => {
		const { jar } = await submit(
			{ email: 'owner@route.test', password: 'owner-password' },
			'10.0.0.1',
			'https://cartech.example/login'
		);
		expect(jar.get('session')?.options.secure).toBe(true);
	});

	it('returns to a same-site redirectTo but never to another origin', async () => {
		const ok = await submit({
			email: 'owner@route.test',
			password: 'owner-password',
			redirectTo: '/settings/sessions'
		});
		expect(isRedirect(ok.thrown) && ok.thrown.location).toBe('/settings/sessions');
		const evil = await submit({
			email: 'owner@route.test',
			password: 'owner-password',
			redirectTo: '//evil.example/'
		});
		expect(isRedirect(evil.thrown) && evil.thrown.location).toBe('/');
	});

	it('answers a wrong password with 400, a generic message and the email echoed back', async () => {
		const { result, jar } = await submit({ email: 'owner@route.test', password: 'nope-nope' });
		expect(isActionFailure(result) && result.status).toBe(400);
		expect(isActionFailure(result) && result.data).toEqual({
			email: 'owner@route.test',
			message: 'Incorrect email or password'
		});
		expect(jar.has('session')).toBe(false);
	});

	it('answers a blank form with field errors', async () => {
		const { result } = await submit({ email: '', password: '' });
		expect(isActionFailure(result) && result.data).toMatchObject({
			errors: { email: 'Enter your email', password: 'Enter your password' }
		});
	});

	it('answers 429 with Retry-After after repeated failures from one IP, not for the owner elsewhere', async () => {
		limits.current = createAuthLimits();
		for (let i = 0; i < 5; i++) {
			const r = await submit({ email: 'owner@route.test', password: `guess-${i}` }, '203.0.113.9');
			expect(isActionFailure(r.result) && r.result.status).toBe(400);
		}
		const blocked = await submit({ email: 'owner@route.test', password: 'guess-6' }, '203.0.113.9');
		expect(isActionFailure(blocked.result) && blocked.result.status).toBe(429);
		expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
		expect(isActionFailure(blocked.result) && blocked.result.data).toMatchObject({
			message: expect.stringMatching(/Too many sign-in attempts/)
		});

		const owner = await submit(
			{ email: 'owner@route.test', password: 'owner-password' },
			'198.51.100.20'
		);
		expect(isRedirect(owner.thrown)).toBe(true);
	});
});
