import { Prng } from '../hardware/emulators/vehicle/prng';
import { correctionFactor, DEFAULT_CONDITIONS, type AirConditions } from './air-correction';
import type { Channel } from './channel';
import { airDensity } from './air-correction';
import { resolveVehicle, type VehicleProfile } from './vehicle-profile';

/**
 * A logged road pull generated from a KNOWN engine torque curve, for testing the dyno end to end: the car is
 * integrated as two locked bodies (engine inertia behind the gearbox, car and wheels on the road) with RK4, then
 * sampled the way an ECU logger would: irregular times, noise, quantised rpm and whole-km/h speed.
 * The integration is written out here, independently of the dyno's effectiveMass/roadLoad, so the test checks
 * the dyno's physics rather than repeating it.
 */
export interface SyntheticPullOptions {
	profile: VehicleProfile;
	gear: number;
	/** Crank torque at standard air for `correction`, N·m. */
	torqueNm: (rpm: number) => number;
	/** Air on the day; the engine makes torqueNm / CF in it. @default DEFAULT_CONDITIONS */
	conditions?: AirConditions;
	correction?: 'sae-j1349' | 'din-70020';
	startRpm?: number;
	endRpm?: number;
	seed?: number;
	rpmHz?: number;
	/** Gaussian rpm noise, 1σ. @default 5 */
	rpmNoise?: number;
	/** Sample-time jitter, ± µs uniform. @default 2000 */
	jitterUs?: number;
	/** @default 0.25 (OBD PID 0C resolution) */
	rpmQuantum?: number;
	speedHz?: number;
	/** @default 1 (OBD PID 0D) */
	speedQuantumKmh?: number;
	tpsHz?: number;
	/** Steady part-throttle cruise before the pull, s. */
	cruiseS?: number;
	/** Closed-throttle coast after the pull, s. */
	coastS?: number;
}

export interface SyntheticPull {
	rpm: Channel;
	speedKmh: Channel;
	tps: Channel;
	iatC: Channel;
	baroKpa: Channel;
	humidityPct: Channel;
	/** When full throttle was applied and lifted, µs. */
	wotStartUs: number;
	wotEndUs: number;
	/** The wheel torque a perfect dyno reports, referred to engine rpm and corrected: torqueNm × (1 − loss). */
	wheelTorqueNm: (rpm: number) => number;
}

const G = 9.80665;
const STEP_S = 0.00025;

