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
export { signalRanges, signalPeriodsUs } from './decoder-inputs';
export { profileChannels } from './profile-channels';
export { buildSafetyReport, type ChannelSamples, type SafetyReportOptions } from './report';
export {
	SAFETY_REPORT_VERSION,
	SafetyReportSchema,
	type SafetyReport,
	type SafetyEvent,
	type ThresholdTime,
	type Pull,
	type PullVerdict
} from './report-schema';
export {
	AUDIT_ACTIONS,
	AUDIT_ROLES,
	AuditEntryError,
	AuditEntrySchema,
	genesisHash,
	hashAuditEntry,
	nextAuditEntry,
	verifyChain,
	type AuditAction,
	type AuditEntry,
	type AuditEntryInput,
	type AuditRole,
	type ChainVerification,
	type JsonValue
} from './audit-chain';
export {
	authorizeSafetyAction,
	maySilence,
	OverrideNotPermittedError,
	OverrideReasonRequiredError,
	type SafetyActionKind,
	type SafetyActionRequest
} from './override-policy';
export { runSafetyActions, type SafetyActionHandlers } from './safety-actions';
