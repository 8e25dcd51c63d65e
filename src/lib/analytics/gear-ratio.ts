import { interpolateAt, type Channel } from './channel';
import { rpmPerKmh, type ResolvedVehicle } from './vehicle-profile';

export interface RatioChoice {
	overallRatio: number;
	gear?: number;
	source: 'gear' | 'given' | 'estimated';
}

/** The ratio the caller fixed, by gear number or directly; undefined when neither is given. */
export function givenRatio(
	vehicle: ResolvedVehicle | undefined,
	gear: number | undefined,
	overallRatio: number | undefined
): RatioChoice | undefined {
	if (overallRatio !== undefined) {
		if (!(overallRatio > 0 && Number.isFinite(overallRatio)))
			throw new TypeError(`overallRatio must be a positive number, got ${overallRatio}`);
		return { overallRatio, source: 'given' };
	}
	if (gear === undefined) return undefined;
	if (!vehicle) throw new TypeError('a gear number needs a vehicle profile');
	if (!Number.isInteger(gear) || gear < 1 || gear > vehicle.overallRatios.length)
		throw new TypeError(`gear must be 1–${vehicle.overallRatios.length}, got ${gear}`);
	return { overallRatio: vehicle.overallRatios[gear - 1], gear, source: 'gear' };
}

/**
 * Engine rpm per km/h over a stretch of log where both are logged, by least squares of speed on rpm through the
 * origin (speed = rpm / k). OBD vehicle speed (PID 0D) comes in whole km/h, so a single rpm/speed ratio can be
 * off by 0.5/speed (2.5 % at 20 km/h); the rounding error has zero mean while speed sweeps through many steps,
 * so fitting over the whole pull averages it away. Speed is the noisy variable, hence regressing it on rpm.
 * Samples under `minKmh` are skipped, where rounding dominates and the clutch may still slip.
 */
export function estimateRpmPerKmh(
	rpm: Channel,
	speedKmh: Channel,
	minKmh = 20
): number | undefined {
	const r = interpolateAt(rpm, speedKmh.t);
	let srr = 0;
	let srs = 0;
	let n = 0;
	for (let i = 0; i < r.length; i++) {
		const s = speedKmh.v[i];
		if (!(s >= minKmh) || !Number.isFinite(r[i]) || speedKmh.t[i] < rpm.t[0]) continue;
		if (speedKmh.t[i] > rpm.t[rpm.t.length - 1]) continue;
		srr += r[i] * r[i];
		srs += r[i] * s;
		n++;
	}
	if (n < 3 || srs <= 0) return undefined;
	return srr / srs;
}

/**
 * The gear whose ratio is nearest `rpmPerKmhMeasured` within `tolerance` (relative), else the measured ratio
 * itself. Snapping matters: the profile's ratios are exact while the measured one carries speedometer error
 * (UN ECE R39 lets speedometers read up to 10 % + 4 km/h high, never low).
 */
export function matchGear(
	vehicle: ResolvedVehicle,
	rpmPerKmhMeasured: number,
	tolerance = 0.06
): RatioChoice {
	let best = -1;
	let bestErr = Infinity;
	vehicle.overallRatios.forEach((ratio, i) => {
		const err = Math.abs(rpmPerKmh(ratio, vehicle.rollingRadiusM) / rpmPerKmhMeasured - 1);
		if (err < bestErr) {
			bestErr = err;
			best = i;
		}
	});
	if (best >= 0 && bestErr <= tolerance)
		return { overallRatio: vehicle.overallRatios[best], gear: best + 1, source: 'gear' };
	return {
		overallRatio: rpmPerKmhMeasured / rpmPerKmh(1, vehicle.rollingRadiusM),
		source: 'estimated'
	};
}
