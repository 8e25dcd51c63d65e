import {
	checkChannel,
	finiteOnly,
	interpolateAt,
	sliceChannel,
	uniformTimes,
	type Channel
} from './channel';
import { estimateRpmPerKmh, matchGear } from './gear-ratio';
import { savitzkyGolay } from './savitzky-golay';
import { resolveVehicle, type VehicleProfile } from './vehicle-profile';

export interface PullDetectInput {
	rpm: Channel;
	/** Throttle position (or pedal), %. */
	tps: Channel;
	/** Vehicle speed, km/h; enables the steady-gear check and the gear estimate. */
	speedKmh?: Channel;
}

export interface PullDetectOptions {
	/** Wide open throttle at or above this, %. @default 90 */
	tpsMin?: number;
	/** Rpm must rise at least this fast, rpm/s. @default 200 */
	minRpmRate?: number;
	/** @default 1.5 */
	minDurationS?: number;
	/** @default 1500 */
	minRpmSpan?: number;
	/** Dropouts shorter than this (a throttle flutter, a logging gap) do not split a pull, s. @default 0.2 */
	maxGapS?: number;
	/** rpm/speed may wander this much (relative) and still be one gear without clutch slip. @default 0.05 */
	ratioTolerance?: number;
	/** With a profile the gear number is named. */
	profile?: VehicleProfile;
}

export interface PullSegment {
	startUs: number;
	endUs: number;
	rpmStart: number;
	rpmEnd: number;
	/** Measured engine rpm per km/h over the pull (needs speed). */
	rpmPerKmh?: number;
	/** Gear number when a profile is given and a gear matches. */
	gear?: number;
	overallRatio?: number;
}

/** Detection works on a 20 Hz grid: fine enough to place a pull's ends within 50 ms, cheap on hour-long logs. */
const GRID_US = 50_000;

/**
 * Finds full-throttle pulls in a log: throttle at or above tpsMin, rpm rising at least minRpmRate (smoothed over
 * 0.5 s, zero-phase, so the ends are not shifted), and, when speed is logged, a constant rpm/speed ratio, i.e.
 * one gear with the clutch locked. A shift ends a pull by itself (rpm falls); a slipping clutch at launch or
 * wheelspin shows as a wandering ratio and is trimmed off, keeping the longest steady stretch.
 */
export function detectPulls(
	input: PullDetectInput,
	options: PullDetectOptions = {}
): PullSegment[] {
	const o = {
		tpsMin: options.tpsMin ?? 90,
		minRpmRate: options.minRpmRate ?? 200,
		minDurationS: options.minDurationS ?? 1.5,
		minRpmSpan: options.minRpmSpan ?? 1500,
		maxGapS: options.maxGapS ?? 0.2,
		ratioTolerance: options.ratioTolerance ?? 0.05
	};
	for (const [k, x] of Object.entries(o))
		if (!(typeof x === 'number' && x >= 0 && Number.isFinite(x)))
			throw new TypeError(`detectPulls ${k} must be a non-negative number, got ${String(x)}`);
	const vehicle = options.profile && resolveVehicle(options.profile);
	checkChannel('rpm', input.rpm, 2);
	checkChannel('tps', input.tps, 1);
	if (input.speedKmh) checkChannel('speedKmh', input.speedKmh, 1);
	const rpm = finiteOnly(input.rpm);
	const tps = finiteOnly(input.tps);
	const speed = input.speedKmh && finiteOnly(input.speedKmh);
	const t0 = Math.max(rpm.t[0], tps.t[0]);
	const t1 = Math.min(rpm.t[rpm.t.length - 1], tps.t[tps.t.length - 1]);
	if (!(t1 > t0)) return [];
	const times = uniformTimes(t0, t1, GRID_US);
	if (times.length < 5) return [];
	const r = savitzkyGolay(interpolateAt(rpm, times), { window: 11, order: 2 });
	const rate = savitzkyGolay(interpolateAt(rpm, times), {
		window: 11,
		order: 2,
		derivative: 1,
		spacing: GRID_US / 1e6
	});
	const th = interpolateAt(tps, times);
	const mask = new Uint8Array(times.length);
	for (let k = 0; k < times.length; k++)
		mask[k] = th[k] >= o.tpsMin && rate[k] >= o.minRpmRate ? 1 : 0;
	closeGaps(mask, Math.round((o.maxGapS * 1e6) / GRID_US));
	const ratio = speed && ratioSeries(r, speed, times);
	const out: PullSegment[] = [];
	for (let [a, b] of runs(mask)) {
		if (ratio) [a, b] = steadiest(ratio, a, b, o.ratioTolerance);
		if (b <= a) continue;
		const startUs = times[a];
		const endUs = times[b];
		if ((endUs - startUs) / 1e6 < o.minDurationS || r[b] - r[a] < o.minRpmSpan) continue;
		const seg: PullSegment = { startUs, endUs, rpmStart: r[a], rpmEnd: r[b] };
		if (speed) {
			const k = estimateRpmPerKmh(
				sliceChannel(rpm, startUs, endUs),
				sliceChannel(speed, startUs, endUs),
				10
			);
			if (k !== undefined) {
				seg.rpmPerKmh = k;
				if (vehicle) {
					const m = matchGear(vehicle, k);
					seg.gear = m.gear;
					seg.overallRatio = m.overallRatio;
				}
			}
		}
		out.push(seg);
	}
	return out;
}

function closeGaps(mask: Uint8Array, maxGap: number): void {
	let lastOn = -1;
	for (let k = 0; k < mask.length; k++) {
		if (!mask[k]) continue;
		if (lastOn >= 0 && k - lastOn - 1 <= maxGap) mask.fill(1, lastOn + 1, k);
		lastOn = k;
	}
}

/** Inclusive [first, last] index pairs of the runs of 1s. */
function runs(mask: Uint8Array): [number, number][] {
	const out: [number, number][] = [];
	for (let k = 0; k < mask.length; k++) {
		if (!mask[k]) continue;
		const a = k;
		while (k + 1 < mask.length && mask[k + 1]) k++;
		out.push([a, k]);
	}
	return out;
}

/**
 * rpm per km/h on the grid, NaN under 10 km/h. Speed is smoothed over 1 s first: in whole km/h a single ratio
 * jumps by up to 0.5/speed between samples, which would break a pull at every speed step.
 */
function ratioSeries(rpm: Float64Array, speed: Channel, times: Float64Array): Float64Array {
	const s = savitzkyGolay(interpolateAt(speed, times), { window: 21, order: 2 });
	return rpm.map((x, k) => (s[k] >= 10 ? x / s[k] : NaN));
}

/** The longest stretch of [a, b] whose ratio stays within `tol` of the stretch's median. */
function steadiest(ratio: Float64Array, a: number, b: number, tol: number): [number, number] {
	const vals = Array.from(ratio.subarray(a, b + 1))
		.filter(Number.isFinite)
		.sort((x, y) => x - y);
	if (vals.length === 0) return [a, b];
	const median = vals[vals.length >> 1];
	let best: [number, number] = [a, a - 1];
	for (let k = a; k <= b; k++) {
		if (!(Math.abs(ratio[k] / median - 1) <= tol)) continue;
		const s = k;
		while (k + 1 <= b && Math.abs(ratio[k + 1] / median - 1) <= tol) k++;
		if (k - s > best[1] - best[0]) best = [s, k];
	}
	return best;
}
