import type { ChannelTable } from './channel-table';
import type { Condition } from './rule-schema';

/** One compiled `when` clause; see ConditionSchema for its meaning. */
export class ConditionGate {
	private readonly channel: number;
	private readonly above: number;
	private readonly below: number;
	private readonly hysteresis: number;
	private readonly forUs: number;
	private readonly maxAgeUs: number;
	private holding = false;
	private trueSinceUs = -1;

	constructor(condition: Condition, channel: number) {
		this.channel = channel;
		this.channelIndex = channel;
		this.above = condition.above ?? Number.NaN;
		this.below = condition.below ?? Number.NaN;
		this.hysteresis = condition.hysteresis ?? 0;
		this.forUs = (condition.forMs ?? 0) * 1000;
		this.maxAgeUs = (condition.maxAgeMs ?? 500) * 1000;
	}

	readonly channelIndex: number;

	/** Called with every fresh sample of the condition's channel, so "for N ms" runs on that channel's own data. */
	update(value: number, timeUs: number): void {
		const margin = this.holding ? this.hysteresis : 0;
		const inside = !(value <= this.above - margin) && !(value >= this.below + margin);
		if (inside && !this.holding) this.trueSinceUs = timeUs;
		this.holding = inside;
	}

	holds(table: ChannelTable, nowUs: number): boolean {
		const c = this.channel;
		const at = table.times[c];
		const fresh = at >= 0 && table.lost[c] === 0 && nowUs - at <= this.maxAgeUs;
		return fresh && this.holding && nowUs - this.trueSinceUs >= this.forUs;
	}

	reset(): void {
		this.holding = false;
		this.trueSinceUs = -1;
	}
}
