/**
 * The car a virtual dyno run models. Masses in kg, lengths in m. Everything the road-load equation needs
 * (F = m_eff·a + ½ρ·CdA·v² + Crr·m·g) and the ratios that tie engine speed to road speed.
 */
export interface VehicleProfile {
	/** Kerb mass as driven (fuel, fluids), kg. */
	massKg: number;
	/** Driver and passengers, kg. @default 0 */
	driverKg?: number;
	/** Gearbox ratios, first gear first. */
	gearRatios: readonly number[];
	finalDrive: number;
	/** Tyre size as moulded on the sidewall, e.g. "225/45R17". One of tyreSize, tyreDiameterM, rollingRadiusM. */
	tyreSize?: string;
	/** Unloaded outside diameter, m. */
	tyreDiameterM?: number;
	/** Measured loaded rolling radius, m; used as is. */
	rollingRadiusM?: number;
	/** Drag coefficient × frontal area, m². */
	cdA: number;
	/** Rolling-resistance coefficient. @default 0.012 (passenger tyres on asphalt, typically 0.010–0.015) */
	crr?: number;
	/**
	 * Fraction of crank power lost between crank and tyres, for crank-basis figures (wheel = crank × (1 − loss)).
	 * @default 0 (wheel figures only; a crank request then needs a value)
	 */
	drivetrainLoss?: number;
	/** Crank, flywheel and clutch inertia, kg·m²; reflected through the gear ratio. @default 0 */
	engineInertiaKgM2?: number;
	/** All wheels, tyres, brakes and half-shafts together, kg·m². @default 0 */
	wheelInertiaKgM2?: number;
	/**
	 * Rotating inertia as a fraction of mass, for when the inertias are unknown (a common rule of thumb is
	 * 0.04 + 0.0025·(overall ratio)²). Adds to the two inertias above. @default 0
	 */
	rotatingMassFactor?: number;
}

/**
 * A loaded radial tyre rolls on ≈ 98 % of its unloaded radius (the tread deflects at the contact patch; tyre
 * makers' "dynamic rolling circumference" tables sit 2–3 % under the geometric one). Power scales with radius²
 * through a = r·α, so this matters: ignoring it would read ≈ 4 % high.
 */
export const ROLLING_RADIUS_FACTOR = 0.98;

const TYRE_SIZE = /^\s*(?:P|LT)?\s*(\d{3})\s*\/\s*(\d{2,3})\s*(?:Z?R|B|D|-)\s*(\d{2}(?:\.\d)?)\b/i;

/**
 * Unloaded outside diameter, m, of an ISO metric tyre size: rim diameter (inches) plus two sidewalls of
 * width × aspect ratio (ETRTO / ISO 4000-1 designation "225/45R17" = 225 mm wide, 45 % aspect, 17" rim).
 */
export function parseTyreSize(size: string): number {
	const m = TYRE_SIZE.exec(size);
	if (!m) throw new TypeError(`tyre size "${size}" is not of the form 225/45R17`);
	const width = Number(m[1]);
	const aspect = Number(m[2]);
	const rim = Number(m[3]);
	if (aspect < 20 || aspect > 100 || rim < 8 || rim > 30)
		throw new TypeError(`tyre size "${size}" is out of range (aspect 20–100 %, rim 8–30")`);
	return (rim * 25.4 + (2 * width * aspect) / 100) / 1000;
}

/** The profile with defaults filled and the derived figures a dyno needs. */
export interface ResolvedVehicle {
	/** Vehicle + driver, kg. */
	massKg: number;
	rollingRadiusM: number;
	/** Engine revolutions per wheel revolution, per gear (gear ratio × final drive). */
	overallRatios: number[];
	cdA: number;
	crr: number;
	/** 1 − drivetrainLoss. */
	efficiency: number;
	engineInertiaKgM2: number;
	wheelInertiaKgM2: number;
	rotatingMassFactor: number;
}

