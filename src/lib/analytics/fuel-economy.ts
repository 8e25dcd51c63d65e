import { checkChannel, finiteOnly, interpolateAt, uniformTimes, type Channel } from './channel';
import { AnalyticsInputError } from './errors';
import {
	MPG_UK_BY_L_PER_100KM,
	MPG_US_BY_L_PER_100KM,
	fuelProperties,
	fuelRateFromMaf,
	type FuelKind
} from './fuel';

export interface FuelLog {
	speedKmh: Channel;
	/** Engine fuel rate, L/h (OBD PID 5E). Preferred when logged: it is the ECU's own injected quantity. */
	fuelRateLph?: Channel;
	/** Mass air flow, g/s (OBD PID 10), used with lambda when there is no fuel rate. */
	mafGs?: Channel;
	/** Measured lambda (wideband) or commanded equivalence ratio (PID 44). Absent: stoichiometric is assumed. */
	lambda?: Channel;
}

export interface FuelEconomyOptions {
	/** @default 'petrol' */
	fuel?: FuelKind;
	/** Integration grid, µs. @default 200_000 (5 Hz: finer than any OBD poll loop, cheap for hour-long trips) */
	gridUs?: number;
	/** Below this distance a span has no L/100 km (figures are null, never ∞ or NaN). @default 0.05 km */
	minDistanceKm?: number;
	/** Steady-state segments: speed stays within ± max(toleranceKmh, tolerancePct of its mean). */
	steady?: {
		minSpeedKmh?: number;
		toleranceKmh?: number;
		tolerancePct?: number;
		minDurationS?: number;
	};
	/** Idle segments: speed at or below maxSpeedKmh. */
	idle?: { maxSpeedKmh?: number; minDurationS?: number };
}

export interface EconomyFigures {
	startUs: number;
	endUs: number;
	durationS: number;
	distanceKm: number;
	fuelL: number;
	avgSpeedKmh: number;
	avgFuelRateLph: number;
	/** null when the span covers less than minDistanceKm (idle, a traffic jam). */
	lPer100km: number | null;
	mpgUs: number | null;
	mpgUk: number | null;
}

export interface EconomySegment extends EconomyFigures {
	kind: 'steady' | 'idle';
}

export interface FuelEconomyReport {
	/** Where fuel flow came from; 'maf-stoich' means MAF with lambda assumed 1. */
	source: 'fuel-rate' | 'maf-lambda' | 'maf-stoich';
	trip: EconomyFigures;
	/** All time at or below the idle speed, whether or not long enough to be a segment. */
	idle: { durationS: number; fuelL: number; avgFuelRateLph: number };
	segments: EconomySegment[];
}

/**
 * Fuel used, distance and economy for a trip, its steady-speed stretches and its idling. Fuel flow and speed are
 * resampled on one uniform grid (samples may be irregular and at different rates) and integrated with the
 * trapezoid rule, so economy is total fuel over total distance, not an average of instantaneous L/100 km
 * (which would weigh a slow crawl like a motorway hour and divides by zero at a standstill).
 */
export function computeFuelEconomy(
	log: FuelLog,
	options: FuelEconomyOptions = {}
): FuelEconomyReport {
	const fuel = options.fuel ?? 'petrol';
	fuelProperties(fuel);
	const gridUs = options.gridUs ?? 200_000;
	const minDistanceKm = options.minDistanceKm ?? 0.05;
	const steady = {
		minSpeedKmh: options.steady?.minSpeedKmh ?? 20,
		toleranceKmh: options.steady?.toleranceKmh ?? 2,
		tolerancePct: options.steady?.tolerancePct ?? 3,
		minDurationS: options.steady?.minDurationS ?? 10
	};
	const idleOpt = {
		maxSpeedKmh: options.idle?.maxSpeedKmh ?? 1,
		minDurationS: options.idle?.minDurationS ?? 5
	};
	for (const [k, x] of Object.entries({ gridUs, minDistanceKm, ...steady, ...idleOpt }))
		if (!(typeof x === 'number' && x >= 0 && Number.isFinite(x)))
			throw new TypeError(`fuel economy ${k} must be a non-negative number, got ${String(x)}`);
	if (gridUs < 1000) throw new TypeError(`gridUs must be at least 1000 µs, got ${gridUs}`);

	checkChannel('speedKmh', log.speedKmh, 1);
	const speedCh = finiteOnly(log.speedKmh);
	let source: FuelEconomyReport['source'];
	let flows: Channel[];
	if (log.fuelRateLph) {
		checkChannel('fuelRateLph', log.fuelRateLph, 1);
		source = 'fuel-rate';
		flows = [finiteOnly(log.fuelRateLph)];
	} else if (log.mafGs) {
		checkChannel('mafGs', log.mafGs, 1);
		if (log.lambda) checkChannel('lambda', log.lambda, 1);
		source = log.lambda ? 'maf-lambda' : 'maf-stoich';
		flows = log.lambda ? [finiteOnly(log.mafGs), finiteOnly(log.lambda)] : [finiteOnly(log.mafGs)];
	} else {
		throw new AnalyticsInputError(
			'fuelRateLph',
			'fuel economy needs a fuel-rate (PID 5E) or MAF channel'
		);
	}
	const all = [speedCh, ...flows];
	const t0 = Math.max(...all.map((c) => c.t[0]));
	const t1 = Math.min(...all.map((c) => c.t[c.t.length - 1]));
	if (!(t1 > t0))
		throw new AnalyticsInputError('speedKmh', 'speed and fuel flow do not overlap in time');
	const times = uniformTimes(t0, t1, gridUs);
	const speed = interpolateAt(speedCh, times).map((s) => Math.max(0, s));
	let rate: Float64Array;
	if (source === 'fuel-rate') rate = interpolateAt(flows[0], times).map((x) => Math.max(0, x));
	else {
		const maf = interpolateAt(flows[0], times);
		const lambda = flows[1] ? interpolateAt(flows[1], times) : undefined;
		rate = maf.map((m, k) => fuelRateFromMaf(m, lambda ? lambda[k] : 1, fuel));
	}
	const span = new Span(times, speed, rate, minDistanceKm);
	const trip = span.figures(0, times.length - 1);

	let idleS = 0;
	let idleL = 0;
	for (let k = 0; k + 1 < times.length; k++) {
		if (speed[k] > idleOpt.maxSpeedKmh || speed[k + 1] > idleOpt.maxSpeedKmh) continue;
		const dtH = (times[k + 1] - times[k]) / 3.6e9;
		idleS += dtH * 3600;
		idleL += ((rate[k] + rate[k + 1]) / 2) * dtH;
	}

	const segments: EconomySegment[] = [];
	for (const [a, b] of steadyRuns(speed, steady)) {
		if ((times[b] - times[a]) / 1e6 >= steady.minDurationS)
			segments.push({ kind: 'steady', ...span.figures(a, b) });
	}
	for (const [a, b] of idleRuns(speed, idleOpt.maxSpeedKmh)) {
		if ((times[b] - times[a]) / 1e6 >= idleOpt.minDurationS)
			segments.push({ kind: 'idle', ...span.figures(a, b) });
	}
	segments.sort((x, y) => x.startUs - y.startUs);
	return {
		source,
		trip,
		idle: {
			durationS: idleS,
			fuelL: idleL,
			avgFuelRateLph: idleS > 0 ? idleL / (idleS / 3600) : 0
		},
		segments
	};
}

