/**
 * Per-channel bounds with warn and critical levels: the first safety check, run in the adapter's worker on every
 * decoded sample. Escalation is immediate; de-escalation waits until the value is back inside the threshold by the
 * rule's hysteresis, so a value dithering on a limit does not flap the alarm.
 */
export type Level = 'ok' | 'warn' | 'critical';

export interface BoundsRule {
	channel: string;
	label?: string;
	warnHigh?: number;
	critHigh?: number;
	warnLow?: number;
	critLow?: number;
	/** Distance back inside a threshold before a level clears, in channel units. @default 0 */
	hysteresis?: number;
}

export interface ChannelVerdict {
	channel: string;
	level: Level;
	value: number;
	/** The threshold crossed, for the alarm text. */
	limit?: number;
	direction?: 'high' | 'low';
	/** Sample time (µs) at which the current level began. */
	sinceUs: number;
}

const RANK: Record<Level, number> = { ok: 0, warn: 1, critical: 2 };

export function classify(
	rule: BoundsRule,
	value: number,
	current: Level
): Omit<ChannelVerdict, 'channel' | 'sinceUs' | 'value'> {
	const h = rule.hysteresis ?? 0;
	const margin = (level: Level) => (RANK[current] >= RANK[level] ? h : 0);
	if (rule.critHigh !== undefined && value >= rule.critHigh - margin('critical'))
		return { level: 'critical', limit: rule.critHigh, direction: 'high' };
	if (rule.critLow !== undefined && value <= rule.critLow + margin('critical'))
		return { level: 'critical', limit: rule.critLow, direction: 'low' };
	if (rule.warnHigh !== undefined && value >= rule.warnHigh - margin('warn'))
		return { level: 'warn', limit: rule.warnHigh, direction: 'high' };
	if (rule.warnLow !== undefined && value <= rule.warnLow + margin('warn'))
		return { level: 'warn', limit: rule.warnLow, direction: 'low' };
	return { level: 'ok' };
}

/** Holds the current verdict of every ruled channel; `check` is O(1) and allocation-free unless the level changes. */
export class BoundsChecker {
	private readonly rules = new Map<string, BoundsRule>();
	private readonly verdicts = new Map<string, ChannelVerdict>();

	constructor(rules: readonly BoundsRule[]) {
		for (const rule of rules) this.rules.set(rule.channel, rule);
	}

	/** Returns the new verdict when the channel's level changed, otherwise undefined. */
	check(channel: string, value: number, timeUs: number): ChannelVerdict | undefined {
		const rule = this.rules.get(channel);
		if (!rule || Number.isNaN(value)) return undefined;
		const previous = this.verdicts.get(channel);
		const next = classify(rule, value, previous?.level ?? 'ok');
		if (previous ? previous.level === next.level : next.level === 'ok') {
			if (previous) previous.value = value;
			return undefined;
		}
		const verdict: ChannelVerdict = { channel, value, sinceUs: timeUs, ...next };
		this.verdicts.set(channel, verdict);
		return verdict;
	}

	/** Channels not at 'ok', worst first. */
	active(): ChannelVerdict[] {
		return [...this.verdicts.values()]
			.filter((v) => v.level !== 'ok')
			.sort((a, b) => RANK[b.level] - RANK[a.level]);
	}

	reset(): void {
		this.verdicts.clear();
	}
}
