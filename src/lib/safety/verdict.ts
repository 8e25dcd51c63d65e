import type { Level } from './bounds';
import type { RuleKind, SafetyAction } from './rule-schema';

export type { Level } from './bounds';

/**
 * - `live`: the rule is judging fresh data;
 * - `signal-lost`: an input stopped (or only sends NaN) for longer than its expected period × N, so the rule
 *   reports its lost level instead of a frozen last value;
 * - `disconnected`: the adapter is gone; nothing is judged until samples arrive again.
 */
export type VerdictStatus = 'live' | 'signal-lost' | 'disconnected';

/** One change of a rule's verdict, emitted synchronously from the sample that caused it. */
export interface SafetyVerdict {
	ruleId: string;
	label: string;
	kind: RuleKind;
	level: Level;
	previousLevel: Level;
	status: VerdictStatus;
	/** The channel the verdict is about (the worst cylinder for knock, the lost input when signal lost). */
	channel: string;
	/** The quantity the rule classified (value, rate/s, difference, duty %, ratio…); NaN when not live. */
	value: number;
	/** The threshold crossed, for the alarm text. */
	limit?: number;
	direction?: 'high' | 'low';
	/** Engine time of the change, µs on the adapter clock. */
	timeUs: number;
	/** Held by a latch until acknowledged, even if the condition has cleared. */
	latched: boolean;
	acknowledged: boolean;
	/**
	 * What to do now: the level's actions on an escalation (or when an override ends with the level still
	 * raised), empty otherwise and always empty while the rule is overridden.
	 */
	actions: readonly SafetyAction[];
	/** Engine time the rule's override ends; present only while a technician's override is in force. */
	overriddenUntilUs?: number;
}
