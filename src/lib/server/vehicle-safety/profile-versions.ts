import { and, desc, eq } from 'drizzle-orm';
import type { JsonValue } from '../../safety/audit-chain';
import { turboPetrolProfile } from '../../safety/default-profiles';
import { SafetyProfileError } from '../../safety/errors';
import { mergeProfile } from '../../safety/profile-merge';
import type { ProfileOverride, SafetyProfile } from '../../safety/profile-schema';
import { appendAuditEntry } from '../audit/chain';
import type { Db } from '../db';
import { user, vehicle, vehicleSafetyProfile, type ShopRole } from '../db/schema';
import { getMemberRole } from '../shops/shops';
import { NotFoundError } from '../timeseries/errors';
import { checkVehicleProfile, shippedProfile } from './check-profile';
import {
	ProfileChangeNotPermittedError,
	ProfileVersionConflictError,
	VehicleProfileInvalidError
} from './errors';
import type { ProfileProblem } from './profile-problems';

/** A vehicle with no saved profile is judged by the profile the live session starts with. */
export const DEFAULT_BASE_PROFILE_ID = turboPetrolProfile.id;

/** Roles that may change a vehicle's safety limits; the front desk may only view them. */
export const PROFILE_EDITOR_ROLES = [
	'owner',
	'tuner',
	'technician'
] as const satisfies readonly ShopRole[];

export function mayEditProfile(role: ShopRole | null | undefined): boolean {
	return (PROFILE_EDITOR_ROLES as readonly string[]).includes(role ?? '');
}

const NOTE_MAX = 500;

export interface VehicleProfileVersion {
	version: number;
	baseProfileId: string;
	override: ProfileOverride;
	note: string;
	createdAt: Date;
	createdBy: string;
	/** Null once the user is deleted; the id stays. */
	createdByName: string | null;
}

/**
 * The vehicle's profile versions, newest first.
 * @throws NotFoundError when the vehicle is not in the shop.
 */
export async function listVehicleProfileVersions(
	db: Db,
	shopId: string,
	vehicleId: string,
	options: { limit?: number } = {}
): Promise<VehicleProfileVersion[]> {
	await requireVehicle(db, shopId, vehicleId);
	const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 1), 1000);
	return db
		.select({
			version: vehicleSafetyProfile.version,
			baseProfileId: vehicleSafetyProfile.baseProfileId,
			override: vehicleSafetyProfile.override,
			note: vehicleSafetyProfile.note,
			createdAt: vehicleSafetyProfile.createdAt,
			createdBy: vehicleSafetyProfile.createdBy,
			createdByName: user.name
		})
		.from(vehicleSafetyProfile)
		.leftJoin(user, eq(user.id, vehicleSafetyProfile.createdBy))
		.where(
			and(eq(vehicleSafetyProfile.vehicleId, vehicleId), eq(vehicleSafetyProfile.shopId, shopId))
		)
		.orderBy(desc(vehicleSafetyProfile.version))
		.limit(limit);
}

export interface CurrentVehicleProfile {
	vehicleId: string;
	/** The newest version, or 0 when none was ever saved (the shipped default applies). */
	version: number;
	baseProfileId: string;
	override: ProfileOverride | null;
	/** The merged profile the live engine and log reports judge this vehicle by. */
	profile: SafetyProfile;
	/**
	 * Why the stored override no longer applies (a shipped profile changed under it); `profile` is then the
	 * shipped base unchanged, whose conservative limits are the safer fallback than no profile at all.
	 */
	problems: string[];
}

/**
 * The profile in force for a vehicle: its newest version merged onto its shipped base.
 * @throws NotFoundError when the vehicle is not in the shop.
 */
export async function getVehicleSafetyProfile(
	db: Db,
	shopId: string,
	vehicleId: string
): Promise<CurrentVehicleProfile> {
	await requireVehicle(db, shopId, vehicleId);
	const [row] = await db
		.select()
		.from(vehicleSafetyProfile)
		.where(
			and(eq(vehicleSafetyProfile.vehicleId, vehicleId), eq(vehicleSafetyProfile.shopId, shopId))
		)
		.orderBy(desc(vehicleSafetyProfile.version))
		.limit(1);
	if (!row)
		return {
			vehicleId,
			version: 0,
			baseProfileId: DEFAULT_BASE_PROFILE_ID,
			override: null,
			profile: turboPetrolProfile,
			problems: []
		};
	const { profile, problems } = mergeStored(row.baseProfileId, row.override);
	return {
		vehicleId,
		version: row.version,
		baseProfileId: row.baseProfileId,
		override: row.override,
		profile,
		problems
	};
}

/** A stored version merged onto today's shipped base, or that base (or turbo petrol) with the reasons it fails. */
export function mergeStored(
	baseProfileId: string,
	override: unknown
): { profile: SafetyProfile; problems: string[] } {
	const base = shippedProfile(baseProfileId);
	if (!base)
		return {
			profile: turboPetrolProfile,
			problems: [`shipped profile "${baseProfileId}" no longer exists`]
		};
	try {
		return { profile: mergeProfile(base, override), problems: [] };
	} catch (err) {
		if (err instanceof SafetyProfileError) return { profile: base, problems: [...err.issues] };
		throw err;
	}
}