function positive(name: string, x: unknown): number {
	if (typeof x !== 'number' || !(x > 0) || !Number.isFinite(x))
		throw new TypeError(`vehicle ${name} must be a positive number, got ${String(x)}`);
	return x;
}

function nonNegative(name: string, x: unknown, fallback: number, max = Infinity): number {
	if (x === undefined) return fallback;
	if (typeof x !== 'number' || !(x >= 0) || !(x <= max))
		throw new TypeError(`vehicle ${name} must be a number in [0, ${max}], got ${String(x)}`);
	return x;
}

function required<T>(name: string, x: T | undefined): T {
	if (x === undefined) throw new TypeError(`vehicle ${name} is required`);
	return x;
}

/** Validates a profile (TypeError naming the bad field) and fills its defaults. */
export function resolveVehicle(profile: VehicleProfile): ResolvedVehicle {
	if (!profile || typeof profile !== 'object')
		throw new TypeError('vehicle profile must be an object');
	const massKg = positive('massKg', profile.massKg) + nonNegative('driverKg', profile.driverKg, 0);
	if (!Array.isArray(profile.gearRatios) || profile.gearRatios.length === 0)
		throw new TypeError('vehicle gearRatios must list at least one ratio');
	const finalDrive = positive('finalDrive', profile.finalDrive);
	const overallRatios = profile.gearRatios.map(
		(g, i) => positive(`gearRatios[${i}]`, g) * finalDrive
	);
	let rollingRadiusM: number;
	if (profile.rollingRadiusM !== undefined)
		rollingRadiusM = positive('rollingRadiusM', profile.rollingRadiusM);
	else if (profile.tyreDiameterM !== undefined)
		rollingRadiusM = (positive('tyreDiameterM', profile.tyreDiameterM) / 2) * ROLLING_RADIUS_FACTOR;
	else if (typeof profile.tyreSize === 'string')
		rollingRadiusM = (parseTyreSize(profile.tyreSize) / 2) * ROLLING_RADIUS_FACTOR;
	else throw new TypeError('vehicle needs one of tyreSize, tyreDiameterM or rollingRadiusM');
	if (rollingRadiusM > 1.5)
		throw new TypeError(`vehicle rolling radius ${rollingRadiusM} m is not a car tyre`);
	return {
		massKg,
		rollingRadiusM,
		overallRatios,
		cdA: nonNegative('cdA', required('cdA', profile.cdA), 0, 20),
		crr: nonNegative('crr', profile.crr, 0.012, 0.1),
		efficiency: 1 - nonNegative('drivetrainLoss', profile.drivetrainLoss, 0, 0.6),
		engineInertiaKgM2: nonNegative('engineInertiaKgM2', profile.engineInertiaKgM2, 0),
		wheelInertiaKgM2: nonNegative('wheelInertiaKgM2', profile.wheelInertiaKgM2, 0),
		rotatingMassFactor: nonNegative('rotatingMassFactor', profile.rotatingMassFactor, 0, 1)
	};
}

/**
 * Mass that the tractive force accelerates, kg: the car plus its rotating parts as equivalent translating mass.
 * A part turning at k× wheel speed with inertia J stores ½J(k·v/r)², i.e. J·k²/r² of mass; the engine turns at the
 * overall ratio and its share reaches the wheels through the drivetrain efficiency.
 */
export function effectiveMass(v: ResolvedVehicle, overallRatio: number): number {
	const r2 = v.rollingRadiusM ** 2;
	return (
		v.massKg * (1 + v.rotatingMassFactor) +
		v.wheelInertiaKgM2 / r2 +
		(v.efficiency * v.engineInertiaKgM2 * overallRatio ** 2) / r2
	);
}

/** Engine rpm per km/h in a gear with this overall ratio. */
export function rpmPerKmh(overallRatio: number, rollingRadiusM: number): number {
	return (overallRatio * 60) / (3.6 * 2 * Math.PI * rollingRadiusM);
}
