import { shippedProfiles } from '../../safety/default-profiles';
import { SafetyProfileError } from '../../safety/errors';
import { mergeProfile, parseOverride } from '../../safety/profile-merge';
import type { ProfileOverride, SafetyProfile } from '../../safety/profile-schema';
import { VehicleProfileInvalidError } from './errors';
import { placeProblems } from './profile-problems';

/** What an editor changes; the stored override gets its `baseId` and `version` from the save. */
export type ProfileChanges = Omit<ProfileOverride, 'baseId' | 'version'>;

/** A vehicle keeps at most this many versions: the merged profile's version is base × 1000 + this one. */
export const MAX_PROFILE_VERSIONS = 999;

export function shippedProfile(id: string): SafetyProfile | undefined {
	return shippedProfiles.find((p) => p.id === id);
}

export interface CheckedProfile {
	override: ProfileOverride;
	/** The shipped base with the override applied, as the live engine and the log reports will use it. */
	profile: SafetyProfile;
}

/**
 * Validates a vehicle's changes to a shipped profile as version `version` of its profile, with the same checks the
 * live engine's profile goes through (parseOverride, then mergeProfile re-validating the merged whole).
 * @throws VehicleProfileInvalidError listing every problem found, each placed on its rule and fields.
 */
export function checkVehicleProfile(input: {
	baseProfileId: string;
	changes: unknown;
	version: number;
}): CheckedProfile {
	const base = shippedProfile(input.baseProfileId);
	if (!base)
		throw new VehicleProfileInvalidError([
			{
				ruleId: null,
				fields: ['baseProfileId'],
				message: `baseProfileId: no shipped profile "${input.baseProfileId}"`
			}
		]);
	if (input.version > MAX_PROFILE_VERSIONS)
		throw new VehicleProfileInvalidError([
			{
				ruleId: null,
				fields: ['version'],
				message: `version: a vehicle keeps at most ${MAX_PROFILE_VERSIONS} profile versions`
			}
		]);
	const changes = input.changes;
	if (typeof changes !== 'object' || changes === null || Array.isArray(changes))
		throw new VehicleProfileInvalidError([
			{ ruleId: null, fields: [], message: 'changes: must be an object' }
		]);
	let override: ProfileOverride;
	try {
		override = parseOverride({ ...changes, baseId: base.id, version: input.version });
	} catch (err) {
		throw invalid(err, 'override', base);
	}
	try {
		return { override, profile: mergeProfile(base, override) };
	} catch (err) {
		// mergeProfile refuses patches to unknown rules or identities before merging (paths keyed by rule id);
		// anything else comes from validating the merged profile (paths keyed by rule position).
		const stage = (err as Error).message?.startsWith('invalid safety profile')
			? 'merged'
			: 'override';
		throw invalid(err, stage, base, override);
	}
}

function invalid(
	err: unknown,
	stage: 'override' | 'merged',
	base: SafetyProfile,
	override?: ProfileOverride
): unknown {
	if (!(err instanceof SafetyProfileError)) return err;
	return new VehicleProfileInvalidError(placeProblems(err.issues, stage, base, override), {
		cause: err
	});
}
