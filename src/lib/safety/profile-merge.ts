import * as v from 'valibot';
import { SafetyProfileError } from './errors';
import {
	ProfileOverrideSchema,
	SafetyProfileSchema,
	type ProfileOverride,
	type SafetyProfile
} from './profile-schema';

/** Validates untrusted profile data (a stored profile, a form post) once, at the edge. */
export function parseProfile(input: unknown): SafetyProfile {
	const result = v.safeParse(SafetyProfileSchema, input);
	if (!result.success)
		throw new SafetyProfileError('invalid safety profile', describe(result.issues));
	return result.output;
}

export function parseOverride(input: unknown): ProfileOverride {
	const result = v.safeParse(ProfileOverrideSchema, input);
	if (!result.success)
		throw new SafetyProfileError('invalid profile override', describe(result.issues));
	return result.output;
}

/**
 * Applies a vehicle's override to a shipped profile and validates the result as a whole, so a patch that makes a
 * warn limit pass its critical one, or names a command nobody defined, is refused rather than merged.
 */
export function mergeProfile(base: SafetyProfile, overrideInput: unknown): SafetyProfile {
	const override = parseOverride(overrideInput);
	if (override.baseId !== base.id)
		throw new SafetyProfileError('override does not fit this profile', [
			`override is for "${override.baseId}", profile is "${base.id}"`
		]);
	const patches = override.rules ?? {};
	const known = new Set(base.rules.map((r) => r.id));
	const unknown = Object.keys(patches).filter((id) => !known.has(id));
	if (unknown.length > 0)
		throw new SafetyProfileError(
			'override patches rules the profile does not have',
			unknown.map((id) => `rules.${id}: no such rule`)
		);
	const locked = Object.entries(patches).flatMap(([id, patch]) =>
		['id', 'kind']
			.filter((k) => Object.hasOwn(patch, k))
			.map((k) => `rules.${id}.${k}: cannot change`)
	);
	if (locked.length > 0) throw new SafetyProfileError('override changes a rule identity', locked);
	const merged = {
		...base,
		name: override.name ?? base.name,
		version: base.version * 1000 + override.version,
		actions: { ...base.actions, ...override.actions },
		commands: { ...base.commands, ...override.commands },
		watchdog: { ...base.watchdog, ...override.watchdog },
		rules: [
			...base.rules.map((rule) =>
				Object.hasOwn(patches, rule.id) ? { ...rule, ...patches[rule.id] } : rule
			),
			...(override.add ?? [])
		]
	};
	return parseProfile(merged);
}

function describe(issues: readonly v.BaseIssue<unknown>[]): string[] {
	return issues.map((issue) => {
		const path = v.getDotPath(issue);
		return path ? `${path}: ${issue.message}` : issue.message;
	});
}
