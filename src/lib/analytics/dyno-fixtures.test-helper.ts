import type { Channel } from './channel';
import type { VehicleProfile } from './vehicle-profile';

/** A 2.0 L turbo hatch in the simulated car's class (src/lib/hardware/emulators/vehicle/car-spec.ts). */
export const HATCH: VehicleProfile = {
	massKg: 1475,
	driverKg: 75,
	gearRatios: [3.636, 2.375, 1.761, 1.346, 0.971, 0.756],
	finalDrive: 3.9,
	tyreSize: '245/40R18',
	cdA: 0.72,
	crr: 0.012,
	drivetrainLoss: 0.1,
	engineInertiaKgM2: 0.2,
	wheelInertiaKgM2: 4
};

/** Smooth turbo torque curve: 249 N·m at 2000 rpm, a 400 N·m peak at 4300, 234 N·m at 7000. */
export const TURBO_TORQUE = (rpm: number) => 220 + 180 * Math.exp(-(((rpm - 4300) / 1700) ** 2));

/** Worst relative error of `got` against `want` at rpm inside [lo, hi]. */
export function worstError(
	rpm: Float64Array,
	got: Float64Array,
	want: (rpm: number) => number,
	lo: number,
	hi: number
): { error: number; atRpm: number; points: number } {
	let error = 0;
	let atRpm = NaN;
	let points = 0;
	for (let i = 0; i < rpm.length; i++) {
		if (rpm[i] < lo || rpm[i] > hi) continue;
		points++;
		const e = got[i] / want(rpm[i]) - 1;
		if (Math.abs(e) > Math.abs(error)) {
			error = e;
			atRpm = rpm[i];
		}
	}
	return { error, atRpm, points };
}

export function channel(t: ArrayLike<number>, v: ArrayLike<number>): Channel {
	return { t: Float64Array.from(t), v: Float32Array.from(v) };
}

/** `b` appended after `a`, its times shifted by `offsetUs`. */
export function concat(a: Channel, b: Channel, offsetUs: number): Channel {
	return channel([...a.t, ...b.t.map((x) => x + offsetUs)], [...a.v, ...b.v]);
}
