import { isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeEvent } from '$lib/server/auth/fake-event';
import { createSession, validateSessionToken } from '$lib/server/auth/session';
import { createTestDb, seedShop, type TestDb } from '$lib/server/db/test-db';

let t: TestDb;
vi.mock('$lib/server/db', async (importOriginal) => ({
	...(await importOriginal<typeof import('$lib/server/db')>()),
	getDb: () => t.db
}));

const { actions } = await import('./+page.server');

beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.close());

describe('logout action', () => {
	it('ends the session, clears the cookie and goes to /login', async () => {
		const { userId, shopId } = await seedShop(t.db);
		const { token } = await createSession(t.db, { userId, shopId });
		const locals = (await validateSessionToken(t.db, token))!;
		const { event, jar } = fakeEvent({ locals, form: {}, cookies: { session: token } });
		const thrown = await Promise.resolve(actions.default(event as never)).catch((e: unknown) => e);
		expect(isRedirect(thrown) && thrown.location).toBe('/login');
		expect(jar.get('session')?.options.maxAge).toBe(0);
		expect(await validateSessionToken(t.db, token)).toBeNull();
	});
});
