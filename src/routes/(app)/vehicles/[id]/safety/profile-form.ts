import type { ProfileOverride, SafetyProfile, SafetyRule } from '$lib/safety';
import type { ProfileChanges, ProfileProblem } from '$lib/server/vehicle-safety';

/**
 * The editor's view of a profile: one row per rule of the shipped base with the thresholds that apply to it, and
 * the parsing of the posted form back into an override. Form fields are named `<ruleId>:<field>`; the ids come
 * from the base profile, never from the post, so any rule id is safe in a name.
 */
const LIMITS = ['warnHigh', 'critHigh', 'warnLow', 'critLow'] as const;
/** Unset means 0 (rule-schema.ts `@default 0`), so a blank input sets the default rather than failing. */
const DEFAULT_ZERO = ['hysteresis', 'forMs'] as const;
const WINDOWED: readonly SafetyRule['kind'][] = ['rate', 'knock-count'];

export const RULE_FIELDS = [...LIMITS, ...DEFAULT_ZERO, 'windowMs'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

export interface RuleRow {
	id: string;
	label: string;
	kind: SafetyRule['kind'];
	enabled: boolean;
	/** The fields this rule has, as the inputs show them; a field absent here does not apply to the rule. */
	values: Partial<Record<RuleField, string>>;
	/** The shipped base's values, shown beside edited ones. */
	shipped: Partial<Record<RuleField, string>>;
}

/** The limits a rule sets (a high-only rule gets no low inputs), plus hysteresis, duration and window. */
export function ruleFields(rule: SafetyRule): RuleField[] {
	return [
		...LIMITS.filter((f) => rule[f] !== undefined),
		...DEFAULT_ZERO,
		...(WINDOWED.includes(rule.kind) ? (['windowMs'] as const) : [])
	];
}

/** Rows for the base profile's rules, valued from `shown` (the vehicle's merged profile, or the base itself). */
export function ruleRows(base: SafetyProfile, shown: SafetyProfile): RuleRow[] {
	return base.rules.map((rule) => {
		const current = shown.rules.find((r) => r.id === rule.id) ?? rule;
		const fields = ruleFields(rule);
		return {
			id: rule.id,
			label: rule.label || rule.id,
			kind: rule.kind,
			enabled: current.enabled !== false,
			values: Object.fromEntries(fields.map((f) => [f, text(read(current, f))])),
			shipped: Object.fromEntries(fields.map((f) => [f, text(read(rule, f))]))
		};
	});
}

export interface ProfileForm {
	changes: ProfileChanges;
	/** Inputs that are not numbers, or required limits left blank. */
	problems: ProfileProblem[];
	/** Every posted input by field name, so a refused save can show exactly what was typed. */
	values: Record<string, string>;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Reads the posted editor into the changes of a new version. Only what differs from the base is kept, so a later
 * shipped-profile update still reaches the fields the vehicle never changed. When the new version keeps the
 * previous version's base, whatever the editor does not show (added rules, actions, conditions) carries over.
 */
export function readProfileForm(
	base: SafetyProfile,
	form: FormData,
	previous: ProfileOverride | null
): ProfileForm {
	const carry = previous?.baseId === base.id ? previous : null;
	const problems: ProfileProblem[] = [];
	const values: Record<string, string> = {};
	const rules: Record<string, Record<string, unknown>> = {};
	for (const rule of base.rules) {
		const patch: Record<string, unknown> = { ...carry?.rules?.[rule.id] };
		const enabled = form.get(`${rule.id}:enabled`) !== null;
		values[`${rule.id}:enabled`] = enabled ? 'on' : '';
		delete patch.enabled;
		if (enabled !== (rule.enabled !== false)) patch.enabled = enabled;
		for (const field of ruleFields(rule)) {
			const raw = String(form.get(`${rule.id}:${field}`) ?? '').trim();
			values[`${rule.id}:${field}`] = raw;
			delete patch[field];
			const problem = (message: string) =>
				problems.push({
					ruleId: rule.id,
					fields: [field],
					message: `${rule.id} ${field}: ${message}`
				});
			let value: number;
			if (raw === '') {
				if (!isDefaultZero(field)) {
					problem('required (untick Enabled to switch the rule off)');
					continue;
				}
				value = 0;
			} else if (NUMBER.test(raw) && Number.isFinite(Number(raw))) value = Number(raw);
			else {
				problem(`"${raw}" is not a number`);
				continue;
			}
			if (value !== read(rule, field)) patch[field] = value;
		}
		if (Object.keys(patch).length > 0) rules[rule.id] = patch;
	}
	const { name, add, actions, commands, watchdog } = carry ?? {};
	const changes: ProfileChanges = { name, add, actions, commands, watchdog, rules };
	for (const key of Object.keys(changes) as (keyof ProfileChanges)[])
		if (changes[key] === undefined) delete changes[key];
	if (Object.keys(rules).length === 0) delete changes.rules;
	return { changes, problems, values };
}

function isDefaultZero(field: RuleField): boolean {
	return (DEFAULT_ZERO as readonly string[]).includes(field);
}

function read(rule: SafetyRule, field: RuleField): number | undefined {
	const value = (rule as Partial<Record<RuleField, number>>)[field];
	return value === undefined && isDefaultZero(field) ? 0 : value;
}

function text(value: number | undefined): string {
	return value === undefined ? '' : String(value);
}
