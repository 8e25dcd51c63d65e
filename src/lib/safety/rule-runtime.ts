import type { ChannelTable } from './channel-table';
import type { ConditionGate } from './condition-gate';
import type { RuleKind, SafetyAction, SafetyRule } from './rule-schema';
import type { VerdictStatus } from './verdict';

export const OK = 0;
export const WARN = 1;
export const CRITICAL = 2;

/** Rule kinds as small integers, so the engine dispatches with a switch instead of a megamorphic call. */
export const KIND_CODE = {
	bounds: 0,
	rate: 1,
	difference: 2,
	'injector-duty': 3,
	'map-plausibility': 4,
	'knock-retard': 5,
	'knock-count': 6,
	'knock-energy': 7
} as const satisfies Record<RuleKind, number>;

/**
 * What a rule kind adds to the shared state: how to turn the channel table into the one number the limits
 * judge. `measure` writes `rule.value` (and `rule.channel` when it varies) and returns false when there is no
 * reading to judge yet.
 */
export interface Probe {
	measure(rule: RuleRuntime, table: ChannelTable, index: number, nowUs: number): boolean;
	/** Forget windows and baselines that must not span a gap in the data. */
	reset(): void;
}

export interface RuleWiring {
	/** Channels whose samples make the rule evaluate. */
	triggers: number[];
	/** Every channel the rule reads, conditions included: any of them lost makes the rule signal lost. */
	watched: number[];
	/** Verdict channel name when the rule does not name one per evaluation. */
	channel: string;
	conditions: ConditionGate[];
	/** Indexed by level: [ok, warn, critical]. */
	actions: readonly (readonly SafetyAction[])[];
	lostLevel: number;
}

/**
 * The state every rule kind shares: limits with hysteresis, the "for N ms" debounce, the latch, the signal-lost
 * status and the last emitted verdict. One concrete class for every kind, so the engine's hot loop reads these
 * fields through a single hidden class (a class per kind made every access in it megamorphic).
 */
export class RuleRuntime {
	readonly id: string;
	readonly label: string;
	readonly kind: RuleKind;
	readonly code: number;
	readonly probe: Probe;
	readonly triggers: Int32Array;
	readonly watched: Int32Array;
	readonly conditions: readonly ConditionGate[];
	readonly actions: readonly (readonly SafetyAction[])[];
	readonly lostLevel: number;
	readonly forUs: number;
	/** 0 = no latch. */
	readonly latchLevel: number;
	readonly warnHigh: number;
	readonly critHigh: number;
	readonly warnLow: number;
	readonly critLow: number;
	readonly hysteresis: number;

	/** The channel the rule is about (its first trigger); `channel` may name another (the worst cylinder). */
	readonly primaryChannel: string;
	/** Outputs of the last measure()/classify(). */
	value = Number.NaN;
	channel: string;
	limit = Number.NaN;
	direction = 0;

	raw = OK;
	/** The last evaluation found a `when` condition not holding (the value was not judged). */
	gated = false;
	warnSinceUs = -1;
	critSinceUs = -1;
	debounced = OK;
	latched = OK;
	acknowledged = false;
	lostInputs = 0;
	status: VerdictStatus = 'live';
	/** Engine time an override ends; NaN when none is in force. */
	overrideUntilUs = Number.NaN;
	/** What the last emitted verdict said (level OK / status live before any). */
	level = OK;
	emittedStatus: VerdictStatus = 'live';

	constructor(rule: SafetyRule, wiring: RuleWiring, probe: Probe) {
		this.id = rule.id;
		this.label = rule.label ?? rule.id;
		this.kind = rule.kind;
		this.code = KIND_CODE[rule.kind];
		this.probe = probe;
		this.triggers = Int32Array.from(wiring.triggers);
		this.watched = Int32Array.from(new Set(wiring.watched));
		this.channel = wiring.channel;
		this.primaryChannel = wiring.channel;
		this.conditions = wiring.conditions;
		this.actions = wiring.actions;
		this.lostLevel = wiring.lostLevel;
		this.forUs = (rule.forMs ?? 0) * 1000;
		this.latchLevel = rule.latch === 'critical' ? CRITICAL : rule.latch === 'warn' ? WARN : OK;
		this.warnHigh = rule.warnHigh ?? Number.NaN;
		this.critHigh = rule.critHigh ?? Number.NaN;
		this.warnLow = rule.warnLow ?? Number.NaN;
		this.critLow = rule.critLow ?? Number.NaN;
		this.hysteresis = rule.hysteresis ?? 0;
	}

	conditionsHold(table: ChannelTable, nowUs: number): boolean {
		const conditions = this.conditions;
		let all = true;
		// Every gate is asked even after one fails, so each one's "for N ms" clock stays honest.
		for (let i = 0; i < conditions.length; i++) if (!conditions[i].holds(table, nowUs)) all = false;
		return all;
	}

	/**
	 * Raw level of `value` against the limits, with hysteresis relative to the current raw level; sets `limit`
	 * and `direction`. Comparisons against an absent (NaN) limit are false, so no limit means no level.
	 */
	classify(value: number): number {
		const raw = this.raw;
		const crit = raw >= CRITICAL ? this.hysteresis : 0;
		const warn = raw >= WARN ? this.hysteresis : 0;
		let level = OK;
		let limit = Number.NaN;
		let direction = 0;
		this.gated = false;
		if (value >= this.critHigh - crit) {
			level = CRITICAL;
			limit = this.critHigh;
			direction = 1;
		} else if (value <= this.critLow + crit) {
			level = CRITICAL;
			limit = this.critLow;
			direction = -1;
		} else if (value >= this.warnHigh - warn) {
			level = WARN;
			limit = this.warnHigh;
			direction = 1;
		} else if (value <= this.warnLow + warn) {
			level = WARN;
			limit = this.warnLow;
			direction = -1;
		}
		this.limit = limit;
		this.direction = direction;
		return level;
	}

	/** A condition does not hold: nothing to report, and no hysteresis memory carried over. */
	gatedOff(): number {
		this.gated = true;
		this.limit = Number.NaN;
		this.direction = 0;
		return OK;
	}

	resetState(): void {
		this.raw = OK;
		this.gated = false;
		this.warnSinceUs = -1;
		this.critSinceUs = -1;
		this.debounced = OK;
		this.value = Number.NaN;
		this.limit = Number.NaN;
		this.direction = 0;
		for (const gate of this.conditions) gate.reset();
		this.probe.reset();
	}
}
