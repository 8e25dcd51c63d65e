import * as v from 'valibot';
import {
	ActionsByLevelSchema,
	LevelSchema,
	SafetyRuleSchema,
	type SafetyRule
} from './rule-schema';

const Name = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

export const WatchdogSchema = v.strictObject({
	/** A channel is signal lost after its expected period × this. @default 5 */
	factor: v.optional(v.pipe(v.number(), v.finite(), v.minValue(1), v.maxValue(1000))),
	/** Floor on the lost timeout, so adapter batching jitter on a 1 kHz channel is not a dropout. @default 50 */
	minLostMs: v.optional(v.pipe(v.number(), v.finite(), v.minValue(1), v.maxValue(60_000))),
	/** A ruled channel that has not reported this long after the first sample is signal lost. @default 2000 */
	startupGraceMs: v.optional(v.pipe(v.number(), v.finite(), v.minValue(1), v.maxValue(600_000))),
	/** @default 'warn' */
	lostLevel: v.optional(LevelSchema)
});

/** A protective command the profile's actions may name; what it sends is the integrator's business. */
export const ProtectiveCommandSchema = v.strictObject({
	label: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
	description: v.optional(v.pipe(v.string(), v.maxLength(500)))
});

const ProfileShape = v.strictObject({
	id: Name,
	name: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
	version: v.pipe(v.number(), v.integer(), v.minValue(1)),
	description: v.optional(v.pipe(v.string(), v.maxLength(1000))),
	/** Actions per level for rules that name none. */
	actions: ActionsByLevelSchema,
	commands: v.optional(v.record(Name, ProtectiveCommandSchema)),
	watchdog: v.optional(WatchdogSchema),
	rules: v.pipe(v.array(SafetyRuleSchema), v.maxLength(1024))
});

export const SafetyProfileSchema = v.pipe(
	ProfileShape,
	v.rawCheck(({ dataset, addIssue }) => {
		if (!dataset.typed) return;
		for (const message of crossCheck(dataset.value)) addIssue({ message });
	})
);

export type SafetyProfile = v.InferOutput<typeof SafetyProfileSchema>;

/**
 * A vehicle's changes to a shipped profile: per-rule patches (a rule's kind and id cannot change), extra rules,
 * and replaced actions, commands or watchdog settings. Versioned so a stored override names what it was made for.
 */
export const ProfileOverrideSchema = v.strictObject({
	baseId: Name,
	/** The override's own version; the merged profile carries base.version × 1000 + this. */
	version: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(999)),
	name: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(120))),
	rules: v.optional(v.record(Name, v.record(v.string(), v.unknown()))),
	add: v.optional(v.array(SafetyRuleSchema)),
	actions: v.optional(ActionsByLevelSchema),
	commands: v.optional(v.record(Name, ProtectiveCommandSchema)),
	watchdog: v.optional(WatchdogSchema)
});

export type ProfileOverride = v.InferOutput<typeof ProfileOverrideSchema>;

/** Consistency a per-field schema cannot see: unique ids, ordered limits, commands that exist. */
function crossCheck(profile: v.InferOutput<typeof ProfileShape>): string[] {
	const problems: string[] = [];
	const ids = new Set<string>();
	const commands = profile.commands ?? {};
	const checkActions = (where: string, actions: typeof profile.actions | undefined) => {
		for (const list of [actions?.warn, actions?.critical]) {
			for (const action of list ?? []) {
				if (action.kind === 'protective-command' && !Object.hasOwn(commands, action.command))
					problems.push(`${where}: protective command "${action.command}" is not defined`);
			}
		}
	};
	checkActions('profile actions', profile.actions);
	for (const rule of profile.rules) {
		if (ids.has(rule.id)) problems.push(`rule id "${rule.id}" is used twice`);
		ids.add(rule.id);
		problems.push(...limitProblems(rule));
		checkActions(`rule "${rule.id}"`, rule.actions);
	}
	return problems;
}

function limitProblems(rule: SafetyRule): string[] {
	const { warnHigh, critHigh, warnLow, critLow } = rule;
	const problems: string[] = [];
	const name = `rule "${rule.id}"`;
	if (
		warnHigh === undefined &&
		critHigh === undefined &&
		warnLow === undefined &&
		critLow === undefined
	)
		problems.push(`${name} has no threshold`);
	if (warnHigh !== undefined && critHigh !== undefined && warnHigh > critHigh)
		problems.push(`${name}: warnHigh ${warnHigh} is above critHigh ${critHigh}`);
	if (warnLow !== undefined && critLow !== undefined && warnLow < critLow)
		problems.push(`${name}: warnLow ${warnLow} is below critLow ${critLow}`);
	const lowest = Math.min(warnHigh ?? Infinity, critHigh ?? Infinity);
	const highest = Math.max(warnLow ?? -Infinity, critLow ?? -Infinity);
	if (lowest <= highest) problems.push(`${name}: high limits must lie above low limits`);
	return problems;
}
