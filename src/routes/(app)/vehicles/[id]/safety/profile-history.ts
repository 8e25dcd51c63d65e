import type { Db } from '$lib/server/db';
import {
	diffProfiles,
	listVehicleProfileVersions,
	mergeStored,
	shippedProfile
} from '$lib/server/vehicle-safety';

const SHOWN = 100;

/**
 * The vehicle's versions, newest first, each with what changed from the version before it (the first from its
 * shipped base). Versions are merged onto today's shipped bases, as the engine would run them.
 */
export async function profileHistory(db: Db, shopId: string, vehicleId: string) {
	const versions = await listVehicleProfileVersions(db, shopId, vehicleId, { limit: SHOWN + 1 });
	const merged = versions.map((v) => mergeStored(v.baseProfileId, v.override));
	return versions.slice(0, SHOWN).map((v, i) => {
		const before = merged[i + 1]?.profile ?? shippedProfile(v.baseProfileId) ?? merged[i].profile;
		return {
			version: v.version,
			baseProfileId: v.baseProfileId,
			note: v.note,
			createdAt: v.createdAt.toISOString(),
			who: v.createdByName ?? v.createdBy,
			changes: diffProfiles(before, merged[i].profile),
			problems: merged[i].problems
		};
	});
}
