import { sha256 } from '@oslojs/crypto/sha2';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { membership, session } from '$lib/server/db/schema';
import { createTestDb, seedShop, type TestDb } from '$lib/server/db/test-db';
import {
	createSession,
	invalidateOtherSessions,
	invalidateSession,
	invalidateUserSession,
	listUserSessions,
	SESSION_LIFETIME_MS,
	validateSessionToken
} from './session';

const DAY = 24 * 60 * 60 * 1000;
let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.close());

async function rowOf(id: string) {
	const [row] = await t.db.select().from(session).where(eq(session.id, id));
	return row;
}

describe('sessions', () => {
	it('issues an id.secret token and stores only the SHA-256 of the secret', async () => {
		const { userId, shopId } = await seedShop(t.db);
		const { token, session: created } = await createSession(t.db, { userId, shopId });
		expect(token).toMatch(/^[a-z2-7]{32}\.[a-z2-7]{32}$/);
		const [id, secret] = token.split('.');
		expect(created.id).toBe(id);

		const row = await rowOf(id);
		expect(new Uint8Array(row.secretHash)).toEqual(sha256(new TextEncoder().encode(secret)));
		expect(JSON.stringify(Object.values(row))).not.toContain(secret);
		expect(created).not.toHaveProperty('secretHash');
	});

	it('validates a token to its user, shop and role', async () => {
		const { userId, shopId } = await seedShop(t.db, 'Validate Garage');
		const { token } = await createSession(t.db, {
			userId,
			shopId,
			userAgent: 'UA/1',
			ip: '10.1.1.1'
		});
		const result = await validateSessionToken(t.db, token);
		expect(result).toMatchObject({
			user: { id: userId },
			shop: { id: shopId, name: 'Validate Garage' },
			role: 'owner',
			session: { userAgent: 'UA/1', ip: '10.1.1.1' },
			fresh: false
		});
		expect(result?.user).not.toHaveProperty('passwordHash');
	});

	it('rejects a token whose secret was tampered with, and keeps the real session', async () => {
		const { userId, shopId } = await seedShop(t.db);
		const { token } = await createSession(t.db, { userId, shopId });
		const last = token.at(-1) === 'a' ? 'b' : 'a';
		expect(await validateSessionToken(t.db, token.slice(0, -1) + last)).toBeNull();
		expect(await validateSessionToken(t.db, token)).not.toBeNull();
	});

	it('rejects malformed and unknown tokens', async () => {
		for (const bad of ['', 'abc', '.', 'a.', '.b', 'a.b.c', 'nosuchid.nosuchsecret']) {
			expect(await validateSessionToken(t.db, bad)).toBeNull();
		}
	});

	it('rejects an expired session and deletes its row', async () => {
		const { userId, shopId } = await seedShop(t.db);
		const start = new Date('2025-01-01T00:00:00Z');
		const { token, session: created } = await createSession(t.db, { userId, shopId, now: start });
		const later = new Date(start.getTime() + SESSION_LIFETIME_MS);
		expect(await validateSessionToken(t.db, token, later)).toBeNull();
		expect(await rowOf(created.id)).toBeUndefined();
	});

	it('slides the expiry forward once less than half the lifetime remains', async () => {
		const { userId, shopId } = await seedShop(t.db);
		const start = new Date('2025-01-01T00:00:00Z');
		const { token, session: created } = await createSession(t.db, { userId, shopId, now: start });

		const early = await validateSessionToken(t.db, token, new Date(start.getTime() + 10 * DAY));
		expect(early?.fresh).toBe(false);
		expect(early?.session.expiresAt).toEqual(created.expiresAt);

		const day16 = new Date(start.getTime() + 16 * DAY);
		const late = await validateSessionToken(t.db, token, day16);
		expect(late?.fresh).toBe(true);
		expect(late?.session.expiresAt).toEqual(new Date(day16.getTime() + SESSION_LIFETIME_MS));
		expect((await rowOf(created.id)).expiresAt).toEqual(late?.session.expiresAt);

		// Still valid past the original expiry because it slid.
		const day40 = new Date(start.getTime() + 40 * DAY);
		expect(await validateSessionToken(t.db, token, day40)).not.toBeNull();
	});

	it('refreshes last-used at most once a minute', async () => {
		const { userId, shopId } = await seedShop(t.db);
		const start = new Date('2025-02-01T00:00:00Z');
		const { token, session: created } = await createSession(t.db, { userId, shopId, now: start });
		await validateSessionToken(t.db, token, new Date(start.getTime() + 30_000));
		expect((await rowOf(created.id)).lastUsedAt).toEqual(start);
		const minuteLater = new Date(start.getTime() + 61_000);
		await validateSessionToken(t.db, token, minuteLater);
		expect((await rowOf(created.id)).lastUsedAt).toEqual(minuteLater);
	});

	it('stops accepting a session once the user leaves its shop', async () => {
		const { userId, shopId } = await seedShop(t.db);
		const { token } = await createSession(t.db, { userId, shopId });
		await t.db.delete(membership).where(eq(membership.userId, userId));
		expect(await validateSessionToken(t.db, token)).toBeNull();
	});

	it('invalidating one session leaves the user’s others valid', async () => {
		const { userId, shopId } = await seedShop(t.db);
		const a = await createSession(t.db, { userId, shopId });
		const b = await createSession(t.db, { userId, shopId });
		await invalidateSession(t.db, a.session.id);
		expect(await validateSessionToken(t.db, a.token)).toBeNull();
		expect(await validateSessionToken(t.db, b.token)).not.toBeNull();
	});

	it('will not end another user’s session by id', async () => {
		const mallory = await seedShop(t.db);
		const victim = await seedShop(t.db);
		const v = await createSession(t.db, victim);
		expect(await invalidateUserSession(t.db, mallory.userId, v.session.id)).toBe(false);
		expect(await validateSessionToken(t.db, v.token)).not.toBeNull();
		expect(await invalidateUserSession(t.db, victim.userId, v.session.id)).toBe(true);
		expect(await validateSessionToken(t.db, v.token)).toBeNull();
	});

	it('ends all other sessions but keeps the current one', async () => {
		const { userId, shopId } = await seedShop(t.db);
		const other = await seedShop(t.db);
		const current = await createSession(t.db, { userId, shopId });
		const old1 = await createSession(t.db, { userId, shopId });
		const old2 = await createSession(t.db, { userId, shopId });
		const stranger = await createSession(t.db, other);
		expect(await invalidateOtherSessions(t.db, userId, current.session.id)).toBe(2);
		expect(await validateSessionToken(t.db, current.token)).not.toBeNull();
		expect(await validateSessionToken(t.db, old1.token)).toBeNull();
		expect(await validateSessionToken(t.db, old2.token)).toBeNull();
		expect(await validateSessionToken(t.db, stranger.token)).not.toBeNull();
	});

	it('lists only the user’s unexpired sessions, most recently used first', async () => {
		const { userId, shopId } = await seedShop(t.db, 'List Garage');
		const now = new Date();
		await createSession(t.db, { userId, shopId, now: new Date(now.getTime() - 40 * DAY) });
		const older = await createSession(t.db, { userId, shopId, now: new Date(now.getTime() - DAY) });
		const newer = await createSession(t.db, { userId, shopId, userAgent: 'Firefox', now });
		const listed = await listUserSessions(t.db, userId, now);
		expect(listed.map((s) => s.id)).toEqual([newer.session.id, older.session.id]);
		expect(listed[0]).toMatchObject({ userAgent: 'Firefox', shopName: 'List Garage' });
		expect(listed[0]).not.toHaveProperty('secretHash');
	});
});