/** Cumulative fuel and distance on the grid, so any span's figures are two subtractions. */
class Span {
	private readonly fuelL: Float64Array;
	private readonly distKm: Float64Array;

	constructor(
		private readonly times: Float64Array,
		speed: Float64Array,
		rate: Float64Array,
		private readonly minDistanceKm: number
	) {
		this.fuelL = new Float64Array(times.length);
		this.distKm = new Float64Array(times.length);
		for (let k = 1; k < times.length; k++) {
			const dtH = (times[k] - times[k - 1]) / 3.6e9;
			this.fuelL[k] = this.fuelL[k - 1] + ((rate[k] + rate[k - 1]) / 2) * dtH;
			this.distKm[k] = this.distKm[k - 1] + ((speed[k] + speed[k - 1]) / 2) * dtH;
		}
	}

	figures(a: number, b: number): EconomyFigures {
		const durationS = (this.times[b] - this.times[a]) / 1e6;
		const fuelL = this.fuelL[b] - this.fuelL[a];
		const distanceKm = this.distKm[b] - this.distKm[a];
		const l100 =
			distanceKm >= this.minDistanceKm && distanceKm > 0 ? (fuelL / distanceKm) * 100 : null;
		return {
			startUs: this.times[a],
			endUs: this.times[b],
			durationS,
			distanceKm,
			fuelL,
			avgSpeedKmh: durationS > 0 ? distanceKm / (durationS / 3600) : 0,
			avgFuelRateLph: durationS > 0 ? fuelL / (durationS / 3600) : 0,
			lPer100km: l100,
			mpgUs: l100 && l100 > 0 ? MPG_US_BY_L_PER_100KM / l100 : null,
			mpgUk: l100 && l100 > 0 ? MPG_UK_BY_L_PER_100KM / l100 : null
		};
	}
}

/**
 * Maximal stretches where speed stays in a band of ± max(toleranceKmh, tolerancePct %) around the stretch's
 * midpoint and above minSpeedKmh. A band (max − min) rather than a running mean, so slow drift (a long gentle
 * climb in speed) ends a segment instead of creeping along with it.
 */
function steadyRuns(
	speed: Float64Array,
	o: { minSpeedKmh: number; toleranceKmh: number; tolerancePct: number }
): [number, number][] {
	const out: [number, number][] = [];
	let i = 0;
	while (i < speed.length) {
		if (speed[i] < o.minSpeedKmh) {
			i++;
			continue;
		}
		let lo = speed[i];
		let hi = speed[i];
		let j = i;
		while (j + 1 < speed.length) {
			const s = speed[j + 1];
			const nlo = Math.min(lo, s);
			const nhi = Math.max(hi, s);
			const tol = Math.max(o.toleranceKmh, (o.tolerancePct / 100) * ((nlo + nhi) / 2));
			if (s < o.minSpeedKmh || nhi - nlo > 2 * tol) break;
			lo = nlo;
			hi = nhi;
			j++;
		}
		out.push([i, j]);
		i = j + 1;
	}
	return out;
}

function idleRuns(speed: Float64Array, maxKmh: number): [number, number][] {
	const out: [number, number][] = [];
	for (let k = 0; k < speed.length; k++) {
		if (speed[k] > maxKmh) continue;
		const a = k;
		while (k + 1 < speed.length && speed[k + 1] <= maxKmh) k++;
		if (k > a) out.push([a, k]);
	}
	return out;
}
