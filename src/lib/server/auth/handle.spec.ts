import type { RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeEvent } from '$lib/server/auth/fake-event';
import { createSession, SESSION_LIFETIME_MS } from '$lib/server/auth/session';
import { createTestDb, seedShop, type TestDb } from '$lib/server/db/test-db';

let t: TestDb;
vi.mock('$lib/server/db', async (importOriginal) => ({
	...(await importOriginal<typeof import('$lib/server/db')>()),
	getDb: () => t.db
}));

const { authHandle } = await import('./handle');
const { securityHeaders } = await import('$lib/server/security-headers');

beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.close());

async function run(cookies: Record<string, string>) {
	const fake = fakeEvent({ url: 'http://localhost/logs', cookies });
	let seen: RequestEvent | undefined;
	const response = await authHandle({
		event: fake.event,
		resolve: async (event) => {
			seen = event;
			return new Response('ok');
		}
	});
	return { ...fake, response, locals: seen!.locals };
}

describe('authHandle', () => {
	it('fills locals with the user, session, shop and role of a valid cookie', async () => {
		const { userId, shopId } = await seedShop(t.db, 'Hook Garage');
		const { token, session } = await createSession(t.db, { userId, shopId });
		const { locals, jar } = await run({ session: token });
		expect(locals.user).toEqual({
			id: userId,
			email: `${userId}@example.test`,
			name: 'Test Tuner'
		});
		expect(locals.shop).toEqual({ id: shopId, name: 'Hook Garage' });
		expect(locals.role).toBe('owner');
		expect(locals.session?.id).toBe(session.id);
		expect(locals.session).not.toHaveProperty('secretHash');
		expect(jar.get('session')?.value).toBe(token);
	});

	it('leaves locals empty and clears a cookie that no longer validates', async () => {
		const { locals, jar } = await run({ session: 'bogus.token' });
		expect(locals).toEqual({ user: null, session: null, shop: null, role: null });
		expect(jar.get('session')).toMatchObject({ value: '', options: { maxAge: 0 } });
	});

	it('re-sets the cookie with the new expiry when the session slides', async () => {
		const { userId, shopId } = await seedShop(t.db);
		const now = Date.now();
		const { token } = await createSession(t.db, {
			userId,
			shopId,
			now: new Date(now - 20 * 86_400_000)
		});
		const { jar } = await run({ session: token });
		const expires = jar.get('session')?.options.expires;
		expect(expires?.getTime()).toBeGreaterThan(now + SESSION_LIFETIME_MS - 60_000);
		expect(jar.get('session')?.options).toMatchObject({
			httpOnly: true,
			sameSite: 'lax',
			path: '/'
		});
	});
});

describe('securityHeaders', () => {
	it('adds nosniff, a referrer policy and frame denial to every response', async () => {
		const { event } = fakeEvent();
		const response = await securityHeaders({ event, resolve: async () => new Response('ok') });
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		expect(response.headers.get('x-frame-options')).toBe('DENY');
	});

	it('keeps customer report URLs out of Referer headers and caches, for live and dead links alike', async () => {
		const { event } = fakeEvent({ url: 'http://localhost/r/some-token' });
		for (const status of [200, 404]) {
			const response = await securityHeaders({
				event,
				resolve: async () => new Response('report', { status })
			});
			expect(response.headers.get('referrer-policy')).toBe('no-referrer');
			expect(response.headers.get('cache-control')).toBe('no-store');
		}
	});
});
