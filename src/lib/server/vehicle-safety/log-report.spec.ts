import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import { currentLogSafetyReport } from '../safety/reports';
import { createLog, ingestChunk } from '../timeseries';
import { createVehicle, saveVehicleSafetyProfile } from './index';

/** Two seconds of boost held at 175 kPa: above turbo petrol's warning (160), below its critical (180). */
function boostHeldAt175() {
	const n = 200;
	return [
		{
			name: 'BoostPressure',
			t0Us: 0,
			offsets: Uint32Array.from({ length: n }, (_, i) => i * 10_000),
			values: new Float32Array(n).fill(175)
		}
	];
}

describe("a log's safety report judged by its vehicle's profile", () => {
	let t: TestDb;
	let shopId: string;
	let userId: string;
	let vehicleId: string;

	const recordLog = async (vehicle: string | null) => {
		const log = await createLog(t.db, {
			shopId,
			vehicleId: vehicle,
			createdBy: userId,
			name: 'boost pull',
			startedAt: new Date(),
			channels: [{ name: 'BoostPressure', unit: 'kPa', min: 0, max: 300 }]
		});
		await ingestChunk(t.db, { shopId, logId: log.id, seq: 0, channels: boostHeldAt175() });
		return log.id;
	};
	const boostEvents = (report: Awaited<ReturnType<typeof currentLogSafetyReport>>) =>
		report.events.filter((e) => e.ruleId === 'boost').map((e) => e.level);

	beforeAll(async () => {
		t = await createTestDb();
		({ shopId, userId } = await seedShop(t.db));
		({ id: vehicleId } = await createVehicle(t.db, {
			shopId,
			userId,
			vehicle: { name: 'Low-boost Golf' },
			baseProfileId: 'turbo-petrol'
		}));
		await saveVehicleSafetyProfile(t.db, {
			shopId,
			vehicleId,
			userId,
			baseProfileId: 'turbo-petrol',
			changes: { rules: { boost: { critHigh: 170 } } }
		});
	});
	afterAll(() => t.close());

	it('uses the vehicle profile in force: 175 kPa is critical for this car', async () => {
		const report = await currentLogSafetyReport(t.db, shopId, await recordLog(vehicleId));
		expect(report.profile).toEqual({ id: 'turbo-petrol', name: 'Turbo petrol', version: 1002 });
		expect(boostEvents(report)).toEqual(['critical']);
	});

	it('judges a log without a vehicle by the shipped turbo petrol profile', async () => {
		const report = await currentLogSafetyReport(t.db, shopId, await recordLog(null));
		expect(report.profile.version).toBe(1);
		expect(boostEvents(report)).toEqual(['warn']);
	});

	it('recomputes a stored report once the vehicle has a newer profile version', async () => {
		const logId = await recordLog(vehicleId);
		expect((await currentLogSafetyReport(t.db, shopId, logId)).profile.version).toBe(1002);
		await saveVehicleSafetyProfile(t.db, {
			shopId,
			vehicleId,
			userId,
			baseProfileId: 'turbo-petrol',
			changes: {}
		});
		const report = await currentLogSafetyReport(t.db, shopId, logId);
		expect(report.profile.version).toBe(1003);
		expect(boostEvents(report)).toEqual(['warn']);
	});
});
