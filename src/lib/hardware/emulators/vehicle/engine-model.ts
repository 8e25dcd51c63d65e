import { CAR, RPM_PER_RAD_S, VE_BY_RPM, clamp, lookup, overallRatio } from './car-spec';
import {
	boostTarget,
	idleTargetRpm,
	ignitionAdvance,
	injectorPulseWidth,
	lambdaTarget
} from './ecu-calibration';
import { Prng } from './prng';
import {
	TURBO,
	throttleArea,
	throttlePressureRatio,
	trappedMapKpa,
	turboBoostKpa
} from './air-path';
import { EngineTemperatures } from './thermal';
import { stepDriveline } from './driveline';
import type { DriverInputs, FaultFlags, InitialConditions, VehicleState } from './vehicle-state';

export type { DriverInputs, FaultFlags, InitialConditions, VehicleState } from './vehicle-state';

export interface EngineModelOptions {
	seed?: number;
	/** Fixed integration step, s. @default 0.001 */
	dt?: number;
	/** @default 101.3 */
	baroKpa?: number;
	initial?: InitialConditions;
	faults?: FaultFlags;
}

const DFCO_ENTER_RPM = 1600;
const DFCO_EXIT_RPM = 1250;
/** Free-air reading of a wideband during fuel cut, clamped as ECUs clamp it. */
const LAMBDA_AIR = 2;
const IDLE_AREA_MAX = 0.04;
const STALL_RPM = 250;
const RESTART_RPM = 450;

/**
 * A deterministic, fixed-step model of a turbo petrol car: throttle and turbo set manifold pressure, manifold
 * pressure sets torque, the clutch and gearbox tie the engine to a car with mass, drag and rolling resistance.
 * The ECU part (idle control, fuelling, timing, boost control, knock control) runs in the same step.
 */
export class EngineModel {
	readonly dt: number;
	readonly state: VehicleState;
	faults: FaultFlags;

	readonly #rng: Prng;
	/** Noise of the channels added for safety work, on its own stream so the original channels keep their values. */
	readonly #sensorRng: Prng;
	readonly #baro: number;
	#omega: number;
	#speed: number;
	#tps: number;
	#map: number;
	#idleArea = 0.009;
	#idleIntegral = 0;
	#turboSpeed = 0;
	#turboKpa = 0;
	#wastegate = 1;
	#boostTrim = 0;
	#tpsRate = 0;
	#lambdaTrue = 1;
	#lambdaSensor = 1;
	#dfco = false;
	#revCut = false;
	#stalled = false;
	#battery = 14.1;
	readonly #temps: EngineTemperatures;
	#knock: [number, number, number, number] = [0, 0, 0, 0];
	/** Knock sensor spike above the noise floor, × floor; decays with the ECU's smoothing. */
	#knockSpike = 0;
	#egtExtra = 0;
	#time = 0;

