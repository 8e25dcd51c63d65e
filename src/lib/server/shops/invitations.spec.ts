import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmailTakenError } from '$lib/server/auth/errors';
import { authenticate } from '$lib/server/auth/sign-in';
import { createUser } from '$lib/server/auth/sign-up';
import { invitation, membership } from '$lib/server/db/schema';
import { createTestDb, type TestDb } from '$lib/server/db/test-db';
import { hashReportToken } from '$lib/server/reports/token';
import { NotFoundError } from '$lib/server/timeseries/errors';
import {
	InvitationEmailMismatchError,
	InvitationInvalidError,
	PermissionDeniedError,
	ShopConflictError
} from './errors';
import {
	acceptInvitation,
	createInvitation,
	findInvitation,
	listPendingInvitations,
	revokeInvitation,
	signUpWithInvitation
} from './invitations';
import { seedTeam, type SeededTeam } from './shop-team.test-helper';
import { listUserShops } from './shops';

let t: TestDb;
let team: SeededTeam;
beforeAll(async () => {
	t = await createTestDb();
	team = await seedTeam(t.db, 'Invite Garage');
});
afterAll(() => t.close());

let n = 0;
const freshEmail = () => `invitee-${++n}-${crypto.randomUUID().slice(0, 8)}@example.test`;
const newUser = (email: string) =>
	createUser(t.db, { email, name: 'Invitee', password: 'correct horse battery' });

