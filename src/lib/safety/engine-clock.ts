/**
 * The engine's monotonic time. Adapter timestamps may repeat, arrive slightly out of order (USB batching) or jump
 * back when the adapter restarts its counter; rules must still see time only move forward, so:
 * - a sample at or behind the newest time counts as "now" (duplicates and small reorderings);
 * - a jump back of more than `rebaseUs` re-bases: later samples keep their spacing, shifted to continue from now;
 * - a non-finite timestamp counts as "now", or is refused before the first finite one.
 */
export class EngineClock {
	nowUs = Number.NaN;
	private offsetUs = 0;

	constructor(private readonly rebaseUs = 1_000_000) {}

	get started(): boolean {
		return this.nowUs === this.nowUs;
	}

	/** Engine time for a sample stamped `timeUs`; NaN if time has not started and `timeUs` is not finite. */
	at(timeUs: number): number {
		if (!(timeUs - timeUs === 0)) return this.nowUs;
		if (!this.started) {
			this.nowUs = timeUs;
			return timeUs;
		}
		const t = timeUs + this.offsetUs;
		if (t >= this.nowUs) {
			this.nowUs = t;
			return t;
		}
		if (this.nowUs - t > this.rebaseUs) this.offsetUs += this.nowUs - t;
		return this.nowUs;
	}

	reset(): void {
		this.nowUs = Number.NaN;
		this.offsetUs = 0;
	}
}
