import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeEvent } from '$lib/server/auth/fake-event';
import { createSession, validateSessionToken } from '$lib/server/auth/session';
import { createTestDb, seedShop, type TestDb } from '$lib/server/db/test-db';

let t: TestDb;
vi.mock('$lib/server/db', async (importOriginal) => ({
	...(await importOriginal<typeof import('$lib/server/db')>()),
	getDb: () => t.db
}));

const { actions, load } = await import('./+page.server');
const layout = await import('../../+layout.server');

beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.close());

async function signedIn(userAgent = 'Device A') {
	const { userId, shopId } = await seedShop(t.db, 'Sessions Garage');
	const here = await createSession(t.db, { userId, shopId, userAgent, ip: '10.0.0.1' });
	const locals = (await validateSessionToken(t.db, here.token))!;
	return { userId, shopId, here, locals };
}

async function call<T>(fn: () => T | Promise<T>) {
	try {
		return { result: await fn() };
	} catch (thrown) {
		return { thrown };
	}
}

describe('(app) layout', () => {
	it('sends a signed-out visitor to /login with the page to come back to', async () => {
		const { event } = fakeEvent({ url: 'http://localhost/settings/sessions?tab=1' });
		const { thrown } = await call(() => layout.load(event as never));
		expect(isRedirect(thrown) && thrown.location).toBe(
			'/login?redirectTo=%2Fsettings%2Fsessions%3Ftab%3D1'
		);
	});

	it('exposes only name, email, shop, role and the shops to switch between', async () => {
		const { locals } = await signedIn();
		const { event } = fakeEvent({ locals });
		expect(await layout.load(event as never)).toEqual({
			user: { name: locals.user.name, email: locals.user.email },
			shop: { id: locals.shop.id, name: locals.shop.name },
			role: 'owner',
			shops: [{ id: locals.shop.id, name: locals.shop.name }]
		});
	});
});

describe('my sessions page', () => {
	it('lists my sessions and marks this device', async () => {
		const { userId, shopId, here, locals } = await signedIn();
		await createSession(t.db, { userId, shopId, userAgent: 'Device B', ip: '10.0.0.2' });
		const { event } = fakeEvent({ locals });
		const data = (await load(event as never)) as {
			sessions: { userAgent: string; current: boolean; id: string }[];
		};
		expect(data.sessions).toHaveLength(2);
		expect(data.sessions.find((s) => s.current)?.id).toBe(here.session.id);
		expect(data.sessions.find((s) => !s.current)?.userAgent).toBe('Device B');
	});

	it('ends another session and leaves this one', async () => {
		const { userId, shopId, here, locals } = await signedIn();
		const other = await createSession(t.db, { userId, shopId });
		const { event } = fakeEvent({ locals, form: { sessionId: other.session.id } });
		expect(await actions.end(event as never)).toEqual({ message: 'Session ended' });
		expect(await validateSessionToken(t.db, other.token)).toBeNull();
		expect(await validateSessionToken(t.db, here.token)).not.toBeNull();
	});

	it('signs this device out when it ends its own session', async () => {
		const { here, locals } = await signedIn();
		const { event, jar } = fakeEvent({ locals, form: { sessionId: here.session.id } });
		const { thrown } = await call(() => actions.end(event as never));
		expect(isRedirect(thrown) && thrown.location).toBe('/login');
		expect(jar.get('session')?.options.maxAge).toBe(0);
	});

	it('ends all other sessions at once', async () => {
		const { userId, shopId, here, locals } = await signedIn();
		const a = await createSession(t.db, { userId, shopId });
		const b = await createSession(t.db, { userId, shopId });
		const { event } = fakeEvent({ locals, form: {} });
		expect(await actions.endOthers(event as never)).toEqual({ message: 'Ended 2 other sessions' });
		expect(await validateSessionToken(t.db, a.token)).toBeNull();
		expect(await validateSessionToken(t.db, b.token)).toBeNull();
		expect(await validateSessionToken(t.db, here.token)).not.toBeNull();
	});

	it('refuses the actions to a signed-out request even though the layout would redirect', async () => {
		const { event } = fakeEvent({ form: { sessionId: 'x' } });
		const { thrown } = await call(() => actions.endOthers(event as never));
		expect(isHttpError(thrown, 401)).toBe(true);
	});
});
