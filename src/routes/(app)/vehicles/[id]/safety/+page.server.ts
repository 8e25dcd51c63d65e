import { fail, redirect } from '@sveltejs/kit';
import { shippedProfiles } from '$lib/safety';
import { requireSession } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { httpErrorFor } from '$lib/server/http';
import {
	ProfileChangeNotPermittedError,
	ProfileVersionConflictError,
	VehicleProfileInvalidError,
	checkVehicleProfile,
	getVehicle,
	getVehicleSafetyProfile,
	mayEditProfile,
	saveVehicleSafetyProfile,
	shippedProfile
} from '$lib/server/vehicle-safety';
import { profileHistory } from './profile-history';
import { readProfileForm, ruleRows } from './profile-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, parent, url }) => {
	const { shop, role } = await parent();
	const db = getDb();
	const vehicle = await getVehicle(db, shop.id, params.id).catch(httpErrorFor);
	const [current, history] = await Promise.all([
		getVehicleSafetyProfile(db, shop.id, vehicle.id),
		profileHistory(db, shop.id, vehicle.id)
	]);
	const picked = shippedProfile(url.searchParams.get('base') ?? '');
	const base = picked ?? shippedProfile(current.baseProfileId) ?? current.profile;
	const keepsBase = base.id === current.baseProfileId && current.problems.length === 0;
	return {
		vehicle: { id: vehicle.id, name: vehicle.name, make: vehicle.make, model: vehicle.model },
		canEdit: mayEditProfile(role),
		current: {
			version: current.version,
			baseProfileId: current.baseProfileId,
			problems: current.problems
		},
		base: { id: base.id, name: base.name },
		bases: shippedProfiles.map((p) => ({ id: p.id, name: p.name, description: p.description })),
		rows: ruleRows(base, keepsBase ? current.profile : base),
		history,
		saved: Number(url.searchParams.get('saved')) || null
	};
};

export const actions: Actions = {
	save: async ({ params, request, locals }) => {
		const { user, shop } = requireSession(locals);
		const form = await request.formData();
		const note = String(form.get('note') ?? '');
		const base = shippedProfile(String(form.get('baseProfileId') ?? ''));
		if (!base)
			return fail(400, {
				message: 'Pick a shipped base profile',
				problems: [],
				values: {} as Record<string, string>,
				note
			});
		const db = getDb();
		const current = await getVehicleSafetyProfile(db, shop.id, params.id).catch(httpErrorFor);
		const { changes, problems, values } = readProfileForm(base, form, current.override);
		const refuse = (status: number, message: string, found = problems) =>
			fail(status, { message, problems: found, values, note });
		if (problems.length > 0) {
			// Check what did parse too, so every problem shows at once rather than one round trip each.
			const more = checkProblems(base.id, changes, current.version + 1);
			return refuse(400, 'Nothing was saved: fix the fields marked below', [...problems, ...more]);
		}
		const expectedVersion = Number(form.get('expectedVersion'));
		const saved = await saveVehicleSafetyProfile(db, {
			shopId: shop.id,
			vehicleId: params.id,
			userId: user.id,
			baseProfileId: base.id,
			changes,
			note,
			expectedVersion: Number.isInteger(expectedVersion) ? expectedVersion : undefined
		}).catch((err: unknown) => {
			if (err instanceof VehicleProfileInvalidError)
				return refuse(400, 'Nothing was saved: fix the fields marked below', [...err.problems]);
			if (err instanceof ProfileVersionConflictError)
				return refuse(
					409,
					`Someone saved version ${err.latest} while you were editing; nothing was saved. Your edits are kept below: reload to see theirs.`
				);
			if (err instanceof ProfileChangeNotPermittedError) return refuse(403, err.message);
			return httpErrorFor(err);
		});
		if ('version' in saved) redirect(303, `/vehicles/${params.id}/safety?saved=${saved.version}`);
		return saved;
	}
};

function checkProblems(baseProfileId: string, changes: unknown, version: number) {
	try {
		checkVehicleProfile({ baseProfileId, changes, version });
		return [];
	} catch (err) {
		if (err instanceof VehicleProfileInvalidError) return [...err.problems];
		throw err;
	}
}
