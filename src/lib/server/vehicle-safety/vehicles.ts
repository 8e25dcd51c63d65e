import { and, asc, desc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../db';
import { vehicle, vehicleSafetyProfile } from '../db/schema';
import { getMemberRole } from '../shops/shops';
import { NotFoundError } from '../timeseries/errors';
import { DEFAULT_BASE_PROFILE_ID, writeProfileVersion } from './profile-versions';

/**
 * The few vehicle fields intake needs; issue "Customers and vehicles" grows this into full management. Blank
 * optional fields are stored as null.
 */
const Optional = (max: number) =>
	v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(max),
		v.transform((s) => (s === '' ? null : s))
	);

export const VehicleInputSchema = v.object({
	name: v.pipe(v.string(), v.trim(), v.minLength(1, 'a vehicle needs a name'), v.maxLength(120)),
	make: Optional(60),
	model: Optional(60),
	year: v.optional(
		v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1886), v.maxValue(2100))),
		null
	),
	/** ISO 3779: 17 characters, never I, O or Q. */
	vin: v.pipe(
		Optional(17),
		v.transform((s) => s?.toUpperCase() ?? null),
		v.check(
			(s) => s === null || /^[A-HJ-NPR-Z0-9]{17}$/.test(s),
			'a VIN is 17 letters and digits, without I, O or Q'
		)
	)
});

export type VehicleInput = v.InferInput<typeof VehicleInputSchema>;

/** Vehicle fields that do not validate; `issues` maps each field to its message. */
export class VehicleInputError extends TypeError {
	override name = 'VehicleInputError';
	readonly issues: Readonly<Record<string, string>>;
	constructor(issues: Record<string, string>, options?: { cause?: unknown }) {
		super(`invalid vehicle: ${Object.values(issues).join('; ')}`, options);
		this.issues = issues;
	}
}

/**
 * Adds a vehicle to the shop with version 1 of its safety profile: the chosen shipped profile, unchanged. Any
 * member may do this (the front desk takes cars in); changing the profile's limits afterwards takes an editor role.
 * @throws VehicleInputError; VehicleProfileInvalidError for an unknown base; NotFoundError when the user is not a
 *   member of the shop.
 */
export async function createVehicle(
	db: Db,
	input: { shopId: string; userId: string; vehicle: VehicleInput; baseProfileId?: string }
) {
	const parsed = v.safeParse(VehicleInputSchema, input.vehicle);
	if (!parsed.success)
		throw new VehicleInputError(
			Object.fromEntries(parsed.issues.map((i) => [v.getDotPath(i) ?? 'vehicle', i.message]))
		);
	return db.transaction(async (tx) => {
		const role = await getMemberRole(tx, input.userId, input.shopId);
		if (!role) throw new NotFoundError('membership', `${input.userId} in ${input.shopId}`);
		const [row] = await tx
			.insert(vehicle)
			.values({ id: crypto.randomUUID(), shopId: input.shopId, ...parsed.output })
			.returning();
		await writeProfileVersion(tx, {
			vehicle: row,
			userId: input.userId,
			role,
			version: 1,
			baseProfileId: input.baseProfileId ?? DEFAULT_BASE_PROFILE_ID,
			changes: {},
			note: 'Initial profile'
		});
		return row;
	});
}

/** The vehicle if it belongs to `shopId`; otherwise {@link NotFoundError}. */
export async function getVehicle(db: Db, shopId: string, vehicleId: string) {
	const [row] = await db
		.select()
		.from(vehicle)
		.where(and(eq(vehicle.id, vehicleId), eq(vehicle.shopId, shopId)));
	if (!row) throw new NotFoundError('vehicle', vehicleId);
	return row;
}

/** The shop's vehicles by name, each with its newest profile version (null when none was ever saved). */
export async function listVehicles(db: Db, shopId: string) {
	const [vehicles, latest] = await Promise.all([
		db.select().from(vehicle).where(eq(vehicle.shopId, shopId)).orderBy(asc(vehicle.name)),
		db
			.selectDistinctOn([vehicleSafetyProfile.vehicleId], {
				vehicleId: vehicleSafetyProfile.vehicleId,
				version: vehicleSafetyProfile.version,
				baseProfileId: vehicleSafetyProfile.baseProfileId
			})
			.from(vehicleSafetyProfile)
			.where(eq(vehicleSafetyProfile.shopId, shopId))
			.orderBy(vehicleSafetyProfile.vehicleId, desc(vehicleSafetyProfile.version))
	]);
	const byVehicle = new Map(latest.map((l) => [l.vehicleId, l]));
	return vehicles.map((row) => {
		const profile = byVehicle.get(row.id);
		return {
			...row,
			profile: profile ? { version: profile.version, baseProfileId: profile.baseProfileId } : null
		};
	});
}
