import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { customer, vehicle } from '$lib/server/db/schema';
import { ShopConflictError } from '$lib/server/shops/errors';
import { authorize, type Actor } from '$lib/server/shops/permissions';
import { NotFoundError } from '$lib/server/timeseries/errors';
import { createVehicle } from '$lib/server/vehicle-safety/vehicles';
import { parseVin, type DecodedVin } from './vin';

export interface VehicleInput {
	/** Typed or read from the car over OBD; normalised and checked by {@link parseVin}. */
	vin: string;
	/** What the shop calls it; defaults to "year make model". */
	name?: string | null;
	/** Default to what the VIN decodes to. */
	make?: string | null;
	model?: string | null;
	year?: number | null;
	allowMissingCheckDigit?: boolean;
	/** The shipped safety profile the vehicle starts on (vehicle-safety's default when absent). */
	baseProfileId?: string;
}

const columns = {
	id: vehicle.id,
	name: vehicle.name,
	make: vehicle.make,
	model: vehicle.model,
	year: vehicle.year,
	vin: vehicle.vin,
	customerId: vehicle.customerId,
	createdAt: vehicle.createdAt
};

async function requireCustomer(db: Db, actor: Actor, customerId: string): Promise<void> {
	const [row] = await db
		.select({ id: customer.id })
		.from(customer)
		.where(and(eq(customer.id, customerId), eq(customer.shopId, actor.shopId)));
	if (!row) throw new NotFoundError('customer', customerId);
}

/** A car is registered once per shop; a second record of it would split its history. */
async function refuseDuplicateVin(db: Db, actor: Actor, vin: string, except?: string) {
	const [dup] = await db
		.select({ name: vehicle.name })
		.from(vehicle)
		.where(
			and(
				eq(vehicle.shopId, actor.shopId),
				eq(vehicle.vin, vin),
				except ? ne(vehicle.id, except) : undefined
			)
		)
		.limit(1);
	if (dup) throw new ShopConflictError(`This VIN is already registered here as “${dup.name}”`);
}

function describeVehicle(input: VehicleInput, decoded: DecodedVin) {
	const make = input.make?.trim() || decoded.manufacturer;
	const model = input.model?.trim() || null;
	const year = input.year ?? decoded.modelYear;
	const name =
		input.name?.trim() || [year, make, model].filter((p) => p != null).join(' ') || decoded.vin;
	return { vin: decoded.vin, make: make ?? undefined, model: model ?? undefined, year, name };
}

/**
 * Registers a customer's vehicle. Make and model year default to what the VIN's WMI and 10th character decode
 * to; whatever the user typed wins. The vehicle is created through vehicle-safety's `createVehicle`, so it starts
 * with version 1 of its safety profile like any other vehicle.
 * @throws InvalidVinError, NotFoundError (customer not in the shop), ShopConflictError (VIN already registered),
 *   VehicleInputError (a field too long)
 */
export async function registerVehicle(
	db: Db,
	actor: Actor,
	customerId: string,
	input: VehicleInput
) {
	authorize(actor, 'vehicles.edit');
	const decoded = parseVin(input.vin, { allowMissingCheckDigit: input.allowMissingCheckDigit });
	await requireCustomer(db, actor, customerId);
	await refuseDuplicateVin(db, actor, decoded.vin);
	return db.transaction(async (tx) => {
		const created = await createVehicle(tx, {
			shopId: actor.shopId,
			userId: actor.userId,
			vehicle: describeVehicle(input, decoded),
			baseProfileId: input.baseProfileId
		});
		const [row] = await tx
			.update(vehicle)
			.set({ customerId })
			.where(and(eq(vehicle.id, created.id), eq(vehicle.shopId, actor.shopId)))
			.returning(columns);
		return { vehicle: row, decoded };
	});
}

/** Moves a vehicle to another customer of the shop (a sale), or links one first seen in a log to its owner. */
export async function assignVehicleCustomer(
	db: Db,
	actor: Actor,
	vehicleId: string,
	customerId: string
) {
	authorize(actor, 'vehicles.edit');
	await requireCustomer(db, actor, customerId);
	const [row] = await db
		.update(vehicle)
		.set({ customerId })
		.where(and(eq(vehicle.id, vehicleId), eq(vehicle.shopId, actor.shopId)))
		.returning(columns);
	if (!row) throw new NotFoundError('vehicle', vehicleId);
	return row;
}

/** The vehicle with its customer's name, if it belongs to the actor's shop. */
export async function getVehicleWithCustomer(db: Db, actor: Actor, vehicleId: string) {
	authorize(actor, 'vehicles.view');
	const [row] = await db
		.select({ ...columns, customerName: customer.name })
		.from(vehicle)
		.leftJoin(customer, eq(customer.id, vehicle.customerId))
		.where(and(eq(vehicle.id, vehicleId), eq(vehicle.shopId, actor.shopId)));
	if (!row) throw new NotFoundError('vehicle', vehicleId);
	return row;
}

/** The shop's vehicles by name with their customers, or one customer's. */
export async function listVehiclesWithCustomers(
	db: Db,
	actor: Actor,
	options: { customerId?: string } = {}
) {
	authorize(actor, 'vehicles.view');
	return db
		.select({ ...columns, customerName: customer.name })
		.from(vehicle)
		.leftJoin(customer, eq(customer.id, vehicle.customerId))
		.where(
			and(
				eq(vehicle.shopId, actor.shopId),
				options.customerId ? eq(vehicle.customerId, options.customerId) : undefined
			)
		)
		.orderBy(asc(vehicle.name), asc(vehicle.id));
}

export type VehicleSummary = Awaited<ReturnType<typeof listVehiclesWithCustomers>>[number];
