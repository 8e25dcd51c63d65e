import { isHttpError, isRedirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeEvent } from '$lib/server/auth/fake-event';
import { createSession, validateSessionToken } from '$lib/server/auth/session';
import { createUser } from '$lib/server/auth/sign-up';
import { session } from '$lib/server/db/schema';
import { createTestDb, type TestDb } from '$lib/server/db/test-db';
import { seedTeam, type SeededTeam } from '$lib/server/shops/shop-team.test-helper';
import { listUserShops } from '$lib/server/shops/shops';

let t: TestDb;
vi.mock('$lib/server/db', async (importOriginal) => ({
	...(await importOriginal<typeof import('$lib/server/db')>()),
	getDb: () => t.db
}));

const { actions, load } = await import('./+page.server');
const members = await import('../../(app)/settings/members/+page.server');

let team: SeededTeam;
beforeAll(async () => {
	t = await createTestDb();
	team = await seedTeam(t.db, 'Invite Route Garage');
});
afterAll(() => t.close());

async function locals(userId: string, shopId: string) {
	const { token } = await createSession(t.db, { userId, shopId });
	return (await validateSessionToken(t.db, token))!;
}

async function call<T>(fn: () => T | Promise<T>) {
	try {
		return { result: await fn() };
	} catch (thrown) {
		return { thrown };
	}
}

/** The owner invites through the members page and gets the link to copy. */
async function invite(email: string, role = 'front_desk') {
	const { event } = fakeEvent({
		url: 'http://shop.test/settings/members?/invite',
		form: { email, role },
		locals: await locals(team.owner.userId, team.shopId)
	});
	const out = (await members.actions.invite(event as never)) as {
		invited: { url: string; email: string; role: string };
	};
	expect(out.invited.url).toMatch(/^http:\/\/shop\.test\/invite\/[A-Za-z0-9_-]{43}$/);
	return out.invited.url.split('/').pop()!;
}

const at = (token: string, extra: Parameters<typeof fakeEvent>[0] = {}) => {
	const { event, jar, headers } = fakeEvent({ url: `http://shop.test/invite/${token}`, ...extra });
	Object.assign(event, { params: { token } });
	return { event, jar, headers };
};

describe('invitation page', () => {
	it('shows who invited whom, to which shop and role, and keeps the page out of caches', async () => {
		const token = await invite('shown@example.test', 'technician');
		const { event, headers } = at(token);
		expect(await load(event as never)).toMatchObject({
			shopName: 'Invite Route Garage',
			role: 'technician',
			email: 'shown@example.test',
			invitedByName: 'Test Tuner',
			signedInAs: null
		});
		expect(headers['cache-control']).toBe('no-store');
	});

	it('signs a newcomer up, into this shop only, with a session there', async () => {
		const token = await invite('newcomer@example.test');
		const { event, jar } = at(token, { form: { name: 'Nina', password: 'correct horse battery' } });
		const { thrown } = await call(() => actions.signup(event as never));
		expect(isRedirect(thrown) && thrown.location).toBe('/jobs');
		const session = await validateSessionToken(t.db, jar.get('session')!.value);
		expect(session).toMatchObject({
			user: { email: 'newcomer@example.test', name: 'Nina' },
			shop: { id: team.shopId },
			role: 'front_desk'
		});
		expect(await listUserShops(t.db, session!.user.id)).toHaveLength(1);

		const again = at(token);
		const { thrown: gone } = await call(() => load(again.event as never));
		expect(isHttpError(gone, 404)).toBe(true);
	});

	it('refuses a short password without spending the invitation', async () => {
		const token = await invite('short@example.test');
		const { event } = at(token, { form: { name: 'S', password: 'short' } });
		const out = (await actions.signup(event as never)) as {
			status: number;
			data: { errors: Record<string, string> };
		};
		expect(out.status).toBe(400);
		expect(out.data.errors.password).toMatch(/at least 8/);
		expect(await load(at(token).event as never)).toMatchObject({ email: 'short@example.test' });
	});

	it('lets an existing account in no shop sign in with its password and join', async () => {
		const loner = await createUser(t.db, {
			email: 'loner@example.test',
			name: 'Loner',
			password: 'correct horse battery'
		});
		const token = await invite('loner@example.test', 'tuner');
		const wrong = at(token, { form: { password: 'not the password' } });
		const refused = (await actions.signin(wrong.event as never)) as { status: number };
		expect(refused.status).toBe(400);

		const { event, jar } = at(token, { form: { password: 'correct horse battery' } });
		const { thrown } = await call(() => actions.signin(event as never));
		expect(isRedirect(thrown)).toBe(true);
		expect(await validateSessionToken(t.db, jar.get('session')!.value)).toMatchObject({
			user: { id: loner.id },
			shop: { id: team.shopId },
			role: 'tuner'
		});
	});

	it('moves a signed-in member of another shop into this one on accept', async () => {
		const other = await seedTeam(t.db, 'Their Own Garage');
		const me = await locals(other.technician.userId, other.shopId);
		const token = await invite(me.user.email, 'technician');
		expect(await load(at(token, { locals: me }).event as never)).toMatchObject({
			signedInAs: me.user.email
		});
		const { thrown } = await call(() =>
			actions.accept(at(token, { form: {}, locals: me }).event as never)
		);
		expect(isRedirect(thrown)).toBe(true);
		const [moved] = await t.db
			.select({ shopId: session.shopId })
			.from(session)
			.where(eq(session.id, me.session.id));
		expect(moved.shopId).toBe(team.shopId);
		const shops = await listUserShops(t.db, me.user.id);
		expect(shops.map((s) => s.name).sort()).toEqual(['Invite Route Garage', 'Their Own Garage']);
	});

	it('does not let a different signed-in account accept', async () => {
		const token = await invite('someone-else@example.test');
		const me = await locals(team.tuner.userId, team.shopId);
		const out = (await actions.accept(at(token, { form: {}, locals: me }).event as never)) as {
			status: number;
			data: { message: string };
		};
		expect(out.status).toBe(403);
		expect(out.data.message).toMatch(/someone-else@example.test/);
	});
});
