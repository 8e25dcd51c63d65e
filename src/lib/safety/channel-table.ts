/**
 * The latest fresh value of every channel plus what the stale-data watchdog needs, in typed arrays indexed like
 * the decoder's output so the hot path reads them without a lookup or an allocation.
 */
export class ChannelTable {
	readonly names: readonly string[];
	readonly values: Float64Array;
	/** Engine time of the newest finite sample, µs; -1 before the first. */
	readonly times: Float64Array;
	/** Expected sample period, µs: given by the integrator or learned; 0 while unknown. */
	readonly periodUs: Float64Array;
	readonly learned: Int32Array;
	readonly lost: Uint8Array;

	constructor(names: readonly string[], periods: Readonly<Record<string, number>> = {}) {
		const n = names.length;
		this.names = names;
		this.values = new Float64Array(n).fill(Number.NaN);
		this.times = new Float64Array(n).fill(-1);
		this.periodUs = new Float64Array(n);
		this.learned = new Int32Array(n);
		this.lost = new Uint8Array(n);
		names.forEach((name, i) => {
			const period = periods[name];
			if (period !== undefined && Number.isFinite(period) && period > 0) {
				this.periodUs[i] = period;
				this.learned[i] = -1;
			}
		});
	}

	/** Records a finite sample; learns the period from steady intervals (gaps over 4× the estimate are ignored). */
	record(index: number, value: number, timeUs: number): void {
		const previous = this.times[index];
		this.values[index] = value;
		this.times[index] = timeUs;
		if (previous < 0 || this.learned[index] < 0) return;
		const dt = timeUs - previous;
		if (dt <= 0) return;
		const estimate = this.periodUs[index];
		if (estimate === 0) this.periodUs[index] = dt;
		else if (dt < estimate * 4) this.periodUs[index] = estimate + (dt - estimate) / 8;
		this.learned[index]++;
	}

	/** Forget every value and time (a disconnect); given periods stay, learned ones restart. */
	clear(): void {
		this.values.fill(Number.NaN);
		this.times.fill(-1);
		this.lost.fill(0);
		for (let i = 0; i < this.learned.length; i++) {
			if (this.learned[i] >= 0) {
				this.learned[i] = 0;
				this.periodUs[i] = 0;
			}
		}
	}
}