export interface SaveProfileInput {
	shopId: string;
	vehicleId: string;
	/** The acting user; their role is looked up here, never taken from the client. */
	userId: string;
	baseProfileId: string;
	/** The override's rule patches, added rules, actions… (see ProfileOverrideSchema); validated here. */
	changes: unknown;
	note?: string;
	/** The version the edit started from (0 for none); a newer one saved meanwhile refuses the save. */
	expectedVersion?: number;
}

/**
 * Saves a new version of a vehicle's safety profile and appends it to the shop's audit chain, in one transaction:
 * both land or neither does. Saves to one vehicle queue on its row lock, so versions are 1, 2, 3… without gaps.
 * @throws NotFoundError when the vehicle is not in the shop (or the user is not a member);
 *   ProfileChangeNotPermittedError for the front desk; ProfileVersionConflictError when `expectedVersion` is
 *   stale; VehicleProfileInvalidError listing every problem, nothing stored.
 */
export async function saveVehicleSafetyProfile(
	db: Db,
	input: SaveProfileInput
): Promise<{ version: number; profile: SafetyProfile }> {
	return db.transaction(async (tx) => {
		const [locked] = await tx
			.select()
			.from(vehicle)
			.where(and(eq(vehicle.id, input.vehicleId), eq(vehicle.shopId, input.shopId)))
			.for('no key update');
		if (!locked) throw new NotFoundError('vehicle', input.vehicleId);
		const role = await getMemberRole(tx, input.userId, input.shopId);
		if (!role) throw new NotFoundError('vehicle', input.vehicleId);
		if (!mayEditProfile(role)) throw new ProfileChangeNotPermittedError(role);
		const [head] = await tx
			.select({ version: vehicleSafetyProfile.version })
			.from(vehicleSafetyProfile)
			.where(eq(vehicleSafetyProfile.vehicleId, input.vehicleId))
			.orderBy(desc(vehicleSafetyProfile.version))
			.limit(1);
		const latest = head?.version ?? 0;
		if (input.expectedVersion !== undefined && input.expectedVersion !== latest)
			throw new ProfileVersionConflictError(input.expectedVersion, latest);
		return writeProfileVersion(tx, {
			vehicle: locked,
			userId: input.userId,
			role,
			version: latest + 1,
			baseProfileId: input.baseProfileId,
			changes: input.changes,
			note: input.note ?? ''
		});
	});
}

/**
 * Validates and writes one version plus its audit entry. For callers that already hold the vehicle (locked or
 * just created) inside their transaction and have checked the role.
 */
export async function writeProfileVersion(
	tx: Db,
	input: {
		vehicle: { id: string; shopId: string; name: string };
		userId: string;
		role: ShopRole;
		version: number;
		baseProfileId: string;
		changes: unknown;
		note: string;
	}
): Promise<{ version: number; profile: SafetyProfile }> {
	const note = input.note.trim();
	const noteProblems = checkNote(note);
	let checked: ReturnType<typeof checkVehicleProfile>;
	try {
		checked = checkVehicleProfile(input);
	} catch (err) {
		if (!(err instanceof VehicleProfileInvalidError)) throw err;
		throw new VehicleProfileInvalidError([...err.problems, ...noteProblems], { cause: err.cause });
	}
	if (noteProblems.length > 0) throw new VehicleProfileInvalidError(noteProblems);
	const { vehicle: target, version } = input;
	await tx.insert(vehicleSafetyProfile).values({
		vehicleId: target.id,
		shopId: target.shopId,
		version,
		baseProfileId: input.baseProfileId,
		override: checked.override,
		createdBy: input.userId,
		note
	});
	await appendAuditEntry(tx, {
		shopId: target.shopId,
		actor: input.userId,
		role: input.role,
		action: 'profile-change',
		reason: `${target.name}: safety profile version ${version}${note ? ` (${note})` : ''}`,
		payload: {
			vehicleId: target.id,
			version,
			baseProfileId: input.baseProfileId,
			profileVersion: checked.profile.version,
			override: checked.override as unknown as JsonValue
		}
	});
	return { version, profile: checked.profile };
}

function checkNote(note: string): ProfileProblem[] {
	const problems: ProfileProblem[] = [];
	if (note.length > NOTE_MAX)
		problems.push({
			ruleId: null,
			fields: ['note'],
			message: `note: at most ${NOTE_MAX} characters`
		});
	if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(note))
		problems.push({
			ruleId: null,
			fields: ['note'],
			message: 'note: must not contain control characters'
		});
	return problems;
}

async function requireVehicle(db: Db, shopId: string, vehicleId: string): Promise<void> {
	const [row] = await db
		.select({ id: vehicle.id })
		.from(vehicle)
		.where(and(eq(vehicle.id, vehicleId), eq(vehicle.shopId, shopId)));
	if (!row) throw new NotFoundError('vehicle', vehicleId);
}