	constructor(options: EngineModelOptions = {}) {
		this.dt = options.dt ?? 0.001;
		if (!(this.dt > 0 && this.dt <= 0.005))
			throw new TypeError(`dt must be in (0, 0.005] s, got ${this.dt}`);
		this.#rng = new Prng(options.seed ?? 1);
		this.#sensorRng = new Prng((options.seed ?? 1) ^ 0x6b6e6f63);
		this.#baro = options.baroKpa ?? 101.3;
		this.faults = { ...options.faults };
		const init = options.initial ?? {};
		const gear = init.gear ?? 0;
		this.#speed = (init.speedKmh ?? 0) / 3.6;
		const wheelRpm = (this.#speed / CAR.tyreRadius) * overallRatio(gear) * RPM_PER_RAD_S;
		this.#omega = Math.max(CAR.idleRpm, wheelRpm) / RPM_PER_RAD_S;
		this.#tps = init.throttle ?? 0;
		this.#temps = new EngineTemperatures(init.coolantC ?? 88, init.oilC);
		this.#map = this.#baro * this.#equilibriumRatio(this.#omega * RPM_PER_RAD_S, this.#baro);
		this.state = {
			timeS: 0,
			rpm: this.#omega * RPM_PER_RAD_S,
			throttle: this.#tps,
			mapKpa: this.#map,
			boostKpa: this.#map - this.#baro,
			boostTargetKpa: 0,
			baroKpa: this.#baro,
			wastegateDuty: 0,
			lambda: 1,
			lambdaTarget: 1,
			iatC: this.#temps.iat,
			coolantC: this.#temps.coolant,
			oilC: this.#temps.oil,
			egtC: this.#temps.egt,
			knockRetard: [0, 0, 0, 0],
			knockRetardMax: 0,
			knockCount: 0,
			injectorPwMs: 0,
			ignitionAdvance: 10,
			speedKmh: this.#speed * 3.6,
			gear,
			clutch: 1,
			brake: 0,
			batteryV: 14.1,
			revLimiter: false,
			fuelCut: false,
			knockSensorMv: knockFloorMv(this.#omega * RPM_PER_RAD_S, this.#map),
			coolantSensorFault: false
		};
	}

	/** Advance one fixed step with the driver's inputs. */
	step(input: DriverInputs): void {
		const dt = this.dt;
		const s = this.state;
		this.#time += dt;
		const rpm = this.#omega * RPM_PER_RAD_S;

		// Drive-by-wire throttle body: ~30 ms to follow the pedal.
		const prevTps = this.#tps;
		this.#tps += ((clamp(input.throttle, 0, 100) - this.#tps) * dt) / 0.03;
		this.#tpsRate += (((this.#tps - prevTps) / dt - this.#tpsRate) * dt) / 0.1;
		this.#updateFuelCut(rpm, input);
		this.#updateIdleControl(rpm, dt);

		const ve = lookup(VE_BY_RPM, rpm);
		const upstream = this.#baro + this.#turboKpa;
		const mapTarget = upstream * this.#equilibriumRatio(rpm, upstream);
		// Manifold filling: plenum + intercooler volume emptied by the engine's swept-volume flow.
		const fillTau = clamp(
			0.004 / ((CAR.displacementM3 * Math.max(rpm, 300) * ve) / 120),
			0.02,
			0.3
		);
		this.#map += ((mapTarget - this.#map) * dt) / fillTau;

		const target = boostTarget(rpm, this.#tps);
		this.#updateTurbo(rpm, ve, target, dt);

		this.#updateStall(rpm);
		const fuelCut = this.#dfco || this.#revCut || this.#stalled;
		const lambdaCmd = lambdaTarget(this.#map, this.#tps);
		this.#updateLambda(lambdaCmd, rpm, ve, fuelCut, dt);

		const advance = ignitionAdvance(rpm, this.#map, this.#temps.iat);
		const retardMax = Math.max(...this.#knock);
		const torque =
			this.#netTorque(rpm, ve, fuelCut, retardMax) + (this.#stalled ? this.#starter(input) : 0);
		const driveline = stepDriveline(this.#omega, this.#speed, torque, input, dt);
		this.#omega = driveline.omega;
		this.#speed = driveline.speed;

		const newRpm = this.#omega * RPM_PER_RAD_S;
		if (newRpm >= CAR.revLimitRpm) this.#revCut = true;
		else if (newRpm < CAR.revLimitRpm - CAR.revLimitHysteresisRpm) this.#revCut = false;

		const airGps = this.#airFlowGps(rpm, ve);
		this.#temps.step({
			airGps,
			fuelCut,
			lambda: this.#lambdaTrue,
			retard: retardMax,
			rpm,
			mapKpa: this.#map,
			speedKmh: this.#speed * 3.6,
			pressureRatio: (this.#baro + this.#turboKpa) / this.#baro,
			coolingFailure: !!this.faults.coolingFailure,
			dt
		});
		this.#updateKnock(rpm, fuelCut, dt);
		this.#updateBattery(dt);
		this.#updateEgtFault(dt);

		const airPerCylG = airGps / ((Math.max(rpm, 1) / 120) * CAR.cylinders) || 0;
		const noise = this.#rng;
		const gain = this.faults.sensorNoise ?? 1;
		s.timeS = this.#time;
		s.rpm = newRpm;
		s.throttle = clamp(this.#tps + 0.05 * gain * noise.gaussian(), 0, 100);
		s.mapKpa = this.#map + 0.2 * gain * noise.gaussian();
		s.baroKpa = this.#baro + 0.03 * noise.gaussian();
		s.boostKpa = s.mapKpa - s.baroKpa;
		s.boostTargetKpa = target;
		s.wastegateDuty = this.faults.wastegateStuckClosed ? 0 : 100 * (1 - this.#wastegate);
		s.lambda = this.#lambdaSensor + 0.003 * gain * noise.gaussian();
		s.lambdaTarget = lambdaCmd;
		s.iatC = this.#temps.iat + 0.05 * gain * noise.gaussian();
		s.coolantC = this.#temps.coolant;
		s.oilC = this.#temps.oil;
		s.egtC = this.#temps.egt + this.#egtExtra + 1.5 * gain * noise.gaussian();
		for (let i = 0; i < 4; i++) s.knockRetard[i] = this.#knock[i];
		s.knockRetardMax = Math.max(...this.#knock);
		s.injectorPwMs = fuelCut ? 0 : injectorPulseWidth(airPerCylG, lambdaCmd, this.#battery);
		s.ignitionAdvance = advance - s.knockRetardMax;
		s.speedKmh = this.#speed * 3.6;
		s.gear = input.gear;
		s.clutch = input.clutch;
		s.brake = input.brake;
		s.batteryV = this.#battery;
		s.revLimiter = this.#revCut;
		s.fuelCut = fuelCut;
		s.knockSensorMv =
			knockFloorMv(newRpm, this.#map) *
			(1 + 0.06 * this.#sensorRng.gaussian()) *
			(1 + this.#knockSpike);
		s.coolantSensorFault = !!this.faults.coolantSensorDropout;
	}

	/** Manifold/upstream pressure ratio that balances throttle flow against engine flow (see air-path.ts). */
	#equilibriumRatio(rpm: number, upstreamKpa: number): number {
		const ve = lookup(VE_BY_RPM, rpm);
		return throttlePressureRatio(throttleArea(this.#tps) + this.#idleArea, rpm, ve, upstreamKpa);
	}

	/**
	 * Below 250 rpm the engine stalls. The simulated driver then restarts it as soon as the drivetrain is free
	 * (neutral or clutch down), so a badly written scenario recovers instead of sitting dead.
	 */
	#updateStall(rpm: number): void {
		if (!this.#stalled && rpm < STALL_RPM) this.#stalled = true;
		else if (this.#stalled && rpm > RESTART_RPM) this.#stalled = false;
	}

	#starter(input: DriverInputs): number {
		return input.gear === 0 || input.clutch < 0.1 ? 60 : 0;
	}

	#updateFuelCut(rpm: number, input: DriverInputs): void {
		// Decel fuel cut: closed throttle and the engine above idle (ECUs cut on overrun, resume near idle).
		if (this.#tps < 1 && rpm > DFCO_ENTER_RPM) this.#dfco = true;
		if (this.#tps >= 1 || rpm < DFCO_EXIT_RPM) this.#dfco = false;
		if (input.gear === 0 && rpm < 2500 && this.#tps < 1) this.#dfco = false;
	}

	/** PI on rpm through the idle air valve, active only with the pedal up and no fuel cut. */
	#updateIdleControl(rpm: number, dt: number): void {
		if (this.#tps > 2 || this.#dfco) {
			this.#idleArea += (0.016 - this.#idleArea) * dt * 2;
			this.#idleIntegral = 0;
			return;
		}
		const error = idleTargetRpm(this.#temps.coolant) - rpm;
		this.#idleIntegral = clamp(this.#idleIntegral + error * dt * 0.00002, -0.02, 0.03);
		this.#idleArea = clamp(0.009 + error * 0.00002 + this.#idleIntegral, 0, IDLE_AREA_MAX);
	}

	#updateTurbo(rpm: number, ve: number, target: number, dt: number): void {
		const exhaustEnergy =
			(rpm / 1000) * (this.#map / 100) * ve * (this.#dfco || this.#revCut ? 0.3 : 1);
		// A spring-and-solenoid wastegate: it cracks open as turbine-side boost passes the ECU's set point.
		// The ECU trims its set point closed-loop on measured boost, so a proportional wastegate holds the target.
		const error = target - (this.#map - this.#baro);
		if (target > TURBO.springKpa && Math.abs(error) < 20) {
			this.#boostTrim = clamp(this.#boostTrim + error * TURBO.trimGain * dt, -40, 40);
		} else {
			this.#boostTrim -= this.#boostTrim * dt;
		}
		const setpoint = Math.max(TURBO.springKpa, target + this.#boostTrim);
		const wgTarget = this.faults.wastegateStuckClosed
			? 0
			: clamp((this.#turboKpa - setpoint) / TURBO.wastegateBandKpa + TURBO.wastegateLead, 0, 1);
		this.#wastegate += ((wgTarget - this.#wastegate) * dt) / TURBO.wastegateTau;
		const speedTarget = exhaustEnergy * (1 - TURBO.wastegateAuthority * this.#wastegate);
		const tau = speedTarget > this.#turboSpeed ? TURBO.spoolTau : TURBO.spinDownTau;
		this.#turboSpeed += ((speedTarget - this.#turboSpeed) * dt) / tau;
		this.#turboKpa = turboBoostKpa(this.#turboSpeed);
	}

	#updateLambda(cmd: number, rpm: number, ve: number, fuelCut: boolean, dt: number): void {
		let delivered = 1;
		if (this.faults.weakFuelPump) {
			const demand = this.#airFlowGps(rpm, ve) / (CAR.stoichAfr * cmd);
			delivered = Math.min(1, WEAK_PUMP_GPS / Math.max(demand, 1e-6));
		}
		// Wall wetting: on a tip-in, air arrives before the fuel film catches up, so the mixture leans briefly.
		const tipIn = clamp(0.0001 * this.#tpsRate, -0.05, 0.1);
		delivered *= clamp(this.faults.fuelDelivery ?? 1, 0.05, 1);
		const actual = fuelCut ? LAMBDA_AIR : (cmd / delivered) * (1 + tipIn);
		this.#lambdaTrue = actual;
		// Wideband (LSU 4.9) response plus gas transport: ≈80 ms.
		this.#lambdaSensor += ((this.#lambdaTrue - this.#lambdaSensor) * dt) / 0.08;
	}

	#netTorque(rpm: number, ve: number, fuelCut: boolean, retard: number): number {
		const lambda = this.#lambdaTrue;
		const mixtureEff = clamp(1 - 0.8 * (lambda - 0.88) ** 2, 0, 1);
		const sparkEff = 1 - 0.012 * retard;
		const charge = ve * (trappedMapKpa(this.#map) / 100);
		const indicated = fuelCut ? 0 : CAR.torquePerBar * charge * mixtureEff * sparkEff;
		const friction = 10 + 0.0022 * rpm + 4e-7 * rpm * rpm;
		const pumping = 0.3 * Math.max(0, this.#baro - this.#map);
		const accessories = 6;
		return indicated - friction - pumping - accessories;
	}

	/** Speed-density air mass flow, g/s. */
	#airFlowGps(rpm: number, ve: number): number {
		const iatK = this.#temps.iat + 273.15;
		const perCycleKg = (trappedMapKpa(this.#map) * 1000 * CAR.displacementM3 * ve) / (287 * iatK);
		return perCycleKg * (rpm / 120) * 1000;
	}

	/**
	 * Knock: each combustion event may knock with a probability that grows with load, intake temperature and lean
	 * mixture; the ECU pulls 2° on that cylinder and gives it back at 1.5 °/s, like common aftermarket knock control.
	 */
	#updateKnock(rpm: number, fuelCut: boolean, dt: number): void {
		for (let i = 0; i < 4; i++) this.#knock[i] = Math.max(0, this.#knock[i] - 1.5 * dt);
		this.#knockSpike *= Math.exp(-dt / KNOCK_SENSOR_TAU_S);
		const eventsPerCylinder = (rpm / 120) * dt;
		const burst = (this.faults.knockBurstCylinder ?? 0) - 1;
		if (burst >= 0 && burst < 4 && !fuelCut && this.#map > 100) {
			// Drawn from the sensor stream so the healthy cylinders' events stay what they were without the fault.
			if (this.#sensorRng.next() < BURST_KNOCK_PER_EVENT * eventsPerCylinder)
				this.#knockEvent(burst);
		}
		const overBoost = Math.max(0, (this.#map - 150) / 80);
		if (overBoost === 0 || fuelCut) return;
		const iat = this.#temps.iat;
		const perEvent =
			0.0012 *
			overBoost ** 3 *
			Math.exp((iat - 40) / 12) *
			Math.exp(12 * Math.max(0, this.#lambdaTrue - 0.83)) *
			(1 + Math.max(0, this.#temps.coolant - 100) / 5);
		for (let i = 0; i < 4; i++) {
			if (this.#rng.next() < perEvent * eventsPerCylinder) this.#knockEvent(i);
		}
	}

	#knockEvent(cylinder: number): void {
		this.#knock[cylinder] = Math.min(10, this.#knock[cylinder] + 2);
		this.state.knockCount++;
		this.#knockSpike += KNOCK_SPIKE;
	}

	#updateEgtFault(dt: number): void {
		const ramp = this.faults.egtRampCPerS ?? 0;
		if (ramp > 0) this.#egtExtra += ramp * dt;
		else this.#egtExtra -= (this.#egtExtra * dt) / 5;
	}

	#updateBattery(dt: number): void {
		const target =
			this.#omega * RPM_PER_RAD_S < 400 ? 12.4 : 14.15 - (this.#temps.fanOn ? 0.15 : 0);
		this.#battery += ((target - this.#battery) * dt) / 0.2 + 0.004 * this.#rng.gaussian();
	}
}

/** Fuel a failing pump can still deliver, g/s (about 80 % of what this engine needs at peak power). */
const WEAK_PUMP_GPS = 15.5;

/** The ECU's smoothing of the knock sensor's band amplitude, s. */
const KNOCK_SENSOR_TAU_S = 0.06;
/** A knock event's band amplitude on top of the noise floor, × floor. */
const KNOCK_SPIKE = 4;
/** Share of combustion events that knock in the `knockBurstCylinder`. */
const BURST_KNOCK_PER_EVENT = 0.8;

/** Knock sensor noise floor, mV: valve-train and piston-slap noise grows with rpm, combustion noise with load. */
function knockFloorMv(rpm: number, mapKpa: number): number {
	return 60 + 25 * (Math.max(rpm, 0) / 1000) + 12 * clamp(mapKpa / 250, 0, 1.4);
}