describe('invitations', () => {
	it('stores only the SHA-256 of the token and shows the owner the pending invitation', async () => {
		const email = freshEmail();
		const inv = await createInvitation(t.db, team.owner, {
			email: ` ${email.toUpperCase()} `,
			role: 'technician'
		});
		expect(inv.email).toBe(email);
		expect(inv.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const [row] = await t.db.select().from(invitation).where(eq(invitation.id, inv.id));
		expect(Buffer.from(row.tokenHash)).toEqual(Buffer.from(hashReportToken(inv.token)));
		expect(JSON.stringify(row)).not.toContain(inv.token);
		const pending = await listPendingInvitations(t.db, team.owner);
		expect(pending.find((p) => p.id === inv.id)).toMatchObject({ email, role: 'technician' });
		expect(Object.keys(pending[0]).sort()).toEqual([
			'createdAt',
			'email',
			'expiresAt',
			'id',
			'role'
		]);
	});

	it('lets only an owner invite', async () => {
		for (const who of [team.tuner, team.technician, team.frontDesk])
			await expect(
				createInvitation(t.db, who, { email: freshEmail(), role: 'owner' })
			).rejects.toThrow(PermissionDeniedError);
	});

	it('refuses to invite someone who is already a member', async () => {
		const member = await newUser(freshEmail());
		await t.db.insert(membership).values({ userId: member.id, shopId: team.shopId, role: 'tuner' });
		await expect(
			createInvitation(t.db, team.owner, { email: member.email, role: 'tuner' })
		).rejects.toThrow(ShopConflictError);
	});

	it('lets an existing user with the invited email join once, in the invited role', async () => {
		const email = freshEmail();
		const invitee = await newUser(email);
		const { token } = await createInvitation(t.db, team.owner, { email, role: 'front_desk' });
		expect(await findInvitation(t.db, token)).toMatchObject({
			shopName: 'Invite Garage',
			email,
			role: 'front_desk',
			invitedByName: 'Test Tuner'
		});

		expect(await acceptInvitation(t.db, { token, user: invitee })).toEqual({
			shopId: team.shopId,
			role: 'front_desk'
		});
		expect((await listUserShops(t.db, invitee.id)).map((s) => s.id)).toContain(team.shopId);
		await expect(acceptInvitation(t.db, { token, user: invitee })).rejects.toThrow(
			InvitationInvalidError
		);
		expect(await findInvitation(t.db, token)).toBeNull();
	});

	it('admits only one of two accepts racing for the same token', async () => {
		const email = freshEmail();
		const invitee = await newUser(email);
		const { token } = await createInvitation(t.db, team.owner, { email, role: 'technician' });
		const results = await Promise.allSettled([
			acceptInvitation(t.db, { token, user: invitee }),
			acceptInvitation(t.db, { token, user: invitee })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const [rejected] = results.filter((r) => r.status === 'rejected');
		expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(InvitationInvalidError);
	});

	it('does not admit a different account holding a forwarded link', async () => {
		const { token } = await createInvitation(t.db, team.owner, {
			email: freshEmail(),
			role: 'owner'
		});
		const stranger = await newUser(freshEmail());
		await expect(acceptInvitation(t.db, { token, user: stranger })).rejects.toThrow(
			InvitationEmailMismatchError
		);
		expect(await listUserShops(t.db, stranger.id)).toEqual([]);
		expect(await findInvitation(t.db, token)).not.toBeNull();
	});

	it('stops working when expired, revoked or replaced by a newer invitation', async () => {
		const email = freshEmail();
		const invitee = await newUser(email);
		const past = new Date(Date.now() - 8 * 86_400_000);
		const expired = await createInvitation(t.db, team.owner, { email, role: 'tuner', now: past });
		await expect(acceptInvitation(t.db, { token: expired.token, user: invitee })).rejects.toThrow(
			InvitationInvalidError
		);

		const first = await createInvitation(t.db, team.owner, { email, role: 'tuner' });
		const second = await createInvitation(t.db, team.owner, { email, role: 'technician' });
		expect(await findInvitation(t.db, first.token)).toBeNull();
		await revokeInvitation(t.db, team.owner, second.id);
		await revokeInvitation(t.db, team.owner, second.id);
		expect(await findInvitation(t.db, second.token)).toBeNull();
		await expect(acceptInvitation(t.db, { token: second.token, user: invitee })).rejects.toThrow(
			InvitationInvalidError
		);
	});

	it('treats unknown and malformed tokens like used ones', async () => {
		expect(await findInvitation(t.db, 'x'.repeat(43))).toBeNull();
		expect(await findInvitation(t.db, '')).toBeNull();
		expect(await findInvitation(t.db, '../../etc')).toBeNull();
	});

	it('signs a newcomer up into the shop without creating a shop of their own', async () => {
		const email = freshEmail();
		const { token } = await createInvitation(t.db, team.owner, { email, role: 'technician' });
		const joined = await signUpWithInvitation(t.db, {
			token,
			name: 'New Tech',
			password: 'correct horse battery'
		});
		expect(joined).toMatchObject({ shopId: team.shopId, role: 'technician', user: { email } });
		expect(await listUserShops(t.db, joined.user.id)).toEqual([
			{ id: team.shopId, name: 'Invite Garage', role: 'technician' }
		]);
		expect(await authenticate(t.db, { email, password: 'correct horse battery' })).toMatchObject({
			id: joined.user.id
		});
		await expect(
			signUpWithInvitation(t.db, { token, name: 'Again', password: 'correct horse battery' })
		).rejects.toThrow(InvitationInvalidError);
	});

	it('sends an invitee who already has an account to sign in instead', async () => {
		const email = freshEmail();
		await newUser(email);
		const { token } = await createInvitation(t.db, team.owner, { email, role: 'tuner' });
		await expect(
			signUpWithInvitation(t.db, { token, name: 'Dup', password: 'correct horse battery' })
		).rejects.toThrow(EmailTakenError);
		expect(await findInvitation(t.db, token)).not.toBeNull();
	});

	it("will not let another shop's owner see or revoke this shop's invitations", async () => {
		const inv = await createInvitation(t.db, team.owner, { email: freshEmail(), role: 'tuner' });
		const rival = await seedTeam(t.db, 'Rival Garage');
		await expect(revokeInvitation(t.db, rival.owner, inv.id)).rejects.toThrow(NotFoundError);
		expect(await listPendingInvitations(t.db, rival.owner)).toEqual([]);
		const [row] = await t.db
			.select({ revokedAt: invitation.revokedAt })
			.from(invitation)
			.where(and(eq(invitation.id, inv.id)));
		expect(row.revokedAt).toBeNull();
	});

	it('refuses a lifetime outside (0, 30] days', async () => {
		for (const ttlDays of [0, 31, NaN])
			await expect(
				createInvitation(t.db, team.owner, { email: freshEmail(), role: 'tuner', ttlDays })
			).rejects.toThrow(RangeError);
	});
});
