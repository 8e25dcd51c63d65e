import { CAR, clamp, overallRatio } from './car-spec';
import type { DriverInputs } from './vehicle-state';

const G = 9.81;

/**
 * One step of engine + clutch + gearbox + car. The clutch is Coulomb friction with stick–slip: it transmits the
 * torque that would make engine and gearbox turn together this step, capped by its capacity. Solving for that
 * torque (instead of a stiff viscous law) keeps a 1 ms explicit step stable and lets an engaged clutch lock
 * without residual slip. `omega` is engine speed (rad/s), `speed` the car's (m/s, never negative: no reverse).
 */
export function stepDriveline(
	omega: number,
	speed: number,
	engineTorque: number,
	input: DriverInputs,
	dt: number
): { omega: number; speed: number } {
	const ratio = overallRatio(input.gear);
	const r = CAR.tyreRadius;
	const moving = speed > 0;
	const aero = 0.5 * CAR.airDensity * CAR.dragArea * speed * speed;
	const rolling = CAR.rollingResistance * CAR.massKg * G;
	const braking = clamp(input.brake, 0, 1) * CAR.brakeForceN;
	const resist = moving ? aero + rolling + braking : 0;
	const engagement = clamp(input.clutch, 0, 1);
	let clutchTorque = 0;
	let nextSpeed: number;
	if (ratio > 0 && engagement > 0) {
		const je = CAR.engineInertia;
		const jv = (CAR.massKg * r * r) / (ratio * ratio);
		const eta = CAR.drivelineEfficiency;
		const slip = omega - (speed / r) * ratio;
		const load = (resist * r) / ratio;
		const stick = (slip / dt + engineTorque / je + load / jv) / (1 / je + eta / jv);
		// Clamp force grows with pedal travel roughly as its square over the engagement zone.
		const capacity = engagement * engagement * CAR.clutchCapacity;
		clutchTorque = clamp(stick, -capacity, capacity);
		const wheelForce = (clutchTorque * eta * ratio) / r;
		nextSpeed = speed + ((wheelForce - resist) * dt) / CAR.massKg;
	} else {
		nextSpeed = speed - (resist * dt) / CAR.massKg;
	}
	return {
		omega: Math.max(0, omega + ((engineTorque - clutchTorque) * dt) / CAR.engineInertia),
		speed: Math.max(0, nextSpeed)
	};
}
