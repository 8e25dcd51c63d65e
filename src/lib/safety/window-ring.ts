/**
 * A fixed-size ring of (time, value) points spaced at least window/32 apart, so "the value about one window ago"
 * is an O(1) lookup that never allocates, whatever the sample rate.
 */
const CAPACITY = 64;
const POINTS_PER_WINDOW = 32;

export class WindowRing {
	private readonly t = new Float64Array(CAPACITY);
	private readonly v = new Float64Array(CAPACITY);
	private head = 0;
	private count = 0;
	private readonly spacingUs: number;

	constructor(readonly windowUs: number) {
		this.spacingUs = windowUs / POINTS_PER_WINDOW;
	}

	push(timeUs: number, value: number): void {
		if (this.count > 0) {
			const last = (this.head + this.count - 1) % CAPACITY;
			if (timeUs - this.t[last] < this.spacingUs) {
				this.evict(timeUs);
				return;
			}
		}
		if (this.count === CAPACITY) {
			this.head = (this.head + 1) % CAPACITY;
			this.count--;
		}
		const slot = (this.head + this.count) % CAPACITY;
		this.t[slot] = timeUs;
		this.v[slot] = value;
		this.count++;
		this.evict(timeUs);
	}

	/** The reference point: the newest one at least a window old, else the oldest kept. */
	get oldestTimeUs(): number {
		return this.count > 0 ? this.t[this.head] : Number.NaN;
	}

	get oldestValue(): number {
		return this.count > 0 ? this.v[this.head] : Number.NaN;
	}

	clear(): void {
		this.head = 0;
		this.count = 0;
	}

	private evict(nowUs: number): void {
		while (this.count > 1 && nowUs - this.t[(this.head + 1) % CAPACITY] >= this.windowUs) {
			this.head = (this.head + 1) % CAPACITY;
			this.count--;
		}
	}
}
