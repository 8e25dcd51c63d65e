export { SafetyEngine, type SafetyEngineOptions } from './safety-engine';
export type { SafetyVerdict, VerdictStatus, Level } from './verdict';
export type { UnavailableRule } from './compile-rules';
export {
	SafetyRuleSchema,
	SafetyActionSchema,
	ConditionSchema,
	type SafetyRule,
	type SafetyAction,
	type Condition,
	type RuleKind
} from './rule-schema';
export {
	SafetyProfileSchema,
	ProfileOverrideSchema,
	type SafetyProfile,
	type ProfileOverride
} from './profile-schema';
export { parseProfile, parseOverride, mergeProfile } from './profile-merge';
export {
	naPetrolProfile,
	turboPetrolProfile,
	e85Profile,
	shippedProfiles
} from './default-profiles';
export { SafetyProfileError, SafetyEngineError } from './errors';
