import { minMaxDecimate, lowerBound, type Series } from '../logs/decimate';

/**
 * Fixed-capacity ring of (time, value) samples for one channel. The worker appends at up to 1 kHz and the UI asks for
 * decimated windows, so appends are O(1) with no allocation and the oldest samples fall off.
 */
export class ChannelRing {
	readonly t: Float64Array;
	readonly v: Float32Array;
	private head = 0;
	private size = 0;

	constructor(readonly capacity: number) {
		this.t = new Float64Array(capacity);
		this.v = new Float32Array(capacity);
	}

	get length(): number {
		return this.size;
	}

	push(timeUs: number, value: number): void {
		this.t[this.head] = timeUs;
		this.v[this.head] = value;
		this.head = (this.head + 1) % this.capacity;
		if (this.size < this.capacity) this.size++;
	}

	/** The newest sample, or undefined when empty. */
	last(): { t: number; v: number } | undefined {
		if (this.size === 0) return undefined;
		const i = (this.head - 1 + this.capacity) % this.capacity;
		return { t: this.t[i], v: this.v[i] };
	}

	clear(): void {
		this.head = 0;
		this.size = 0;
	}

	/** Samples with t in [fromUs, toUs], oldest first, as a contiguous copy. */
	window(fromUs: number, toUs: number): { t: Float64Array; v: Float32Array } {
		const ordered = this.ordered();
		const start = lowerBound(ordered.t, fromUs);
		const end = lowerBound(ordered.t, toUs + 1e-9);
		return { t: ordered.t.subarray(start, end), v: ordered.v.subarray(start, end) };
	}

	/** Min/max-decimated window in at most 2 × buckets points (ARCHITECTURE.md "The UI gets snapshots"). */
	decimated(fromUs: number, toUs: number, buckets: number): Series {
		return minMaxDecimate(this.window(fromUs, toUs), fromUs, toUs, buckets);
	}

	private ordered(): { t: Float64Array; v: Float32Array } {
		const start = (this.head - this.size + this.capacity) % this.capacity;
		if (start + this.size <= this.capacity) {
			return {
				t: this.t.subarray(start, start + this.size),
				v: this.v.subarray(start, start + this.size)
			};
		}
		const t = new Float64Array(this.size);
		const v = new Float32Array(this.size);
		const firstPart = this.capacity - start;
		t.set(this.t.subarray(start), 0);
		t.set(this.t.subarray(0, this.size - firstPart), firstPart);
		v.set(this.v.subarray(start), 0);
		v.set(this.v.subarray(0, this.size - firstPart), firstPart);
		return { t, v };
	}
}
