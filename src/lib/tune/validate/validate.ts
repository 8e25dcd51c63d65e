import { naPetrolProfile, type SafetyProfile } from '../../safety';
import type { Tune, TuneSchema } from '../model';
import { checkAxes } from './axes';
import { checkBounds } from './bounds';
import { checkCrossField } from './cross-field';
import {
	checkBoostAdvance,
	checkInjectorDuty,
	checkRevLimit,
	limitsFromProfile,
	type PhysicsLimits
} from './physics';
import { SPEEDUINO_ROLES, type EngineRoles } from './roles';
import type { Violation } from './violation';

export interface ValidateOptions {
	/** Constant names of the physics and cross-field checks. @default SPEEDUINO_ROLES */
	roles?: EngineRoles;
	/** The vehicle's safety profile, whose injector-duty and engine-speed limits apply. @default naPetrolProfile */
	profile?: SafetyProfile;
	/** Overrides of the limits taken from the profile. */
	limits?: Partial<PhysicsLimits>;
	/**
	 * Whether the tune's settings use a constant (tunerstudio/in-use.ts derives it from the menus and dialogs).
	 * Bounds, option and axis findings on constants not in use are downgraded to info: an erased VSS ratio or an
	 * unset knock-window axis does not matter while that feature is off. @default every constant is in use
	 */
	inUse?: (constant: string) => boolean;
}

/**
 * Everything that should stop (critical) or give pause (warning) before a tune is written to an ECU: definition
 * bounds and options, strictly rising axes, injector duty at the rev limit, spark advance under boost, the rev
 * limit against the safety profile, and cross-field consistency. Pure: the same call runs in the browser before a
 * burn and on the server when it audits one. Findings come in that order, each with the constant, cell, value,
 * limit and a plain-language reason.
 */
export function validateTune(
	tune: Tune,
	schema: TuneSchema,
	options: ValidateOptions = {}
): Violation[] {
	const roles = options.roles ?? SPEEDUINO_ROLES;
	const limits = { ...limitsFromProfile(options.profile ?? naPetrolProfile), ...options.limits };
	const inUse = options.inUse ?? (() => true);
	const unlessUnused = (v: Violation): Violation =>
		inUse(v.constant)
			? v
			: {
					...v,
					severity: 'info',
					reason: `${v.reason} (not in use with the current settings, so the ECU does not read it now)`
				};
	return [
		...checkBounds(tune, schema).map(unlessUnused),
		...checkAxes(tune, schema).map(unlessUnused),
		...checkInjectorDuty(tune, schema, roles, limits),
		...checkBoostAdvance(tune, schema, roles, limits),
		...checkRevLimit(tune, roles, limits),
		...checkCrossField(tune, roles)
	];
}
