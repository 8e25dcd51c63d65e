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
}
