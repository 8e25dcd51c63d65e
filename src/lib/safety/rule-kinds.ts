import type { ChannelTable } from './channel-table';
import { RuleRuntime, type RuleWiring } from './rule-runtime';
import type { SafetyRule } from './rule-schema';
import { WindowRing } from './window-ring';

type RuleOf<K extends SafetyRule['kind']> = Extract<SafetyRule, { kind: K }>;

export class BoundsRuntime extends RuleRuntime {
	constructor(
		rule: SafetyRule,
		wiring: RuleWiring,
		private readonly input: number
	) {
		super(rule, wiring);
	}

	measure(table: ChannelTable): boolean {
		this.value = table.values[this.input];
		return this.value === this.value;
	}
}

/** Units per second against the point about one window back; too short a span is no reading yet. */
export class RateRuntime extends RuleRuntime {
	private readonly ring: WindowRing;

	constructor(
		rule: RuleOf<'rate'>,
		wiring: RuleWiring,
		private readonly input: number
	) {
		super(rule, wiring);
		this.ring = new WindowRing(rule.windowMs * 1000);
	}

	measure(table: ChannelTable, _index: number, nowUs: number): boolean {
		const v = table.values[this.input];
		this.ring.push(nowUs, v);
		const span = nowUs - this.ring.oldestTimeUs;
		if (!(span >= this.ring.windowUs / 2)) return false;
		this.value = ((v - this.ring.oldestValue) * 1e6) / span;
		return Number.isFinite(this.value);
	}

	resetMeasure(): void {
		this.ring.clear();
	}
}

export class DifferenceRuntime extends RuleRuntime {
	constructor(
		rule: SafetyRule,
		wiring: RuleWiring,
		private readonly a: number,
		private readonly b: number
	) {
		super(rule, wiring);
	}

	measure(table: ChannelTable): boolean {
		this.value = table.values[this.a] - table.values[this.b];
		return Number.isFinite(this.value);
	}
}

/** A 4-stroke injector fires injectionsPerCycle times per 720°: duty % = PW ms × rpm × n / 1200. */
export class InjectorDutyRuntime extends RuleRuntime {
	private readonly perCycle: number;

	constructor(
		rule: RuleOf<'injector-duty'>,
		wiring: RuleWiring,
		private readonly rpm: number,
		private readonly pw: number
	) {
		super(rule, wiring);
		this.perCycle = rule.injectionsPerCycle ?? 1;
	}

	measure(table: ChannelTable): boolean {
		this.value = (table.values[this.pw] * table.values[this.rpm] * this.perCycle) / 1200;
		return Number.isFinite(this.value);
	}
}

export class MapPlausibilityRuntime extends RuleRuntime {
	private readonly rpmAxis: Float64Array;
	private readonly tpsAxis: Float64Array;
	private readonly min: Float64Array;
	private readonly max: Float64Array;

	constructor(
		rule: RuleOf<'map-plausibility'>,
		wiring: RuleWiring,
		private readonly map: number,
		private readonly rpm: number,
		private readonly tps: number
	) {
		super(rule, wiring);
		this.rpmAxis = Float64Array.from(rule.rpmAxis);
		this.tpsAxis = Float64Array.from(rule.throttleAxis);
		this.min = Float64Array.from(rule.min.flat());
		this.max = Float64Array.from(rule.max.flat());
	}

	measure(table: ChannelTable): boolean {
		const map = table.values[this.map];
		const rpm = table.values[this.rpm];
		const tps = table.values[this.tps];
		if (!(map === map && rpm === rpm && tps === tps)) return false;
		const lo = bilinear(this.min, this.tpsAxis, this.rpmAxis, tps, rpm);
		const hi = bilinear(this.max, this.tpsAxis, this.rpmAxis, tps, rpm);
		this.value = map > hi ? map - hi : map < lo ? lo - map : 0;
		return true;
	}
}

export class KnockRetardRuntime extends RuleRuntime {
	constructor(
		rule: SafetyRule,
		wiring: RuleWiring,
		private readonly inputs: Int32Array,
		private readonly names: readonly string[]
	) {
		super(rule, wiring);
	}

	measure(table: ChannelTable): boolean {
		let worst = Number.NaN;
		let at = 0;
		for (let i = 0; i < this.inputs.length; i++) {
			const v = table.values[this.inputs[i]];
			if (!(v <= worst)) {
				if (v === v) {
					worst = v;
					at = i;
				}
			}
		}
		this.value = worst;
		this.channel = this.names[at];
		return worst === worst;
	}
}

