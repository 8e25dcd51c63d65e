import { canonicalJson } from '../../safety/canonical-json';
import type { SafetyProfile } from '../../safety/profile-schema';

/** A plain value as an editor shows it; objects and arrays (conditions, actions) as canonical JSON. */
export type DiffValue = string | number | boolean | null;

/** One difference between two profiles; `ruleId` null for profile-level fields (id, name, actions…). */
export interface ProfileChange {
	ruleId: string | null;
	/** The rule's field, the profile's field, or 'rule' when the whole rule was added or removed. */
	field: string;
	from: DiffValue;
	to: DiffValue;
}

/** Profile fields that every version has and that say nothing about what the vehicle is held to. */
const IGNORED = new Set(['version', 'description']);

/** A rule field left unset means this (rule-schema.ts `@default`s), so setting it to the default is no change. */
const RULE_DEFAULTS: Record<string, unknown> = { enabled: true, hysteresis: 0, forMs: 0 };

/**
 * What changed from one profile to the next, rule by rule and field by field, in the newer profile's rule order
 * (removed rules last). An unset field reads as null, so "set critHigh" and "cleared critHigh" are visible too.
 */
export function diffProfiles(before: SafetyProfile, after: SafetyProfile): ProfileChange[] {
	const changes: ProfileChange[] = [];
	const top = new Set([...Object.keys(before), ...Object.keys(after)]);
	for (const field of top) {
		if (field === 'rules' || IGNORED.has(field)) continue;
		pushIfChanged(changes, null, field, get(before, field), get(after, field));
	}
	const old = new Map(before.rules.map((r) => [r.id, r]));
	const kept = new Set<string>();
	for (const rule of after.rules) {
		const previous = old.get(rule.id);
		kept.add(rule.id);
		if (!previous) {
			changes.push({ ruleId: rule.id, field: 'rule', from: null, to: 'added' });
			continue;
		}
		for (const field of new Set([...Object.keys(previous), ...Object.keys(rule)]))
			pushIfChanged(
				changes,
				rule.id,
				field,
				get(previous, field) ?? RULE_DEFAULTS[field],
				get(rule, field) ?? RULE_DEFAULTS[field]
			);
	}
	for (const rule of before.rules)
		if (!kept.has(rule.id))
			changes.push({ ruleId: rule.id, field: 'rule', from: 'present', to: 'removed' });
	return changes;
}

function get(object: object, field: string): unknown {
	return (object as Record<string, unknown>)[field];
}

function pushIfChanged(
	out: ProfileChange[],
	ruleId: string | null,
	field: string,
	from: unknown,
	to: unknown
): void {
	const a = show(from);
	const b = show(to);
	if (a !== b) out.push({ ruleId, field, from: a, to: b });
}

function show(value: unknown): DiffValue {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
		return value;
	return canonicalJson(value);
}
