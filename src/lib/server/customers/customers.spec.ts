import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { vehicle, vehicleSafetyProfile } from '$lib/server/db/schema';
import { createTestDb, type TestDb } from '$lib/server/db/test-db';
import { createJob } from '$lib/server/jobs/jobs';
import { PermissionDeniedError, ShopConflictError } from '$lib/server/shops/errors';
import { seedTeam, type SeededTeam } from '$lib/server/shops/shop-team.test-helper';
import { createLog } from '$lib/server/timeseries/logs';
import { NotFoundError } from '$lib/server/timeseries/errors';
import { createCustomer, getCustomer, listCustomers, updateCustomer } from './customers';
import { getVehicleHistory } from './vehicle-history';
import {
	assignVehicleCustomer,
	registerVehicle,
	getVehicleWithCustomer,
	listVehiclesWithCustomers
} from './vehicles';
import { InvalidVinError } from './vin';

let t: TestDb;
let team: SeededTeam;
let rival: SeededTeam;
beforeAll(async () => {
	t = await createTestDb();
	team = await seedTeam(t.db, 'Customer Garage');
	rival = await seedTeam(t.db, 'Rival Garage');
});
afterAll(() => t.close());

const ada = {
	name: 'Ada Lovelace',
	email: 'Ada@Example.com',
	phone: '+44 20 7946 0000',
	notes: ''
};

describe('customers', () => {
	it('lets the front desk create and edit a customer, stored trimmed and lower-cased', async () => {
		const c = await createCustomer(t.db, team.frontDesk, { ...ada, name: '  Ada Lovelace ' });
		expect(c).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' });
		const edited = await updateCustomer(t.db, team.frontDesk, c.id, {
			...ada,
			notes: 'Prefers mornings'
		});
		expect(edited.notes).toBe('Prefers mornings');
		expect(await getCustomer(t.db, team.technician, c.id)).toMatchObject({
			notes: 'Prefers mornings'
		});
	});

	it('refuses customer changes to technicians and tuners', async () => {
		for (const who of [team.technician, team.tuner])
			await expect(createCustomer(t.db, who, ada)).rejects.toThrow(PermissionDeniedError);
	});

	it('finds customers by part of a name, email or phone, treating % and _ literally', async () => {
		await createCustomer(t.db, team.owner, {
			name: 'Grace Hopper',
			email: 'grace@navy.test',
			phone: '555 0100',
			notes: ''
		});
		await createCustomer(t.db, team.owner, {
			name: '100% Motors',
			email: null,
			phone: null,
			notes: ''
		});
		const names = async (q: string) =>
			(await listCustomers(t.db, team.frontDesk, { q })).map((c) => c.name);
		expect(await names('hopp')).toEqual(['Grace Hopper']);
		expect(await names('NAVY')).toEqual(['Grace Hopper']);
		expect(await names('0100')).toEqual(['Grace Hopper']);
		expect(await names('%')).toEqual(['100% Motors']);
	});

	it("never shows or changes another shop's customers", async () => {
		const c = await createCustomer(t.db, team.owner, { ...ada, name: 'Private Person' });
		await expect(getCustomer(t.db, rival.owner, c.id)).rejects.toThrow(NotFoundError);
		await expect(updateCustomer(t.db, rival.owner, c.id, ada)).rejects.toThrow(NotFoundError);
		expect((await listCustomers(t.db, rival.owner)).map((r) => r.name)).not.toContain(
			'Private Person'
		);
	});
});