/**
 * Events in the last window from a wrapping counter. A step of more than half the modulus is taken as a counter
 * reset (an ECU restart), not as thousands of knocks.
 */
export class KnockCountRuntime extends RuleRuntime {
	private readonly ring: WindowRing;
	private readonly wrap: number;
	private previous = Number.NaN;
	private total = 0;

	constructor(
		rule: RuleOf<'knock-count'>,
		wiring: RuleWiring,
		private readonly input: number
	) {
		super(rule, wiring);
		this.ring = new WindowRing(rule.windowMs * 1000);
		this.wrap = rule.wrap ?? 65536;
	}

	measure(table: ChannelTable, _index: number, nowUs: number): boolean {
		const v = table.values[this.input];
		if (this.previous === this.previous) {
			let step = (v - this.previous) % this.wrap;
			if (step < 0) step += this.wrap;
			if (step <= this.wrap / 2) this.total += step;
		}
		this.previous = v;
		this.ring.push(nowUs, this.total);
		this.value = this.total - this.ring.oldestValue;
		return true;
	}

	resetMeasure(): void {
		this.ring.clear();
		this.previous = Number.NaN;
		this.total = 0;
	}
}

/** See KnockEnergyRuleSchema. */
export class KnockEnergyRuntime extends RuleRuntime {
	private readonly edges: Float64Array;
	private readonly baseline: Float64Array;
	private readonly seen: Int32Array;
	private readonly squared: boolean;
	private readonly learnSamples: number;
	private readonly alpha: number;
	private readonly armAt: number;

	constructor(
		rule: RuleOf<'knock-energy'>,
		wiring: RuleWiring,
		private readonly input: number,
		private readonly rpm: number
	) {
		super(rule, wiring);
		this.edges = Float64Array.from(rule.rpmBands);
		this.baseline = new Float64Array(rule.rpmBands.length + 1);
		this.seen = new Int32Array(rule.rpmBands.length + 1);
		this.squared = rule.input === 'amplitude';
		this.learnSamples = rule.learnSamples ?? 200;
		this.alpha = rule.baselineAlpha ?? 0.01;
		this.armAt = Math.min(rule.warnHigh ?? Infinity, rule.critHigh ?? Infinity);
	}

	measure(table: ChannelTable): boolean {
		const rpm = table.values[this.rpm];
		if (rpm !== rpm) return false;
		const s = table.values[this.input];
		const e = this.squared ? s * s : Math.abs(s);
		const energy = e < Number.MAX_VALUE ? e : Number.MAX_VALUE;
		let band = 0;
		while (band < this.edges.length && rpm >= this.edges[band]) band++;
		const n = this.seen[band];
		if (n < this.learnSamples) {
			this.baseline[band] += (energy - this.baseline[band]) / (n + 1);
			this.seen[band] = n + 1;
			return false;
		}
		const base = this.baseline[band];
		this.value = base > 0 ? energy / base : energy > 0 ? Infinity : 1;
		if (this.value < this.armAt) this.baseline[band] = base + (energy - base) * this.alpha;
		return this.value === this.value;
	}
}

/** Bilinear interpolation in a [row][col] table, flat beyond the axes' ends. */
function bilinear(
	table: Float64Array,
	rows: Float64Array,
	cols: Float64Array,
	y: number,
	x: number
): number {
	const r = segment(rows, y);
	const c = segment(cols, x);
	const fr = fraction(rows, r, y);
	const fc = fraction(cols, c, x);
	const w = cols.length;
	const top = table[r * w + c] * (1 - fc) + table[r * w + c + 1] * fc;
	const bottom = table[(r + 1) * w + c] * (1 - fc) + table[(r + 1) * w + c + 1] * fc;
	return top * (1 - fr) + bottom * fr;
}

function segment(axis: Float64Array, x: number): number {
	let i = 0;
	while (i < axis.length - 2 && x >= axis[i + 1]) i++;
	return i;
}

function fraction(axis: Float64Array, i: number, x: number): number {
	const f = (x - axis[i]) / (axis[i + 1] - axis[i]);
	return f < 0 ? 0 : f > 1 ? 1 : f;
}
