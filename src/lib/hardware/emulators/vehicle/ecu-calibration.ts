import { CAR, clamp, lookup } from './car-spec';

/**
 * The ECU's tables, as a tuner would have calibrated a pump-fuel street car. Kept apart from the physics so a
 * reader can tell "what the engine does" from "what the ECU asked for".
 */

/** Closed loop at stoich out of boost; power enrichment to ≈0.79 by 180 kPa abs, as a typical boosted-petrol map. */
export function lambdaTarget(mapKpa: number, throttlePct: number): number {
	const boostEnrich = lookup(
		[
			[95, 1],
			[130, 0.9],
			[180, 0.79]
		],
		mapKpa
	);
	const powerEnrich = throttlePct > 85 ? 0.88 : 1;
	return Math.min(boostEnrich, powerEnrich);
}

/** Base timing rises with rpm and falls with load; hot intake air costs timing (0.15 °/°C above 40 °C). */
export function ignitionAdvance(rpm: number, mapKpa: number, iatC: number): number {
	const rpmPart = 10 + 25 * clamp((rpm - 900) / 2600, 0, 1);
	const loadPart = 21 * clamp((mapKpa - 50) / 170, 0, 1);
	const iatPart = 0.15 * Math.max(0, iatC - 40);
	return rpmPart - loadPart - iatPart;
}

/** Gauge boost target, kPa: ≈19 psi in the midrange tapering at the top; only asked for with the pedal well down. */
export function boostTarget(rpm: number, throttlePct: number): number {
	const byRpm = lookup(
		[
			[2000, 100],
			[3000, 130],
			[5500, 130],
			[7000, 115]
		],
		rpm
	);
	return byRpm * clamp((throttlePct - 40) / 45, 0, 1);
}

/** Fast idle when cold, settling to the warm target by 60 °C coolant. */
export function idleTargetRpm(coolantC: number): number {
	return CAR.idleRpm + 350 * clamp((60 - coolantC) / 60, 0, 1);
}

/**
 * Pulse width from the ECU's own air estimate (speed-density) and its lambda target; dead time grows as the battery
 * sags, which is why ECUs carry a dead-time-vs-voltage table.
 */
export function injectorPulseWidth(airPerCylG: number, lambda: number, batteryV: number): number {
	const fuelG = airPerCylG / (CAR.stoichAfr * lambda);
	const deadMs = CAR.injectorDeadTimeMs + 0.12 * (14 - batteryV);
	return (fuelG / CAR.injectorFlowGps) * 1000 + deadMs;
}
