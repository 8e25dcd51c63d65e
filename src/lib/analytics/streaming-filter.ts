import { lerp } from './channel';
import { AnalyticsInputError } from './errors';
import { checkSavitzkyGolay, savitzkyGolay, savitzkyGolayWeights } from './savitzky-golay';

/**
 * Sample-at-a-time versions of `interpolateAt` over `uniformTimes` and of `savitzkyGolay`, for live feeds. They
 * follow the batch functions' rules exactly (segment choice, edge fits, summation order), so a run fed sample by
 * sample equals the same run computed from the whole log.
 */

/** Linear resampling of several fields sharing timestamps onto t0 + k·dt, t0 being the first sample's time. */
export class UniformResampler {
	readonly dtUs: number;
	private readonly emit: (tUs: number, values: Float64Array) => void;
	private t0 = NaN;
	private k = 0;
	private prevT = NaN;
	private prev: Float64Array;
	private readonly out: Float64Array;

	constructor(options: {
		dtUs: number;
		fields: number;
		emit: (tUs: number, values: Float64Array) => void;
	}) {
		if (!(options.dtUs > 0)) throw new TypeError(`dtUs must be positive, got ${options.dtUs}`);
		if (!Number.isInteger(options.fields) || options.fields < 1)
			throw new TypeError(`fields must be a positive integer, got ${options.fields}`);
		this.dtUs = options.dtUs;
		this.emit = options.emit;
		this.prev = new Float64Array(options.fields);
		this.out = new Float64Array(options.fields);
	}

	push(tUs: number, values: ArrayLike<number>): void {
		if (!Number.isFinite(tUs))
			throw new AnalyticsInputError('tUs', `sample time ${tUs} is not finite`);
		if (Number.isNaN(this.t0)) {
			this.t0 = tUs;
		} else {
			if (tUs < this.prevT)
				throw new AnalyticsInputError('tUs', `time runs backwards (${tUs} after ${this.prevT})`);
			for (let x = this.gridTime(); x < tUs; x = this.gridTime()) {
				for (let f = 0; f < this.out.length; f++)
					this.out[f] = lerp(this.prevT, this.prev[f], tUs, values[f], x);
				this.k++;
				this.emit(x, this.out);
			}
		}
		this.prevT = tUs;
		for (let f = 0; f < this.prev.length; f++) this.prev[f] = values[f];
	}

	/** Emits the grid points up to the last sample's time (holding its value), as the batch grid ends. */
	finish(): void {
		if (Number.isNaN(this.t0)) return;
		for (let x = this.gridTime(); x <= this.prevT; x = this.gridTime()) {
			this.out.set(this.prev);
			this.k++;
			this.emit(x, this.out);
		}
	}

	private gridTime(): number {
		return this.t0 + this.k * this.dtUs;
	}
}

/**
 * Savitzky–Golay value and first derivative of several fields at once, emitted in sample order as soon as a
 * point's window is complete (half a window behind the input); finish() emits the tail with edge fits.
 */
export class StreamingSavitzkyGolay {
	private readonly window: number;
	private readonly order: number;
	private readonly h: number;
	private readonly spacing: number;
	private readonly invSpacing: number;
	private readonly rings: Float64Array[];
	private readonly value: Float64Array;
	private readonly slope: Float64Array;
	private readonly emit: (index: number, value: Float64Array, slope: Float64Array) => void;
	private count = 0;

	constructor(options: {
		window: number;
		order: number;
		spacing: number;
		fields: number;
		emit: (index: number, value: Float64Array, slope: Float64Array) => void;
	}) {
		const o = checkSavitzkyGolay(options);
		this.window = o.window;
		this.order = o.order;
		this.h = (o.window - 1) / 2;
		this.spacing = o.spacing;
		this.invSpacing = 1 / o.spacing;
		this.rings = Array.from({ length: options.fields }, () => new Float64Array(o.window));
		this.value = new Float64Array(options.fields);
		this.slope = new Float64Array(options.fields);
		this.emit = options.emit;
	}

	push(values: ArrayLike<number>): void {
		const slot = this.count % this.window;
		for (let f = 0; f < this.rings.length; f++) this.rings[f][slot] = values[f];
		this.count++;
		const c = this.count;
		if (c === this.window) for (let i = 0; i <= this.h; i++) this.point(i, 0);
		else if (c > this.window) this.point(c - 1 - this.h, c - this.window);
	}

	finish(): void {
		const c = this.count;
		if (c >= this.window) {
			for (let i = c - this.h; i < c; i++) this.point(i, c - this.window);
			return;
		}
		const series = this.rings.map((r) => r.slice(0, c));
		const opts = { window: this.window, order: this.order, spacing: this.spacing };
		const values = series.map((y) => savitzkyGolay(y, opts));
		const slopes = series.map((y) => savitzkyGolay(y, { ...opts, derivative: 1 }));
		for (let i = 0; i < c; i++) {
			for (let f = 0; f < this.rings.length; f++) {
				this.value[f] = values[f][i];
				this.slope[f] = slopes[f][i];
			}
			this.emit(i, this.value, this.slope);
		}
	}

	/** Point `i` from the window of samples [start, start + window). */
	private point(i: number, start: number): void {
		const wv = savitzkyGolayWeights(this.window, this.order, 0, i - start);
		const wd = savitzkyGolayWeights(this.window, this.order, 1, i - start);
		const base = start % this.window;
		for (let f = 0; f < this.rings.length; f++) {
			const ring = this.rings[f];
			let sv = 0;
			let sd = 0;
			for (let k = 0, j = base; k < this.window; k++, j = j + 1 === this.window ? 0 : j + 1) {
				sv += wv[k] * ring[j];
				sd += wd[k] * ring[j];
			}
			this.value[f] = sv;
			this.slope[f] = sd * this.invSpacing;
		}
		this.emit(i, this.value, this.slope);
	}
}
