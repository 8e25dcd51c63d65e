/**
 * One logged instant, in the VE table's units (rpm; load in the table's y units, kPa for speed density). Either
 * lambda or AFR (with the options' stoich) is needed, and either a lambda or an AFR target. Everything else is
 * optional: a filter whose input is not logged does not reject anything.
 */
export interface LogSample {
	/** Seconds; needed for rates derived from TPS/MAP, the settle time and the lambda delay. */
	time?: number;
	rpm: number;
	load: number;
	lambda?: number;
	afr?: number;
	targetLambda?: number;
	targetAfr?: number;
	/** Coolant temperature, in the units of `minCoolant`. */
	coolant?: number;
	/** Throttle %, for a TPS rate when `tpsRate` is not logged. */
	tps?: number;
	/** %/s (TunerStudio's TPSdot). */
	tpsRate?: number;
	/** kPa/s (MAPdot); derived from `load` when absent and the load is MAP. */
	mapRate?: number;
	/** Overrun / decel fuel cut active (or a zero pulse width). */
	fuelCut?: boolean;
	/** Acceleration enrichment active (a flag, or AE % where 100 means none). */
	accelEnrichment?: boolean | number;
	/** Closed-loop EGO correction in % (100 = none): the fuel actually delivered was VE × ego/100. */
	egoCorrection?: number;
}

/** Why a sample was not used; counts come back with the result. */
export type RejectReason =
	| 'invalid-sensor'
	| 'warm-up'
	| 'fuel-cut'
	| 'accel-enrichment'
	| 'transient'
	| 'settling'
	| 'outside-table';

export interface SampleFilter {
	/** Coolant below this is warm-up (warm-up enrichment skews lambda). @default 70 (°C) */
	minCoolant: number;
	/** |TPS rate| above this, %/s, is a transient. @default 25 */
	maxTpsRate: number;
	/** |MAP rate| above this, kPa/s, is a transient. @default 40 */
	maxMapRate: number;
	/** After a transient, AE or fuel cut, samples within this many ms are settling (the wideband lags). @default 300 */
	settleMs: number;
	/** A wideband reading outside this band is a sensor fault or free air. @default [0.6, 1.5] */
	lambdaRange: readonly [number, number];
	/** Below this rpm the engine is cranking or stalling. @default 300 */
	minRpm: number;
	/** Also derive the MAP rate from `load` (true when the table's load is MAP). @default true */
	loadIsMap: boolean;
}

export const DEFAULT_FILTER: SampleFilter = {
	minCoolant: 70,
	maxTpsRate: 25,
	maxMapRate: 40,
	settleMs: 300,
	lambdaRange: [0.6, 1.5],
	minRpm: 300,
	loadIsMap: true
};

/** A sample's measured and target lambda (from AFR and stoich when only AFR is logged), or NaN. */
export function lambdas(
	sample: LogSample,
	stoich: number | undefined
): { measured: number; target: number } {
	const measured =
		sample.lambda ?? (sample.afr !== undefined && stoich ? sample.afr / stoich : NaN);
	const target =
		sample.targetLambda ??
		(sample.targetAfr !== undefined && stoich ? sample.targetAfr / stoich : NaN);
	return { measured, target };
}

/**
 * Classifies every sample: undefined when usable, else the first reason it is not. `measuredAt(i)` gives the lambda
 * to judge sample i by (the reading a lambda delay later).
 */
export function classifySamples(
	samples: readonly LogSample[],
	filter: SampleFilter,
	stoich: number | undefined,
	measuredAt: (i: number) => number
): (RejectReason | undefined)[] {
	const out: (RejectReason | undefined)[] = new Array(samples.length);
	let settleUntil = -Infinity;
	const [lo, hi] = filter.lambdaRange;
	for (let i = 0; i < samples.length; i++) {
		const s = samples[i];
		const prev = samples[i - 1];
		const dt = prev && s.time !== undefined && prev.time !== undefined ? s.time - prev.time : NaN;
		const tpsRate =
			s.tpsRate ??
			(s.tps !== undefined && prev?.tps !== undefined && dt > 0
				? (s.tps - prev.tps) / dt
				: undefined);
		const mapRate =
			s.mapRate ?? (filter.loadIsMap && prev && dt > 0 ? (s.load - prev.load) / dt : undefined);
		const ae = s.accelEnrichment;
		const unsettling: RejectReason | undefined = s.fuelCut
			? 'fuel-cut'
			: ae === true || (typeof ae === 'number' && ae > 100)
				? 'accel-enrichment'
				: (tpsRate !== undefined && Math.abs(tpsRate) > filter.maxTpsRate) ||
					  (mapRate !== undefined && Math.abs(mapRate) > filter.maxMapRate)
					? 'transient'
					: undefined;
		if (unsettling) {
			out[i] = unsettling;
			if (s.time !== undefined) settleUntil = s.time + filter.settleMs / 1000;
			continue;
		}
		const { target } = lambdas(s, stoich);
		const measured = measuredAt(i);
		const ego = s.egoCorrection ?? 100;
		if (
			!Number.isFinite(s.rpm) ||
			!Number.isFinite(s.load) ||
			s.rpm < filter.minRpm ||
			!(measured >= lo && measured <= hi) ||
			!(target > 0) ||
			!(ego > 0)
		) {
			out[i] = 'invalid-sensor';
		} else if (s.coolant !== undefined && s.coolant < filter.minCoolant) {
			out[i] = 'warm-up';
		} else if (s.time !== undefined && s.time < settleUntil) {
			out[i] = 'settling';
		}
	}
	return out;
}
