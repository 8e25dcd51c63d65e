import { ConditionGate } from './condition-gate';
import type { SafetyProfile } from './profile-schema';
import {
	BoundsProbe,
	DifferenceProbe,
	InjectorDutyProbe,
	KnockCountProbe,
	KnockEnergyProbe,
	KnockRetardProbe,
	MapPlausibilityProbe,
	RateProbe
} from './rule-kinds';
import { CRITICAL, OK, RuleRuntime, WARN, type Probe, type RuleWiring } from './rule-runtime';
import type { SafetyAction, SafetyRule } from './rule-schema';

export interface UnavailableRule {
	ruleId: string;
	/** Channels the rule reads that the data source does not carry. */
	missing: string[];
}

const LEVEL = { ok: OK, warn: WARN, critical: CRITICAL } as const;

/**
 * Turns a validated profile into rule runtimes wired to channel indexes. A rule whose channels the data does not
 * carry is reported, not compiled ("knock thresholds per cylinder where the data has them"); the knock-retard
 * kind keeps the cylinders that exist.
 */
export function compileRules(
	profile: SafetyProfile,
	channelIndex: ReadonlyMap<string, number>
): { rules: RuleRuntime[]; unavailable: UnavailableRule[] } {
	const rules: RuleRuntime[] = [];
	const unavailable: UnavailableRule[] = [];
	const defaultLost = LEVEL[profile.watchdog?.lostLevel ?? 'warn'];
	for (const rule of profile.rules) {
		if (rule.enabled === false) continue;
		const present =
			rule.kind === 'knock-retard' ? rule.channels.filter((c) => channelIndex.has(c)) : [];
		const needed = [
			...(rule.kind === 'knock-retard' && present.length > 0 ? present : valueChannels(rule)),
			...(rule.when ?? []).map((c) => c.channel)
		];
		const missing = needed.filter((name) => !channelIndex.has(name));
		if (missing.length > 0) {
			unavailable.push({ ruleId: rule.id, missing: [...new Set(missing)] });
			continue;
		}
		const at = (name: string) => channelIndex.get(name)!;
		const conditions = (rule.when ?? []).map((c) => new ConditionGate(c, at(c.channel)));
		const actions = [
			Object.freeze([]) as readonly SafetyAction[],
			Object.freeze([...(rule.actions?.warn ?? profile.actions.warn ?? [])]),
			Object.freeze([...(rule.actions?.critical ?? profile.actions.critical ?? [])])
		];
		const wire = (triggers: string[], support: string[] = []): RuleWiring => ({
			triggers: triggers.map(at),
			watched: [...triggers, ...support, ...(rule.when ?? []).map((c) => c.channel)].map(at),
			channel: triggers[0],
			conditions,
			actions,
			lostLevel: rule.lostLevel ? LEVEL[rule.lostLevel] : defaultLost
		});
		rules.push(build(rule, wire, at, present));
	}
	return { rules, unavailable };
}

function build(
	rule: SafetyRule,
	wire: (triggers: string[], support?: string[]) => RuleWiring,
	at: (name: string) => number,
	present: string[]
): RuleRuntime {
	const make = (wiring: RuleWiring, probe: Probe) => new RuleRuntime(rule, wiring, probe);
	switch (rule.kind) {
		case 'bounds':
			return make(wire([rule.channel]), new BoundsProbe(at(rule.channel)));
		case 'rate':
			return make(wire([rule.channel]), new RateProbe(rule, at(rule.channel)));
		case 'difference':
			return make(wire([rule.a, rule.b]), new DifferenceProbe(at(rule.a), at(rule.b)));
		case 'injector-duty':
			return make(
				wire([rule.pulseWidth, rule.rpm]),
				new InjectorDutyProbe(rule, at(rule.rpm), at(rule.pulseWidth))
			);
		case 'map-plausibility':
			return make(
				wire([rule.map], [rule.rpm, rule.throttle]),
				new MapPlausibilityProbe(rule, at(rule.map), at(rule.rpm), at(rule.throttle))
			);
		case 'knock-retard':
			return make(wire(present), new KnockRetardProbe(Int32Array.from(present.map(at)), present));
		case 'knock-count':
			return make(wire([rule.channel]), new KnockCountProbe(rule, at(rule.channel)));
		case 'knock-energy':
			return make(
				wire([rule.channel], [rule.rpm]),
				new KnockEnergyProbe(rule, at(rule.channel), at(rule.rpm))
			);
	}
}

function valueChannels(rule: SafetyRule): string[] {
	switch (rule.kind) {
		case 'bounds':
		case 'rate':
		case 'knock-count':
			return [rule.channel];
		case 'difference':
			return [rule.a, rule.b];
		case 'injector-duty':
			return [rule.rpm, rule.pulseWidth];
		case 'map-plausibility':
			return [rule.map, rule.rpm, rule.throttle];
		case 'knock-retard':
			return rule.channels;
		case 'knock-energy':
			return [rule.channel, rule.rpm];
	}
}
