import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turboPetrolProfile } from '../../safety/default-profiles';
import { listAudit, verifyAuditChain } from '../audit';
import { membership, user, vehicleSafetyProfile } from '../db/schema';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import { NotFoundError } from '../timeseries/errors';
import {
	ProfileChangeNotPermittedError,
	ProfileVersionConflictError,
	VehicleInputError,
	VehicleProfileInvalidError,
	createVehicle,
	getVehicleSafetyProfile,
	listVehicleProfileVersions,
	listVehicles,
	saveVehicleSafetyProfile
} from './index';

const boostOf = (profile: { rules: { id: string }[] }) =>
	profile.rules.find((r) => r.id === 'boost') as { warnHigh?: number; critHigh?: number };

async function refusal(promise: Promise<unknown>): Promise<unknown> {
	return promise.then(
		() => {
			throw new Error('expected the save to be refused');
		},
		(err: unknown) => err
	);
}

describe('vehicle safety profiles', () => {
	let t: TestDb;
	let shopId: string;
	let ownerId: string;
	let vehicleId: string;
	const members: Record<string, string> = {};

	beforeAll(async () => {
		t = await createTestDb();
		({ shopId, userId: ownerId } = await seedShop(t.db));
		for (const role of ['technician', 'tuner', 'front_desk'] as const) {
			const id = `user_${role}_${crypto.randomUUID()}`;
			await t.db.insert(user).values({
				id,
				email: `${id}@example.test`,
				name: `A ${role}`,
				passwordHash: 'x'
			});
			await t.db.insert(membership).values({ userId: id, shopId, role });
			members[role] = id;
		}
		const created = await createVehicle(t.db, {
			shopId,
			userId: ownerId,
			vehicle: { name: 'Customer Evo', make: 'Mitsubishi', vin: 'ja3aw86v07u012345' },
			baseProfileId: 'turbo-petrol'
		});
		vehicleId = created.id;
	});
	afterAll(() => t.close());

	const save = (
		changes: unknown,
		extra: Partial<Parameters<typeof saveVehicleSafetyProfile>[1]> = {}
	) =>
		saveVehicleSafetyProfile(t.db, {
			shopId,
			vehicleId,
			userId: ownerId,
			baseProfileId: 'turbo-petrol',
			changes,
			...extra
		});

	it('creates a vehicle with version 1: the chosen shipped profile, unchanged', async () => {
		const current = await getVehicleSafetyProfile(t.db, shopId, vehicleId);
		expect(current).toMatchObject({ version: 1, baseProfileId: 'turbo-petrol', problems: [] });
		expect(current.profile.version).toBe(1001);
		expect(current.profile.rules).toEqual(turboPetrolProfile.rules);
		const [listed] = (await listVehicles(t.db, shopId)).filter((v) => v.id === vehicleId);
		expect(listed).toMatchObject({
			name: 'Customer Evo',
			vin: 'JA3AW86V07U012345',
			model: null,
			profile: { version: 1, baseProfileId: 'turbo-petrol' }
		});
	});

	it('refuses a vehicle without a name or with a malformed VIN, field by field', async () => {
		const err = await refusal(
			createVehicle(t.db, { shopId, userId: ownerId, vehicle: { name: ' ', vin: 'IOQ' } })
		);
		expect(err).toBeInstanceOf(VehicleInputError);
		expect(Object.keys((err as VehicleInputError).issues).sort()).toEqual(['name', 'vin']);
	});

	it('saves a lowered boost limit as version 2, merged onto the shipped base', async () => {
		const saved = await save(
			{ rules: { boost: { critHigh: 170 } } },
			{ note: 'stock turbo, low boost map', expectedVersion: 1 }
		);
		expect(saved.version).toBe(2);
		const current = await getVehicleSafetyProfile(t.db, shopId, vehicleId);
		expect(current.version).toBe(2);
		expect(current.profile.version).toBe(1002);
		expect(boostOf(current.profile)).toMatchObject({ warnHigh: 160, critHigh: 170 });
		expect(current.override).toEqual({
			baseId: 'turbo-petrol',
			version: 2,
			rules: { boost: { critHigh: 170 } }
		});
		const versions = await listVehicleProfileVersions(t.db, shopId, vehicleId);
		expect(versions.map((v) => [v.version, v.note, v.createdByName])).toEqual([
			[2, 'stock turbo, low boost map', 'Test Tuner'],
			[1, 'Initial profile', 'Test Tuner']
		]);
	});

	it('lists every problem of an invalid edit, placed on its rule and fields, and stores nothing', async () => {
		const before = (await listAudit(t.db, shopId)).length;
		const err = await refusal(
			save({
				rules: {
					boost: { warnHigh: 200 },
					egt: { critHigh: 'hot' },
					coolant: { forMs: -5 },
					nope: { warnHigh: 1 }
				}
			})
		);
		expect(err).toBeInstanceOf(VehicleProfileInvalidError);
		// Unknown rules are refused before the merge, so they are reported on their own.
		expect((err as VehicleProfileInvalidError).problems).toEqual([
			{ ruleId: 'nope', fields: [], message: 'rules.nope: no such rule' }
		]);
		const merged = (await refusal(
			save({
				rules: { boost: { warnHigh: 200 }, egt: { critHigh: 'hot' }, coolant: { forMs: -5 } }
			})
		)) as VehicleProfileInvalidError;
		// Limits are compared once every field is well typed, so boost's order is reported on the next try.
		expect(merged.problems.map((p) => [p.ruleId, p.fields])).toEqual([
			['egt', ['critHigh']],
			['coolant', ['forMs']]
		]);
		const limits = (await refusal(
			save({ rules: { boost: { warnHigh: 200, critHigh: 170 } } })
		)) as VehicleProfileInvalidError;
		expect(limits.problems).toEqual([
			{
				ruleId: 'boost',
				fields: ['warnHigh', 'critHigh'],
				message: 'rule "boost": warnHigh 200 is above critHigh 170'
			}
		]);
		expect((await getVehicleSafetyProfile(t.db, shopId, vehicleId)).version).toBe(2);
		expect(await listAudit(t.db, shopId)).toHaveLength(before);
	});

	it('refuses an unknown base profile, a changed rule kind and an overlong note', async () => {
		const base = (await refusal(
			save({}, { baseProfileId: 'diesel' })
		)) as VehicleProfileInvalidError;
		expect(base.problems).toEqual([
			expect.objectContaining({ ruleId: null, fields: ['baseProfileId'] })
		]);
		const kind = (await refusal(
			save({ rules: { boost: { kind: 'rate' } } })
		)) as VehicleProfileInvalidError;
		expect(kind.problems).toEqual([
			{ ruleId: 'boost', fields: ['kind'], message: 'rules.boost.kind: cannot change' }
		]);
		const note = (await refusal(save({}, { note: 'x'.repeat(501) }))) as VehicleProfileInvalidError;
		expect(note.problems).toEqual([expect.objectContaining({ fields: ['note'] })]);
	});

	it('lets a tuner and a technician change the profile but not the front desk', async () => {
		expect((await save({}, { userId: members.tuner })).version).toBe(3);
		expect((await save({}, { userId: members.technician })).version).toBe(4);
		const err = await refusal(save({}, { userId: members.front_desk }));
		expect(err).toBeInstanceOf(ProfileChangeNotPermittedError);
		expect((err as Error).message).toBe("a front desk may not change a vehicle's safety profile");
		expect((await getVehicleSafetyProfile(t.db, shopId, vehicleId)).version).toBe(4);
	});

	it('refuses a save made from a version that is no longer the newest', async () => {
		const err = await refusal(save({}, { expectedVersion: 2 }));
		expect(err).toBeInstanceOf(ProfileVersionConflictError);
		expect(err).toMatchObject({ expected: 2, latest: 4 });
	});

	it('numbers concurrent saves 5 and 6 without a gap or a duplicate', async () => {
		const saved = await Promise.all([save({}), save({})]);
		expect(saved.map((s) => s.version).sort()).toEqual([5, 6]);
	});

	it('switches the base profile without carrying the old rule patches', async () => {
		await save({}, { baseProfileId: 'e85', note: 'converted to E85' });
		const current = await getVehicleSafetyProfile(t.db, shopId, vehicleId);
		expect(current).toMatchObject({ version: 7, baseProfileId: 'e85' });
		expect(current.profile.id).toBe('e85');
		expect(boostOf(current.profile).critHigh).toBe(190);
	});

	it('writes every version to the shop audit chain as a profile change, and the chain verifies', async () => {
		const entries = (await listAudit(t.db, shopId)).filter((e) => e.action === 'profile-change');
		expect(entries.map((e) => (e.payload as { version: number }).version)).toEqual([
			1, 2, 3, 4, 5, 6, 7
		]);
		expect(entries[1]).toMatchObject({
			actor: ownerId,
			role: 'owner',
			ruleId: null,
			reason: 'Customer Evo: safety profile version 2 (stock turbo, low boost map)',
			payload: {
				vehicleId,
				baseProfileId: 'turbo-petrol',
				profileVersion: 1002,
				override: { baseId: 'turbo-petrol', version: 2, rules: { boost: { critHigh: 170 } } }
			}
		});
		expect(entries[2].role).toBe('tuner');
		expect(await verifyAuditChain(t.db, shopId)).toMatchObject({ ok: true, count: 7 });
	});

	it("answers another shop's vehicle exactly like a missing one", async () => {
		const other = await seedShop(t.db, 'Other Garage');
		const foreign = { shopId: other.shopId, vehicleId, userId: other.userId };
		await expect(getVehicleSafetyProfile(t.db, other.shopId, vehicleId)).rejects.toThrow(
			NotFoundError
		);
		await expect(listVehicleProfileVersions(t.db, other.shopId, vehicleId)).rejects.toThrow(
			NotFoundError
		);
		await expect(
			saveVehicleSafetyProfile(t.db, { ...foreign, baseProfileId: 'turbo-petrol', changes: {} })
		).rejects.toThrow(NotFoundError);
		// A member of another shop naming this shop is not a member here.
		await expect(save({}, { userId: other.userId })).rejects.toThrow(NotFoundError);
		expect(await listVehicles(t.db, other.shopId)).toEqual([]);
	});

	it('falls back to the shipped base, with the reasons, when a stored version no longer fits it', async () => {
		const created = await createVehicle(t.db, {
			shopId,
			userId: ownerId,
			vehicle: { name: 'Old build' },
			baseProfileId: 'na-petrol'
		});
		// As if a later shipped profile dropped a rule this vehicle had patched.
		await t.db.insert(vehicleSafetyProfile).values({
			vehicleId: created.id,
			shopId,
			version: 2,
			baseProfileId: 'na-petrol',
			override: { baseId: 'na-petrol', version: 2, rules: { 'retired-rule': { warnHigh: 1 } } },
			createdBy: ownerId
		});
		const current = await getVehicleSafetyProfile(t.db, shopId, created.id);
		expect(current.version).toBe(2);
		expect(current.profile.id).toBe('na-petrol');
		expect(current.profile.version).toBe(1);
		expect(current.problems).toEqual(['rules.retired-rule: no such rule']);
	});
});
