import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	OverrideNotPermittedError,
	OverrideReasonRequiredError
} from '../../safety/override-policy';
import { verifyAuditChain, listAudit } from '../audit';
import { membership, user } from '../db/schema';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import { NotFoundError } from '../timeseries/errors';
import { recordSafetyAction } from './index';

describe('recording safety acknowledgements and overrides', () => {
	let t: TestDb;
	let shopId: string;
	let ownerId: string;
	const members: Record<string, string> = {};

	beforeAll(async () => {
		t = await createTestDb();
		({ shopId, userId: ownerId } = await seedShop(t.db));
		for (const role of ['technician', 'tuner', 'front_desk'] as const) {
			const id = `user_${role}_${crypto.randomUUID()}`;
			await t.db.insert(user).values({
				id,
				email: `${id}@example.test`,
				name: role,
				passwordHash: 'x'
			});
			await t.db.insert(membership).values({ userId: id, shopId, role });
			members[role] = id;
		}
	});
	afterAll(() => t.close());

	const overboost = {
		action: 'override' as const,
		ruleId: 'overboost',
		level: 'critical' as const,
		reason: 'new wastegate actuator, verifying spring pressure on the dyno',
		context: { durationMs: 600_000, verdict: { value: 31.4, limit: 25, channel: 'BoostPressure' } }
	};

	it('writes a technician override to the audit chain with the role the server knows', async () => {
		const entry = await recordSafetyAction(t.db, {
			...overboost,
			shopId,
			userId: members.technician
		});
		expect(entry).toMatchObject({
			seq: 1,
			actor: members.technician,
			role: 'technician',
			action: 'override',
			ruleId: 'overboost',
			reason: overboost.reason,
			payload: { level: 'critical', durationMs: 600_000 }
		});
		await recordSafetyAction(t.db, {
			shopId,
			userId: ownerId,
			action: 'acknowledge',
			ruleId: 'overboost',
			level: 'critical',
			reason: '  boost back on target  '
		});
		expect((await listAudit(t.db, shopId)).map((e) => [e.role, e.action, e.reason])).toEqual([
			['technician', 'override', overboost.reason],
			['owner', 'acknowledge', 'boost back on target']
		]);
		expect(await verifyAuditChain(t.db, shopId)).toMatchObject({ ok: true, count: 2 });
	});

	it('refuses a tuner and the front desk on a critical rule, and writes nothing', async () => {
		const before = (await listAudit(t.db, shopId)).length;
		for (const role of ['tuner', 'front_desk'])
			await expect(
				recordSafetyAction(t.db, { ...overboost, shopId, userId: members[role] })
			).rejects.toThrow(OverrideNotPermittedError);
		expect(await listAudit(t.db, shopId)).toHaveLength(before);
	});

	it('refuses an override without a reason, and a user from outside the shop', async () => {
		await expect(
			recordSafetyAction(t.db, { ...overboost, reason: '   ', shopId, userId: members.technician })
		).rejects.toThrow(OverrideReasonRequiredError);
		const stranger = await seedShop(t.db, 'Elsewhere');
		await expect(
			recordSafetyAction(t.db, { ...overboost, shopId, userId: stranger.userId })
		).rejects.toThrow(NotFoundError);
	});
});
