/**
 * The physical car the model imitates: a 2.0 L turbocharged inline-4 with a 6-speed manual, in the class of an
 * Evo X / WRX STI / Golf R. Figures are typical published ones, not a particular car's.
 */
export const CAR = {
	/** Swept volume, m³ (4 × 0.5 L). */
	displacementM3: 0.002,
	cylinders: 4,
	/** Crank + flywheel + clutch inertia, kg·m². */
	engineInertia: 0.2,
	/** Indicated torque per 100 kPa of manifold pressure at VE 1, N·m. */
	torquePerBar: 185,
	/** Fuel cut above this, restored below `revLimitRpm - revLimitHysteresisRpm` (hard cut). */
	revLimitRpm: 7000,
	revLimitHysteresisRpm: 80,
	idleRpm: 850,
	/** Wheel-side gear ratios 1–6 and final drive (Subaru 6MT-like). */
	gearRatios: [3.636, 2.375, 1.761, 1.346, 0.971, 0.756],
	finalDrive: 3.9,
	drivelineEfficiency: 0.9,
	/** 245/40 R18 rolling radius, m. */
	tyreRadius: 0.32,
	/** Kerb mass + driver, kg. */
	massKg: 1550,
	/** Cd·A, m². */
	dragArea: 0.72,
	rollingResistance: 0.012,
	airDensity: 1.2,
	/** Maximum service-brake force at the tyres, N (≈1 g). */
	brakeForceN: 15000,
	/** Clutch torque capacity when fully engaged, N·m. */
	clutchCapacity: 650,
	/** Injector static flow, g/s (≈1000 cc/min of petrol). */
	injectorFlowGps: 12.3,
	/** Injector dead time at 14 V, ms. */
	injectorDeadTimeMs: 0.9,
	stoichAfr: 14.7,
	ambientC: 22
} as const;

/** Piecewise-linear lookup in a table of [x, y] rows sorted by x, flat beyond the ends. */
export function lookup(table: readonly (readonly [number, number])[], x: number): number {
	if (x <= table[0][0]) return table[0][1];
	for (let i = 1; i < table.length; i++) {
		const [x1, y1] = table[i];
		if (x <= x1) {
			const [x0, y0] = table[i - 1];
			return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
		}
	}
	return table[table.length - 1][1];
}

export function clamp(x: number, lo: number, hi: number): number {
	return x < lo ? lo : x > hi ? hi : x;
}

/** Volumetric efficiency by rpm: a cam and runner tuned for 4000–5500 rpm. */
export const VE_BY_RPM = [
	[0, 0.7],
	[1000, 0.78],
	[2500, 0.88],
	[4500, 0.95],
	[6000, 0.92],
	[7500, 0.84]
] as const;

/** Overall ratio from engine to wheel for a gear (1–6); 0 for neutral. */
export function overallRatio(gear: number): number {
	if (gear < 1 || gear > CAR.gearRatios.length) return 0;
	return CAR.gearRatios[gear - 1] * CAR.finalDrive;
}

export const RPM_PER_RAD_S = 60 / (2 * Math.PI);
