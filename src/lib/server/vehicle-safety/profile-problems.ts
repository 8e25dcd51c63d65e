import type { ProfileOverride, SafetyProfile } from '../../safety/profile-schema';

/** One validation problem, placed on the rule (null: the profile as a whole) and the fields it concerns. */
export interface ProfileProblem {
	ruleId: string | null;
	fields: string[];
	message: string;
}

const LIMITS = ['warnHigh', 'critHigh', 'warnLow', 'critLow'] as const;

/**
 * Places SafetyProfileError issue lines (see profile-merge.ts `describe` and profile-schema.ts `crossCheck`) on
 * rules and fields. Issue paths come in two spellings: an override's patches are keyed by rule id
 * (`rules.boost.critHigh`), a merged profile's rules by position (`rules.9.critHigh`, base rules then added
 * ones); `stage` says which one the issues are in. Cross-rule checks name the rule in quotes instead of a path.
 */
export function placeProblems(
	issues: readonly string[],
	stage: 'override' | 'merged',
	base: SafetyProfile,
	override?: Pick<ProfileOverride, 'add'>
): ProfileProblem[] {
	const order = [...base.rules, ...(override?.add ?? [])].map((r) => r.id);
	return issues.map((message) => {
		const quoted = /^rule(?: id)? "([^"]*)"/.exec(message);
		if (quoted)
			return { ruleId: quoted[1], fields: LIMITS.filter((f) => message.includes(f)), message };
		const colon = message.indexOf(': ');
		const path = colon > 0 ? message.slice(0, colon).split('.') : [];
		if (path[0] === 'rules' && path.length > 1) {
			const ruleId = stage === 'merged' ? (order[Number(path[1])] ?? null) : path[1];
			return { ruleId, fields: path.slice(2, 3), message };
		}
		if (path[0] === 'add' && path.length > 1) {
			const added = override?.add?.[Number(path[1])];
			return { ruleId: added?.id ?? null, fields: path.slice(2, 3), message };
		}
		return { ruleId: null, fields: path.slice(0, 1), message };
	});
}
