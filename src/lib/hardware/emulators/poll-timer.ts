/**
 * Re-arms a timer while `tick` returns true. Emulators poll their bus with it: browsers clamp nested timers to ≈4 ms,
 * so each tick delivers everything due by then rather than assuming the interval was kept.
 */
export class PollTimer {
	#timer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		private readonly intervalMs: number,
		private readonly tick: () => boolean
	) {}

	/** Idempotent: a running timer keeps its schedule. */
	start(): void {
		if (this.#timer !== null) return;
		const run = () => {
			this.#timer = null;
			if (this.tick()) this.#timer = setTimeout(run, this.intervalMs);
		};
		this.#timer = setTimeout(run, this.intervalMs);
	}

	stop(): void {
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#timer = null;
	}
}
