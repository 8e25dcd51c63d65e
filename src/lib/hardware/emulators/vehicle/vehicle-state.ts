/** What the driver does, as a scenario scripts it. */
export interface DriverInputs {
	/** Accelerator pedal, 0–100 %. */
	throttle: number;
	/** 0 = neutral, 1–6. */
	gear: number;
	/** Clutch engagement, 0 = pedal down (open) … 1 = pedal up (engaged). */
	clutch: number;
	/** Service brake, 0–1. */
	brake: number;
}

/** Injected failures for safety-rule work. */
export interface FaultFlags {
	/** Wastegate seized shut: boost rises to whatever the turbo can make (overboost). */
	wastegateStuckClosed?: boolean;
	/** Fuel pump that cannot keep up at high flow: lambda goes lean under boost. */
	weakFuelPump?: boolean;
	/** Failed water pump / fan / radiator: coolant keeps climbing under load. */
	coolingFailure?: boolean;
	/**
	 * Share of the commanded fuel the injectors deliver, (0, 1] (a clogged filter, a pump relay dropping out):
	 * below 1 leans the mixture at any load. @default 1
	 */
	fuelDelivery?: number;
	/** This cylinder (1–4) knocks on most combustion events under load (a hot spot, a wrong-heat-range plug); 0 = none. */
	knockBurstCylinder?: number;
	/**
	 * The exhaust runs hotter at this many °C per second on top of the model while set (late combustion from a
	 * failing coil, a blocked catalyst), and cools back over ≈5 s once cleared.
	 */
	egtRampCPerS?: number;
	/** The coolant sensor is open circuit: the ECU broadcasts its "no reading" code instead of a temperature. */
	coolantSensorDropout?: boolean;
	/** Multiplies the noise on the MAP, throttle, lambda, intake air and EGT readings: noisy but healthy. @default 1 */
	sensorNoise?: number;
}

/** Starting conditions; anything left out is a warm car at rest at idle. */
export interface InitialConditions {
	speedKmh?: number;
	gear?: number;
	coolantC?: number;
	oilC?: number;
	throttle?: number;
}

/** What the ECU reports (sensor values with their noise), plus the driver's inputs. */
export interface VehicleState {
	timeS: number;
	rpm: number;
	throttle: number;
	mapKpa: number;
	boostKpa: number;
	boostTargetKpa: number;
	baroKpa: number;
	wastegateDuty: number;
	lambda: number;
	lambdaTarget: number;
	iatC: number;
	coolantC: number;
	oilC: number;
	egtC: number;
	knockRetard: [number, number, number, number];
	knockRetardMax: number;
	knockCount: number;
	injectorPwMs: number;
	ignitionAdvance: number;
	speedKmh: number;
	gear: number;
	clutch: number;
	brake: number;
	batteryV: number;
	revLimiter: boolean;
	fuelCut: boolean;
	/**
	 * Knock sensor band amplitude in the knock window, mV, smoothed by the ECU over ≈60 ms: mechanical noise
	 * that grows with rpm and load, plus a spike per knock event.
	 */
	knockSensorMv: number;
	/** True while the coolant sensor is open circuit (fault `coolantSensorDropout`); coolantC is then the true temperature. */
	coolantSensorFault: boolean;
}