describe('vehicles', () => {
	it('fills make, model year and name from the VIN unless the user typed them', async () => {
		const owner = await createCustomer(t.db, team.frontDesk, ada);
		const { vehicle: car, decoded } = await registerVehicle(t.db, team.frontDesk, owner.id, {
			vin: '1hgcm82633a004352',
			model: 'Accord'
		});
		expect(car).toMatchObject({
			vin: '1HGCM82633A004352',
			make: 'Honda',
			model: 'Accord',
			year: 2003,
			name: '2003 Honda Accord',
			customerId: owner.id
		});
		expect(decoded.country).toBe('United States');
		// Built on vehicle-safety's createVehicle: the car starts on version 1 of its safety profile.
		expect(
			await t.db
				.select({ version: vehicleSafetyProfile.version })
				.from(vehicleSafetyProfile)
				.where(eq(vehicleSafetyProfile.vehicleId, car.id))
		).toEqual([{ version: 1 }]);
		const { vehicle: named } = await registerVehicle(t.db, team.frontDesk, owner.id, {
			vin: '5YJ3E1EA2KF317000',
			name: 'Track car',
			make: 'Tesla Motors',
			year: 2020
		});
		expect(named).toMatchObject({ name: 'Track car', make: 'Tesla Motors', year: 2020 });
		expect(
			(await listVehiclesWithCustomers(t.db, team.technician, { customerId: owner.id })).map(
				(v) => v.name
			)
		).toEqual(['2003 Honda Accord', 'Track car']);
	});

	it('refuses a VIN with a wrong check digit, and the same car twice', async () => {
		const owner = await createCustomer(t.db, team.owner, { ...ada, name: 'Twice' });
		await expect(
			registerVehicle(t.db, team.owner, owner.id, { vin: '1HGCM82633A004353' })
		).rejects.toThrow(InvalidVinError);
		await registerVehicle(t.db, team.owner, owner.id, { vin: 'WBA8E9G57HNU00000' });
		await expect(
			registerVehicle(t.db, team.owner, owner.id, { vin: 'wba8e9g57hnu00000' })
		).rejects.toThrow(ShopConflictError);
		// Another shop may service the same car.
		const theirs = await createCustomer(t.db, rival.owner, ada);
		await expect(
			registerVehicle(t.db, rival.owner, theirs.id, { vin: 'WBA8E9G57HNU00000' })
		).resolves.toBeDefined();
	});

	it("will not put a vehicle on another shop's customer, through the module or the database", async () => {
		const theirs = await createCustomer(t.db, rival.owner, { ...ada, name: 'Theirs' });
		await expect(
			registerVehicle(t.db, team.owner, theirs.id, { vin: 'SALGS2RE1JA000001' })
		).rejects.toThrow(NotFoundError);
		// The composite key (customer_id, shop_id) is the second wall behind the module's check.
		await expect(
			t.db.insert(vehicle).values({
				id: crypto.randomUUID(),
				shopId: team.shopId,
				name: 'Smuggled',
				customerId: theirs.id
			})
		).rejects.toThrow();
	});

	it('links a vehicle first seen in a log to its customer', async () => {
		const id = crypto.randomUUID();
		await t.db.insert(vehicle).values({ id, shopId: team.shopId, name: 'Unknown EG hatch' });
		const owner = await createCustomer(t.db, team.frontDesk, { ...ada, name: 'Found Owner' });
		await assignVehicleCustomer(t.db, team.frontDesk, id, owner.id);
		expect(await getVehicleWithCustomer(t.db, team.tuner, id)).toMatchObject({
			customerName: 'Found Owner'
		});
		await expect(assignVehicleCustomer(t.db, rival.owner, id, owner.id)).rejects.toThrow(
			NotFoundError
		);
		await expect(assignVehicleCustomer(t.db, team.technician, id, owner.id)).rejects.toThrow(
			PermissionDeniedError
		);
	});

	it("shows a vehicle's jobs and logs, and nothing of it to another shop", async () => {
		const owner = await createCustomer(t.db, team.frontDesk, { ...ada, name: 'History' });
		const { vehicle: car } = await registerVehicle(t.db, team.frontDesk, owner.id, {
			vin: '2T1BURHE0FC000001'
		});
		await createJob(t.db, team.frontDesk, { vehicleId: car.id, title: 'Stage 1 tune' });
		await createLog(t.db, {
			shopId: team.shopId,
			vehicleId: car.id,
			createdBy: team.tuner.userId,
			name: 'Baseline pull',
			startedAt: new Date('2025-03-01T10:00:00Z'),
			channels: [{ name: 'RPM', unit: 'rpm', min: 0, max: 8000 }]
		});
		const history = await getVehicleHistory(t.db, team.technician, car.id);
		expect(history.vehicle).toMatchObject({ name: '2015 Toyota', customerName: 'History' });
		expect(history.jobs.map((j) => j.title)).toEqual(['Stage 1 tune']);
		expect(history.logs.map((l) => l.name)).toEqual(['Baseline pull']);
		await expect(getVehicleHistory(t.db, rival.owner, car.id)).rejects.toThrow(NotFoundError);
	});
});
