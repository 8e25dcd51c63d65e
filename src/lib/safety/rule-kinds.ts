import type { ChannelTable } from './channel-table';
import { KIND_CODE, type Probe, type RuleRuntime } from './rule-runtime';
import type { SafetyRule } from './rule-schema';
import { WindowRing } from './window-ring';

type RuleOf<K extends SafetyRule['kind']> = Extract<SafetyRule, { kind: K }>;

/**
 * One measurement per rule kind. Each `case` calls a single probe class, so every call site stays monomorphic
 * and inlinable: this switch is the precompiled dispatch of the engine's hot loop.
 */
export function measure(
	rule: RuleRuntime,
	table: ChannelTable,
	index: number,
	nowUs: number
): boolean {
	switch (rule.code) {
		case KIND_CODE.bounds:
			return (rule.probe as BoundsProbe).measure(rule, table);
		case KIND_CODE.rate:
			return (rule.probe as RateProbe).measure(rule, table, index, nowUs);
		case KIND_CODE.difference:
			return (rule.probe as DifferenceProbe).measure(rule, table);
		case KIND_CODE['injector-duty']:
			return (rule.probe as InjectorDutyProbe).measure(rule, table);
		case KIND_CODE['map-plausibility']:
			return (rule.probe as MapPlausibilityProbe).measure(rule, table);
		case KIND_CODE['knock-retard']:
			return (rule.probe as KnockRetardProbe).measure(rule, table);
		case KIND_CODE['knock-count']:
			return (rule.probe as KnockCountProbe).measure(rule, table, index, nowUs);
		default:
			return (rule.probe as KnockEnergyProbe).measure(rule, table);
	}
}

export class BoundsProbe implements Probe {
	constructor(private readonly input: number) {}

	measure(rule: RuleRuntime, table: ChannelTable): boolean {
		const v = table.values[this.input];
		rule.value = v;
		return v === v;
	}

	reset(): void {}
}

/** Units per second against the point about one window back; too short a span is no reading yet. */
export class RateProbe implements Probe {
	private readonly ring: WindowRing;

	constructor(
		rule: RuleOf<'rate'>,
		private readonly input: number
	) {
		this.ring = new WindowRing(rule.windowMs * 1000);
	}

	measure(rule: RuleRuntime, table: ChannelTable, _index: number, nowUs: number): boolean {
		const v = table.values[this.input];
		const ring = this.ring;
		ring.push(nowUs, v);
		const span = nowUs - ring.oldestTimeUs;
		if (!(span >= ring.windowUs / 2)) return false;
		const rate = ((v - ring.oldestValue) * 1e6) / span;
		rule.value = rate;
		return rate - rate === 0;
	}

	reset(): void {
		this.ring.clear();
	}
}

export class DifferenceProbe implements Probe {
	constructor(
		private readonly a: number,
		private readonly b: number
	) {}

	measure(rule: RuleRuntime, table: ChannelTable): boolean {
		const d = table.values[this.a] - table.values[this.b];
		rule.value = d;
		return d - d === 0;
	}

	reset(): void {}
}

/** A 4-stroke injector fires injectionsPerCycle times per 720°: duty % = PW ms × rpm × n / 1200. */
export class InjectorDutyProbe implements Probe {
	private readonly perCycle: number;

	constructor(
		rule: RuleOf<'injector-duty'>,
		private readonly rpm: number,
		private readonly pw: number
	) {
		this.perCycle = rule.injectionsPerCycle ?? 1;
	}

	measure(rule: RuleRuntime, table: ChannelTable): boolean {
		const duty = (table.values[this.pw] * table.values[this.rpm] * this.perCycle) / 1200;
		rule.value = duty;
		return duty - duty === 0;
	}

	reset(): void {}
}

export class MapPlausibilityProbe implements Probe {
	private readonly rpmAxis: Float64Array;
	private readonly tpsAxis: Float64Array;
	private readonly min: Float64Array;
	private readonly max: Float64Array;

	constructor(
		rule: RuleOf<'map-plausibility'>,
		private readonly map: number,
		private readonly rpm: number,
		private readonly tps: number
	) {
		this.rpmAxis = Float64Array.from(rule.rpmAxis);
		this.tpsAxis = Float64Array.from(rule.throttleAxis);
		this.min = Float64Array.from(rule.min.flat());
		this.max = Float64Array.from(rule.max.flat());
	}

