import { CAR, clamp } from './car-spec';

/** Cooling system of a 2.0 L with a wax thermostat (opens 86 °C, full 96 °C) and an electric fan. */
export const COOLING = {
	/** Heat to coolant independent of load (friction, pumping), kW. */
	baseKw: 1.5,
	/** Share of fuel energy that goes to the coolant. */
	fuelFraction: 0.2,
	/** Coolant plus the block metal it exchanges with quickly, kJ/K. */
	capacityKjPerK: 60,
	fanOnC: 96,
	fanOffC: 92,
	thermostatOpenC: 86,
	thermostatFullC: 96,
	/** A pressurised system vents at its cap and plateaus near this boiling point. */
	boilC: 128
} as const;

/**
 * Radiator conductance to ambient, kW/K: thermostat opening × (natural + ram air + fan). A failed cooling system
 * (pump belt off, fan dead) leaves a few percent of it.
 */
export function radiatorConductance(
	coolantC: number,
	speedKmh: number,
	fanOn: boolean,
	failed: boolean
): number {
	const span = COOLING.thermostatFullC - COOLING.thermostatOpenC;
	const open = clamp((coolantC - COOLING.thermostatOpenC) / span, 0.02, 1);
	const air = 0.25 + 0.012 * speedKmh + (fanOn && !failed ? 0.5 : 0);
	return open * air * (failed ? 0.04 : 1);
}

export interface ThermalInputs {
	/** Air mass flow into the engine, g/s. */
	airGps: number;
	fuelCut: boolean;
	/** Actual (not measured) lambda. */
	lambda: number;
	/** Knock retard, °: late combustion dumps heat into the exhaust. */
	retard: number;
	rpm: number;
	mapKpa: number;
	speedKmh: number;
	/** Compressor outlet / ambient pressure. */
	pressureRatio: number;
	coolingFailure: boolean;
	dt: number;
}

/** Coolant, oil, intake charge and exhaust gas temperatures, each a lumped first-order mass. */
export class EngineTemperatures {
	coolant: number;
	oil: number;
	egt = 450;
	fanOn = false;
	#charge: number = CAR.ambientC;
	/** Under-bonnet heat soak of the intake tract, K above the charge temperature. */
	#soak = 8;
	#heatToCoolant = 4;

	constructor(coolantC: number, oilC?: number) {
		this.coolant = coolantC;
		this.oil = oilC ?? coolantC - 2;
	}

	get iat(): number {
		return this.#charge + this.#soak;
	}

	step(i: ThermalInputs): void {
		const { dt, speedKmh, rpm } = i;
		const fuelKw = i.fuelCut ? 0 : (i.airGps / (CAR.stoichAfr * i.lambda)) * PETROL_MJ_PER_KG;
		// Heat reaches the coolant through the block's metal, which buffers a short pull (≈15 s).
		const heatIn = COOLING.baseKw + COOLING.fuelFraction * fuelKw;
		this.#heatToCoolant += ((heatIn - this.#heatToCoolant) * dt) / 15;
		if (this.coolant > COOLING.fanOnC) this.fanOn = true;
		else if (this.coolant < COOLING.fanOffC) this.fanOn = false;
		const ua = radiatorConductance(this.coolant, speedKmh, this.fanOn, i.coolingFailure);
		const rejected = (ua + 0.03) * (this.coolant - CAR.ambientC);
		this.coolant += ((this.#heatToCoolant - rejected) * dt) / COOLING.capacityKjPerK;
		this.coolant = Math.min(this.coolant, COOLING.boilC);

		const load = clamp(i.mapKpa / 250, 0, 1.4);
		const oilTarget = this.coolant + 3 + 25 * load * (rpm / CAR.revLimitRpm);
		this.oil += ((oilTarget - this.oil) * dt) / 90;

		// Compressor outlet temperature (isentropic, η ≈ 0.7) less what the intercooler takes out.
		const ambK = CAR.ambientC + 273.15;
		const compressorRise = (ambK * (i.pressureRatio ** 0.286 - 1)) / 0.7;
		const icEffectiveness = clamp(0.55 + 0.004 * speedKmh, 0.55, 0.85);
		const chargeTarget = CAR.ambientC + compressorRise * (1 - icEffectiveness);
		this.#charge += ((chargeTarget - this.#charge) * dt) / 4;
		const soakTarget = 16 * Math.exp(-speedKmh / 25) + 0.06 * (this.coolant - CAR.ambientC);
		this.#soak += ((soakTarget - this.#soak) * dt) / 60;

		// EGT: load and rpm heat the gas, excess air under load and retard heat it more; rich mixture cools it.
		const lean = 400 * Math.max(0, i.lambda - 0.8) * Math.min(load, 1);
		const egtTarget = i.fuelCut
			? 250
			: 330 + 360 * Math.min(load, 1.2) + 250 * (rpm / CAR.revLimitRpm) + lean + 8 * i.retard;
		this.egt += ((egtTarget - this.egt) * dt) / 1.5;
	}
}

/** Lower heating value of petrol, MJ/kg (= kJ/g, so g/s × this = kW). */
const PETROL_MJ_PER_KG = 43;
