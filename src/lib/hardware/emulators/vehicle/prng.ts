/**
 * A seeded PRNG so the simulated car is reproducible: the same seed gives the same noise, knock events and frames.
 * mulberry32 (Tommy Ettinger, public domain): 32-bit state, period 2^32, passes gjrand's tests at the scale we use.
 */
export class Prng {
	#state: number;
	#spare: number | undefined;

	constructor(seed: number) {
		this.#state = seed >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		this.#state = (this.#state + 0x6d2b79f5) >>> 0;
		let t = this.#state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Standard normal deviate (Marsaglia polar method; caches the second value). */
	gaussian(): number {
		if (this.#spare !== undefined) {
			const s = this.#spare;
			this.#spare = undefined;
			return s;
		}
		let u: number;
		let v: number;
		let s: number;
		do {
			u = this.next() * 2 - 1;
			v = this.next() * 2 - 1;
			s = u * u + v * v;
		} while (s >= 1 || s === 0);
		const k = Math.sqrt((-2 * Math.log(s)) / s);
		this.#spare = v * k;
		return u * k;
	}
}
