import { SafetyProfileError } from '../../safety/errors';
import type { ShopRole } from '../db/schema';
import type { ProfileProblem } from './profile-problems';

/** The user's role in the shop may view a vehicle's safety profile but not change it. */
export class ProfileChangeNotPermittedError extends Error {
	override name = 'ProfileChangeNotPermittedError';
	readonly role: ShopRole;
	constructor(role: ShopRole, options?: { cause?: unknown }) {
		super(`a ${role.replace('_', ' ')} may not change a vehicle's safety profile`, options);
		this.role = role;
	}
}

/**
 * The edit was made on a version that is no longer the newest: someone saved in between. Nothing is stored, so
 * their change is not silently overwritten; the editor keeps the user's input and shows the newer version.
 */
export class ProfileVersionConflictError extends Error {
	override name = 'ProfileVersionConflictError';
	readonly expected: number;
	readonly latest: number;
	constructor(expected: number, latest: number, options?: { cause?: unknown }) {
		super(
			`the profile was edited from version ${expected}, but version ${latest} is newer`,
			options
		);
		this.expected = expected;
		this.latest = latest;
	}
}

/**
 * A vehicle profile that does not validate. `issues` are SafetyProfileError's readable lines; `problems` are the
 * same issues placed on the rule and fields they concern, so an editor can show each beside its input.
 */
export class VehicleProfileInvalidError extends SafetyProfileError {
	readonly problems: readonly ProfileProblem[];
	constructor(problems: readonly ProfileProblem[], options?: { cause?: unknown }) {
		super(
			'invalid vehicle safety profile',
			problems.map((p) => p.message),
			options
		);
		this.name = 'VehicleProfileInvalidError';
		this.problems = problems;
	}
}
