import type { ChannelTable } from './channel-table';
import type { ConditionGate } from './condition-gate';
import type { RuleKind, SafetyAction, SafetyRule } from './rule-schema';
import type { VerdictStatus } from './verdict';

export const OK = 0;
export const WARN = 1;
export const CRITICAL = 2;

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
 * status and the last emitted verdict. A kind only says how to turn the channel table into one number.
 */
export abstract class RuleRuntime {
	readonly id: string;
	readonly label: string;
	readonly kind: RuleKind;
	readonly triggers: Int32Array;
	readonly watched: Int32Array;
	readonly conditions: readonly ConditionGate[];
	readonly actions: readonly (readonly SafetyAction[])[];
	readonly lostLevel: number;
	readonly forUs: number;
	/** 0 = no latch. */
	readonly latchLevel: number;
	private readonly warnHigh: number;
	private readonly critHigh: number;
	private readonly warnLow: number;
	private readonly critLow: number;
	private readonly hysteresis: number;

	/** Outputs of the last measure()/classify(). */
	value = Number.NaN;
	channel: string;
	limit = Number.NaN;
	direction = 0;

	raw = OK;
	warnSinceUs = -1;
	critSinceUs = -1;
	debounced = OK;
	latched = OK;
	acknowledged = false;
	lostInputs = 0;
	lostChannel = '';
	status: VerdictStatus = 'live';
	/** What the last emitted verdict said (level OK / status live before any). */
	level = OK;
	emittedStatus: VerdictStatus = 'live';

	constructor(rule: SafetyRule, wiring: RuleWiring) {
		this.id = rule.id;
		this.label = rule.label ?? rule.id;
		this.kind = rule.kind;
		this.triggers = Int32Array.from(wiring.triggers);
		this.watched = Int32Array.from(new Set(wiring.watched));
		this.channel = wiring.channel;
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

	/**
	 * Updates the rule's own windows with a sample of channel `index` and sets `value` (and `channel` if it
	 * varies). Returns false when there is no reading to judge yet.
	 */
	abstract measure(table: ChannelTable, index: number, nowUs: number): boolean;

	/** Forget windows and baselines that must not span a gap in the data. */
	resetMeasure(): void {}

	conditionsHold(table: ChannelTable, nowUs: number): boolean {
		let all = true;
		// Every gate is updated even after one fails, so each one's "for N ms" clock stays honest.
		for (let i = 0; i < this.conditions.length; i++)
			if (!this.conditions[i].holds(table, nowUs)) all = false;
		return all;
	}

	/** Raw level of `value` against the limits, with hysteresis relative to the current raw level. */
	classify(value: number): number {
		const crit = this.raw >= CRITICAL ? this.hysteresis : 0;
		const warn = this.raw >= WARN ? this.hysteresis : 0;
		if (value >= this.critHigh - crit) return this.set(CRITICAL, this.critHigh, 1);
		if (value <= this.critLow + crit) return this.set(CRITICAL, this.critLow, -1);
		if (value >= this.warnHigh - warn) return this.set(WARN, this.warnHigh, 1);
		if (value <= this.warnLow + warn) return this.set(WARN, this.warnLow, -1);
		return this.set(OK, Number.NaN, 0);
	}

	/** A condition does not hold: nothing to report, and no hysteresis memory carried over. */
	gatedOff(): number {
		return this.set(OK, Number.NaN, 0);
	}

	resetState(): void {
		this.raw = OK;
		this.warnSinceUs = -1;
		this.critSinceUs = -1;
		this.debounced = OK;
		this.value = Number.NaN;
		this.limit = Number.NaN;
		this.direction = 0;
		for (const gate of this.conditions) gate.reset();
		this.resetMeasure();
	}

	private set(level: number, limit: number, direction: number): number {
		this.limit = limit;
		this.direction = direction;
		return level;
	}
}
