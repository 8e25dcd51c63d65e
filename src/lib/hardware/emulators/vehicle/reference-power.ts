import { throttleArea, throttlePressureRatio, trappedMapKpa, turboBoostKpa } from './air-path';
import { CAR, RPM_PER_RAD_S, VE_BY_RPM, clamp, lookup } from './car-spec';
import { boostTarget, lambdaTarget } from './ecu-calibration';

/**
 * The simulated engine's wide-open-throttle curve, from the same tables and formulas the engine model
 * (engine-model.ts) runs each step, solved for the steady state instead of stepped: the ground truth a virtual
 * dyno run of the simulated car is checked against. Steady state means the turbo has spooled to the ECU's boost
 * target (or as far as the exhaust can drive it with the wastegate shut), the lambda target holds (no tip-in
 * transient) and there is no knock retard. A real pull lags this curve where the turbo is still spooling
 * (below ≈3500 rpm on a 3rd-gear pull) and matches it above.
 */

/** Barometric pressure the model uses unless told otherwise, kPa (EngineModelOptions.baroKpa). */
const MODEL_BARO_KPA = 101.3;
/** Where the idle air valve settles with the pedal down (engine-model.ts #updateIdleControl). */
const WOT_IDLE_AREA = 0.016;
/** Fixed-point iterations for manifold pressure against turbo boost; it converges in well under 30. */
const ITERATIONS = 60;

export interface ReferenceOptions {
	/** @default 101.3 */
	baroKpa?: number;
}

export interface ReferencePoint {
	rpm: number;
	/** Absolute manifold pressure at steady WOT, kPa. */
	mapKpa: number;
	/** Net engine (crank) torque, N·m. */
	crankTorqueNm: number;
	/** Torque at the wheels referred to engine speed (crank × driveline efficiency), N·m: what a roller dyno shows. */
	wheelTorqueNm: number;
	wheelPowerKw: number;
	crankPowerKw: number;
}

/** Manifold pressure at steady WOT: the boost target, or what the turbo makes with the wastegate shut if less. */
export function referenceMapKpa(rpm: number, options: ReferenceOptions = {}): number {
	const baro = options.baroKpa ?? MODEL_BARO_KPA;
	const ve = lookup(VE_BY_RPM, rpm);
	const area = throttleArea(100) + WOT_IDLE_AREA;
	const target = baro + boostTarget(rpm, 100);
	// Wastegate shut: manifold pressure and exhaust energy feed each other; iterate to their fixed point.
	let map = baro;
	for (let i = 0; i < ITERATIONS; i++) {
		const energy = (rpm / 1000) * (map / 100) * ve;
		const upstream = baro + turboBoostKpa(energy);
		map = upstream * throttlePressureRatio(area, rpm, ve, upstream);
		if (map >= target) return target;
	}
	return map;
}

/** Net torque as EngineModel #netTorque computes it, at steady WOT with no knock retard. */
export function referenceCrankTorqueNm(rpm: number, options: ReferenceOptions = {}): number {
	const baro = options.baroKpa ?? MODEL_BARO_KPA;
	const map = referenceMapKpa(rpm, options);
	const ve = lookup(VE_BY_RPM, rpm);
	const lambda = lambdaTarget(map, 100);
	const mixtureEff = clamp(1 - 0.8 * (lambda - 0.88) ** 2, 0, 1);
	const indicated = CAR.torquePerBar * ve * (trappedMapKpa(map) / 100) * mixtureEff;
	const friction = 10 + 0.0022 * rpm + 4e-7 * rpm * rpm;
	const pumping = 0.3 * Math.max(0, baro - map);
	const accessories = 6;
	return indicated - friction - pumping - accessories;
}

export function referencePoint(rpm: number, options: ReferenceOptions = {}): ReferencePoint {
	if (!(rpm > 0 && rpm <= CAR.revLimitRpm))
		throw new RangeError(`rpm must be in (0, ${CAR.revLimitRpm}], got ${rpm}`);
	const crankTorqueNm = referenceCrankTorqueNm(rpm, options);
	const wheelTorqueNm = crankTorqueNm * CAR.drivelineEfficiency;
	const omega = rpm / RPM_PER_RAD_S;
	return {
		rpm,
		mapKpa: referenceMapKpa(rpm, options),
		crankTorqueNm,
		wheelTorqueNm,
		wheelPowerKw: (wheelTorqueNm * omega) / 1000,
		crankPowerKw: (crankTorqueNm * omega) / 1000
	};
}

/** The curve from `fromRpm` to `toRpm` (inclusive, default idle to the rev limit) every `stepRpm`. */
export function referenceCurve(
	options: ReferenceOptions & { fromRpm?: number; toRpm?: number; stepRpm?: number } = {}
): ReferencePoint[] {
	const from = options.fromRpm ?? CAR.idleRpm;
	const to = options.toRpm ?? CAR.revLimitRpm;
	const step = options.stepRpm ?? 50;
	if (!(step > 0)) throw new RangeError(`stepRpm must be positive, got ${step}`);
	const out: ReferencePoint[] = [];
	for (let rpm = from; rpm <= to + 1e-9; rpm += step) out.push(referencePoint(rpm, options));
	return out;
}

/** Peak wheel power and peak wheel torque of the WOT curve (50 rpm resolution, idle to the rev limit). */
export function referencePeaks(options: ReferenceOptions = {}): {
	powerKw: number;
	powerRpm: number;
	torqueNm: number;
	torqueRpm: number;
} {
	const curve = referenceCurve(options);
	let p = curve[0];
	let t = curve[0];
	for (const x of curve) {
		if (x.wheelPowerKw > p.wheelPowerKw) p = x;
		if (x.wheelTorqueNm > t.wheelTorqueNm) t = x;
	}
	return { powerKw: p.wheelPowerKw, powerRpm: p.rpm, torqueNm: t.wheelTorqueNm, torqueRpm: t.rpm };
}

/**
 * What CarTech's virtual dyno needs to know about the simulated car, taken from car-spec.ts: mass includes the
 * driver there, the model has no wheel inertia, and the driveline's 90 % efficiency is a 10 % loss.
 */
export const SIMULATED_CAR_PROFILE = {
	massKg: CAR.massKg,
	gearRatios: [...CAR.gearRatios],
	finalDrive: CAR.finalDrive,
	rollingRadiusM: CAR.tyreRadius,
	cdA: CAR.dragArea,
	crr: CAR.rollingResistance,
	drivetrainLoss: Number((1 - CAR.drivelineEfficiency).toFixed(6)),
	engineInertiaKgM2: CAR.engineInertia
};