	measure(rule: RuleRuntime, table: ChannelTable): boolean {
		const map = table.values[this.map];
		const rpm = table.values[this.rpm];
		const tps = table.values[this.tps];
		if (!(map === map && rpm === rpm && tps === tps)) return false;
		// Both tables share the axes: locate the cell once, then interpolate each.
		const rows = this.tpsAxis;
		const cols = this.rpmAxis;
		const r = segment(rows, tps);
		const c = segment(cols, rpm);
		const fr = fraction(rows, r, tps);
		const fc = fraction(cols, c, rpm);
		const at = r * cols.length + c;
		const lo = bilinear(this.min, at, cols.length, fr, fc);
		const hi = bilinear(this.max, at, cols.length, fr, fc);
		rule.value = map > hi ? map - hi : map < lo ? lo - map : 0;
		return true;
	}

	reset(): void {}
}

export class KnockRetardProbe implements Probe {
	constructor(
		private readonly inputs: Int32Array,
		private readonly names: readonly string[]
	) {}

	measure(rule: RuleRuntime, table: ChannelTable): boolean {
		let worst = Number.NaN;
		let at = 0;
		for (let i = 0; i < this.inputs.length; i++) {
			const v = table.values[this.inputs[i]];
			if (!(v <= worst) && v === v) {
				worst = v;
				at = i;
			}
		}
		rule.value = worst;
		rule.channel = this.names[at];
		return worst === worst;
	}

	reset(): void {}
}

/**
 * Events in the last window from a wrapping counter. A step of more than half the modulus is taken as a counter
 * reset (an ECU restart), not as thousands of knocks.
 */
export class KnockCountProbe implements Probe {
	private readonly ring: WindowRing;
	private readonly wrap: number;
	private previous = Number.NaN;
	private total = 0;

	constructor(
		rule: RuleOf<'knock-count'>,
		private readonly input: number
	) {
		this.ring = new WindowRing(rule.windowMs * 1000);
		this.wrap = rule.wrap ?? 65536;
	}

	measure(rule: RuleRuntime, table: ChannelTable, _index: number, nowUs: number): boolean {
		const v = table.values[this.input];
		if (this.previous === this.previous) {
			let step = (v - this.previous) % this.wrap;
			if (step < 0) step += this.wrap;
			if (step <= this.wrap / 2) this.total += step;
		}
		this.previous = v;
		this.ring.push(nowUs, this.total);
		rule.value = this.total - this.ring.oldestValue;
		return true;
	}

	reset(): void {
		this.ring.clear();
		this.previous = Number.NaN;
		this.total = 0;
	}
}

/**
 * See KnockEnergyRuleSchema: the band energy of each knock-sensor sample against a baseline learned per rpm
 * band. The baseline survives signal loss and reconnects (it describes the engine, not the connection).
 */
export class KnockEnergyProbe implements Probe {
	private readonly edges: Float64Array;
	private readonly baseline: Float64Array;
	private readonly seen: Int32Array;
	private readonly squared: boolean;
	private readonly learnSamples: number;
	private readonly alpha: number;
	private readonly armAt: number;

	constructor(
		rule: RuleOf<'knock-energy'>,
		private readonly input: number,
		private readonly rpm: number
	) {
		this.edges = Float64Array.from(rule.rpmBands);
		this.baseline = new Float64Array(rule.rpmBands.length + 1);
		this.seen = new Int32Array(rule.rpmBands.length + 1);
		this.squared = rule.input === 'amplitude';
		this.learnSamples = rule.learnSamples ?? 200;
		this.alpha = rule.baselineAlpha ?? 0.01;
		this.armAt = Math.min(rule.warnHigh ?? Infinity, rule.critHigh ?? Infinity);
	}

	measure(rule: RuleRuntime, table: ChannelTable): boolean {
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
		const ratio = base > 0 ? energy / base : energy > 0 ? Infinity : 1;
		rule.value = ratio;
		if (ratio < this.armAt) this.baseline[band] = base + (energy - base) * this.alpha;
		return ratio === ratio;
	}

	reset(): void {}
}

/** Bilinear interpolation in a row-major table from cell `at` (top-left) and the fractions along each axis. */
function bilinear(table: Float64Array, at: number, width: number, fr: number, fc: number): number {
	const top = table[at] * (1 - fc) + table[at + 1] * fc;
	const bottom = table[at + width] * (1 - fc) + table[at + width + 1] * fc;
	return top * (1 - fr) + bottom * fr;
}

/** The cell index along an axis, flat beyond its ends (the fraction clamps to 0 or 1 there). */
function segment(axis: Float64Array, x: number): number {
	let i = 0;
	while (i < axis.length - 2 && x >= axis[i + 1]) i++;
	return i;
}

function fraction(axis: Float64Array, i: number, x: number): number {
	const f = (x - axis[i]) / (axis[i + 1] - axis[i]);
	return f < 0 ? 0 : f > 1 ? 1 : f;
}
