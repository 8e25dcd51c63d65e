/**
 * Unit factors to the SI-ish units CarTech stores (kW, N·m, km/h, N, kPa, s). Exact by definition where a
 * definition exists: 1 lb = 0.45359237 kg, 1 ft = 0.3048 m, g = 9.80665 m/s² (NIST SP 811 Appendix B);
 * mechanical horsepower = 550 ft·lbf/s; metric horsepower (PS, DIN 70020) = 75 kgf·m/s.
 */
const LBF_N = 0.45359237 * 9.80665;
const FT_M = 0.3048;

export const POWER_TO_KW = {
	kW: 1,
	W: 1e-3,
	hp: (550 * FT_M * LBF_N) / 1000,
	PS: (75 * 9.80665) / 1000
} as const;

export const TORQUE_TO_NM = {
	Nm: 1,
	lbft: FT_M * LBF_N,
	kgm: 9.80665
} as const;

export const SPEED_TO_KMH = {
	'km/h': 1,
	mph: 1.609344,
	'm/s': 3.6
} as const;

export const FORCE_TO_N = {
	N: 1,
	kN: 1000,
	lbf: LBF_N,
	kgf: 9.80665
} as const;

export const PRESSURE_TO_KPA = {
	kPa: 1,
	bar: 100,
	psi: LBF_N / (0.0254 * 0.0254) / 1000
} as const;

export const TIME_TO_S = { s: 1, ms: 1e-3 } as const;

export type PowerUnit = keyof typeof POWER_TO_KW;
export type TorqueUnit = keyof typeof TORQUE_TO_NM;
export type SpeedUnit = keyof typeof SPEED_TO_KMH;
export type ForceUnit = keyof typeof FORCE_TO_N;
export type PressureUnit = keyof typeof PRESSURE_TO_KPA;
export type DynoTimeUnit = keyof typeof TIME_TO_S;

/** P = τ·ω: kW from N·m and rpm (ω = 2π·rpm/60), and back. */
export function powerKwFrom(torqueNm: number, rpm: number): number {
	return (torqueNm * rpm * 2 * Math.PI) / 60_000;
}

export function torqueNmFrom(powerKw: number, rpm: number): number {
	return rpm > 0 ? (powerKw * 60_000) / (2 * Math.PI * rpm) : NaN;
}

/** P = F·v: kW from tractive force in N and road speed in km/h. */
export function powerKwFromForce(forceN: number, speedKmh: number): number {
	return (forceN * speedKmh) / 3600;
}

/**
 * What people write for each unit in file headers, lower-cased with spaces, dots and "·" removed, mapped to the
 * unit. The quantity decides which table applies, since "n" is newtons in a force column.
 */
export const UNIT_ALIASES = {
	power: {
		kw: 'kW',
		w: 'W',
		hp: 'hp',
		whp: 'hp',
		bhp: 'hp',
		chp: 'hp',
		ps: 'PS',
		cv: 'PS',
		pk: 'PS'
	},
	torque: {
		nm: 'Nm',
		'n-m': 'Nm',
		lbft: 'lbft',
		'lb-ft': 'lbft',
		'lbs-ft': 'lbft',
		'ft-lb': 'lbft',
		'ft-lbs': 'lbft',
		ftlb: 'lbft',
		ftlbs: 'lbft',
		'ft-lbf': 'lbft',
		'lbf-ft': 'lbft',
		kgm: 'kgm',
		'kg-m': 'kgm',
		kgfm: 'kgm',
		mkg: 'kgm'
	},
	speed: { 'km/h': 'km/h', kph: 'km/h', kmh: 'km/h', 'km/hr': 'km/h', mph: 'mph', 'm/s': 'm/s' },
	force: { n: 'N', kn: 'kN', lbf: 'lbf', lb: 'lbf', lbs: 'lbf', kgf: 'kgf', kg: 'kgf' },
	pressure: { kpa: 'kPa', bar: 'bar', psi: 'psi', psig: 'psi' },
	time: { s: 's', sec: 's', secs: 's', seconds: 's', ms: 'ms' }
} as const satisfies Record<string, Record<string, string>>;

export type UnitQuantity = keyof typeof UNIT_ALIASES;

/** The unit a header spells, for one quantity, or null when it is not one of that quantity's units. */
export function unitFor<Q extends UnitQuantity>(
	quantity: Q,
	text: string
): (typeof UNIT_ALIASES)[Q][keyof (typeof UNIT_ALIASES)[Q]] | null {
	const key = text.toLowerCase().replaceAll(/[\s.·_]/g, '');
	const table = UNIT_ALIASES[quantity] as Record<string, string>;
	return (table[key] ?? null) as (typeof UNIT_ALIASES)[Q][keyof (typeof UNIT_ALIASES)[Q]] | null;
}