export function syntheticPull(o: SyntheticPullOptions): SyntheticPull {
	const p = o.profile;
	const car = resolveVehicle(p);
	const ratio = car.overallRatios[o.gear - 1];
	const r = car.rollingRadiusM;
	const eta = car.efficiency;
	const air = o.conditions ?? DEFAULT_CONDITIONS;
	const cf = correctionFactor(o.correction ?? 'sae-j1349', air);
	const rho = airDensity(air);
	const startRpm = o.startRpm ?? 2000;
	const endRpm = o.endRpm ?? 7000;
	const cruiseS = o.cruiseS ?? 2;
	const coastS = o.coastS ?? 2;
	const rng = new Prng(o.seed ?? 1);
	const toRpm = (v: number) => ((v / r) * ratio * 60) / (2 * Math.PI);
	const resist = (v: number) => 0.5 * rho * p.cdA * v * v + (v > 0 ? car.crr * car.massKg * G : 0);
	const je = p.engineInertiaKgM2 ?? 0;
	const jw = p.wheelInertiaKgM2 ?? 0;
	const mass = car.massKg * (1 + (p.rotatingMassFactor ?? 0));
	// Engine: Je·αe = Te − Tc. Car + wheels: (m + Jw/r²)·a = Tc·η·R/r − resist, with αe = a·R/r (clutch locked).
	const accel = (v: number, engineTorque: number) =>
		((engineTorque * eta * ratio) / r - resist(v)) /
		(mass + jw / (r * r) + (eta * je * ratio * ratio) / (r * r));
	const ramp = (t: number) => Math.min(1, Math.max(0, t / 0.15));

	const times: number[] = [0];
	const speeds: number[] = [];
	let v = ((startRpm * 2 * Math.PI) / 60 / ratio) * r;
	speeds.push(v);
	let t = 0;
	let wotEnd = NaN;
	const torqueAt = (tt: number, vv: number): number => {
		if (tt < cruiseS) return (resist(vv) * r) / (ratio * eta);
		if (Number.isNaN(wotEnd) || tt < wotEnd) {
			const cruise = (resist(vv) * r) / (ratio * eta);
			const wot = o.torqueNm(toRpm(vv)) / cf;
			return cruise + (wot - cruise) * ramp(tt - cruiseS);
		}
		return -40;
	};
	while (Number.isNaN(wotEnd) || t < wotEnd + coastS) {
		const f = (tt: number, vv: number) => (tt < cruiseS ? 0 : accel(vv, torqueAt(tt, vv)));
		const k1 = f(t, v);
		const k2 = f(t + STEP_S / 2, v + (k1 * STEP_S) / 2);
		const k3 = f(t + STEP_S / 2, v + (k2 * STEP_S) / 2);
		const k4 = f(t + STEP_S, v + k3 * STEP_S);
		v += ((k1 + 2 * k2 + 2 * k3 + k4) * STEP_S) / 6;
		t += STEP_S;
		times.push(t);
		speeds.push(v);
		if (Number.isNaN(wotEnd) && toRpm(v) >= endRpm) wotEnd = t;
	}
	const duration = t;
	const speedAt = (tt: number) => {
		const i = Math.min(speeds.length - 2, Math.max(0, Math.floor(tt / STEP_S)));
		const f = (tt - times[i]) / STEP_S;
		return speeds[i] + (speeds[i + 1] - speeds[i]) * f;
	};
	const sample = (hz: number, value: (tt: number) => number, jitterUs: number): Channel => {
		const period = 1e6 / hz;
		const ts: number[] = [];
		const vs: number[] = [];
		for (let i = 0; i * period <= duration * 1e6; i++) {
			const tu = Math.max(0, i * period + (rng.next() * 2 - 1) * jitterUs);
			if (ts.length && tu <= ts[ts.length - 1]) continue;
			ts.push(tu);
			vs.push(value(tu / 1e6));
		}
		return { t: Float64Array.from(ts), v: Float32Array.from(vs) };
	};
	const quantise = (x: number, q: number) => Math.round(x / q) * q;
	const jitter = o.jitterUs ?? 2000;
	const rpmNoise = o.rpmNoise ?? 5;
	const rpmQ = o.rpmQuantum ?? 0.25;
	const speedQ = o.speedQuantumKmh ?? 1;
	const constant = (x: number, noise: number) => () => x + rng.gaussian() * noise;
	return {
		rpm: sample(
			o.rpmHz ?? 50,
			(tt) => quantise(toRpm(speedAt(tt)) + rng.gaussian() * rpmNoise, rpmQ),
			jitter
		),
		speedKmh: sample(o.speedHz ?? 10, (tt) => quantise(speedAt(tt) * 3.6, speedQ), jitter),
		tps: sample(
			o.tpsHz ?? 50,
			(tt) => (tt < cruiseS ? 15 : tt < wotEnd ? 15 + 85 * ramp(tt - cruiseS) : 0),
			jitter
		),
		iatC: sample(1, constant(air.tempC, 0.1), 0),
		baroKpa: sample(1, constant(air.baroKpa, 0.02), 0),
		humidityPct: sample(1, constant(air.humidityPct, 0), 0),
		wotStartUs: cruiseS * 1e6,
		wotEndUs: wotEnd * 1e6,
		wheelTorqueNm: (rpm) => o.torqueNm(rpm) * eta
	};
}
