import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, validateSessionToken } from '$lib/server/auth/session';
import { membership } from '$lib/server/db/schema';
import { createTestDb, type TestDb } from '$lib/server/db/test-db';
import { NotFoundError } from '$lib/server/timeseries/errors';
import { switchActiveShop } from './active-shop';
import { PermissionDeniedError, ShopConflictError } from './errors';
import { changeMemberRole, listMembers, removeMember } from './members';
import { seedTeam } from './shop-team.test-helper';
import { getMemberRole } from './shops';

let t: TestDb;
beforeAll(async () => {
	t = await createTestDb();
});
afterAll(() => t.close());

describe('shop members', () => {
	it('lists the members with their roles, to owners only', async () => {
		const team = await seedTeam(t.db, 'Members Garage');
		const members = await listMembers(t.db, team.owner);
		expect(members.map((m) => m.role).sort()).toEqual(
			['front_desk', 'owner', 'technician', 'tuner'].sort()
		);
		for (const who of [team.tuner, team.technician, team.frontDesk])
			await expect(listMembers(t.db, who)).rejects.toThrow(PermissionDeniedError);
	});

	it('changes a role, and never leaves the shop without an owner', async () => {
		const team = await seedTeam(t.db, 'Roles Garage');
		await changeMemberRole(t.db, team.owner, team.technician.userId, 'tuner');
		expect(await getMemberRole(t.db, team.technician.userId, team.shopId)).toBe('tuner');

		await expect(changeMemberRole(t.db, team.owner, team.owner.userId, 'tuner')).rejects.toThrow(
			ShopConflictError
		);
		await expect(removeMember(t.db, team.owner, team.owner.userId)).rejects.toThrow(
			ShopConflictError
		);
		await changeMemberRole(t.db, team.owner, team.frontDesk.userId, 'owner');
		await changeMemberRole(t.db, team.owner, team.owner.userId, 'front_desk');
		expect(await getMemberRole(t.db, team.owner.userId, team.shopId)).toBe('front_desk');
	});

	it('removes a member and ends their sessions in this shop', async () => {
		const team = await seedTeam(t.db, 'Removal Garage');
		const { token } = await createSession(t.db, {
			userId: team.technician.userId,
			shopId: team.shopId
		});
		await removeMember(t.db, team.owner, team.technician.userId);
		expect(await getMemberRole(t.db, team.technician.userId, team.shopId)).toBeNull();
		expect(await validateSessionToken(t.db, token)).toBeNull();
	});

	it("cannot touch another shop's members", async () => {
		const team = await seedTeam(t.db, 'Home Garage');
		const rival = await seedTeam(t.db, 'Away Garage');
		await expect(
			changeMemberRole(t.db, rival.owner, team.technician.userId, 'owner')
		).rejects.toThrow(NotFoundError);
		await expect(removeMember(t.db, rival.owner, team.technician.userId)).rejects.toThrow(
			NotFoundError
		);
		expect(await getMemberRole(t.db, team.technician.userId, team.shopId)).toBe('technician');
		for (const who of [team.tuner, team.technician, team.frontDesk])
			await expect(removeMember(t.db, who, team.owner.userId)).rejects.toThrow(
				PermissionDeniedError
			);
	});
});

describe('switching the active shop', () => {
	it('moves the session to another shop of the user, with that shop’s role', async () => {
		const first = await seedTeam(t.db, 'First Shop');
		const second = await seedTeam(t.db, 'Second Shop');
		const user = first.technician;
		await t.db
			.insert(membership)
			.values({ userId: user.userId, shopId: second.shopId, role: 'front_desk' });
		const { token, session } = await createSession(t.db, {
			userId: user.userId,
			shopId: first.shopId
		});

		expect(
			await switchActiveShop(t.db, {
				sessionId: session.id,
				userId: user.userId,
				shopId: second.shopId
			})
		).toEqual({ shopId: second.shopId, role: 'front_desk' });
		expect(await validateSessionToken(t.db, token)).toMatchObject({
			shop: { id: second.shopId, name: 'Second Shop' },
			role: 'front_desk'
		});
	});

	it('refuses a shop the user is not a member of, as if it did not exist', async () => {
		const mine = await seedTeam(t.db, 'Mine');
		const theirs = await seedTeam(t.db, 'Theirs');
		const { token, session } = await createSession(t.db, {
			userId: mine.owner.userId,
			shopId: mine.shopId
		});
		await expect(
			switchActiveShop(t.db, {
				sessionId: session.id,
				userId: mine.owner.userId,
				shopId: theirs.shopId
			})
		).rejects.toThrow(NotFoundError);
		expect((await validateSessionToken(t.db, token))?.shop.id).toBe(mine.shopId);
	});

	it("cannot move someone else's session", async () => {
		const team = await seedTeam(t.db, 'Shared');
		const { session } = await createSession(t.db, {
			userId: team.owner.userId,
			shopId: team.shopId
		});
		await expect(
			switchActiveShop(t.db, {
				sessionId: session.id,
				userId: team.tuner.userId,
				shopId: team.shopId
			})
		).rejects.toThrow(NotFoundError);
	});
});
