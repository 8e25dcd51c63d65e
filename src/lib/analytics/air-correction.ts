/**
 * Corrections of measured power to standard air, so runs on a hot day and a cold day compare. Both scale power and
 * torque alike by a factor CF (corrected = measured × CF).
 *
 * - SAE J1349 (rev. Jun 1990, the form dyno makers print): CF = 1.18 · (99 / Pd) · √((T + 273) / 298) − 0.18,
 *   Pd = dry-air pressure in kPa (barometric minus water-vapour partial pressure), T in °C; reference 99 kPa dry,
 *   25 °C. The 1.18/−0.18 split assumes 85 % mechanical efficiency: only indicated power scales with air.
 * - DIN 70020: CF = (1013 / p) · √((T + 273) / 293), p = total barometric pressure in hPa (humidity ignored),
 *   reference 1013 hPa, 20 °C.
 *
 * T is the air the engine breathes: ambient when logged, else intake air temperature (on a turbo car IAT is
 * after the intercooler and reads warmer than ambient, so CF reads a little high; log ambient when you can).
 */
export type CorrectionStandard = 'sae-j1349' | 'din-70020' | 'none';

export interface AirConditions {
	tempC: number;
	baroKpa: number;
	/** Relative humidity, 0–100 %. */
	humidityPct: number;
}

/**
 * Used for whatever is not logged: ISA sea-level pressure, SAE's 25 °C and dry air. Dry air is SAE's reference,
 * so an unknown humidity errs towards CF = reference (at 30 °C and 60 % RH the true CF is ≈ 2.6 % higher).
 */
export const DEFAULT_CONDITIONS: AirConditions = { tempC: 25, baroKpa: 101.325, humidityPct: 0 };

/** Saturation vapour pressure over water, kPa (Buck 1996: 0.61121·exp((18.678 − T/234.5)·T/(257.14 + T))). */
export function saturationVapourKpa(tempC: number): number {
	return 0.61121 * Math.exp((18.678 - tempC / 234.5) * (tempC / (257.14 + tempC)));
}

export function vapourPressureKpa(c: AirConditions): number {
	return (saturationVapourKpa(c.tempC) * c.humidityPct) / 100;
}

/** Dry-air partial pressure, kPa. */
export function dryAirPressureKpa(c: AirConditions): number {
	return c.baroKpa - vapourPressureKpa(c);
}

/** Moist-air density, kg/m³: dry air and water vapour as ideal gases (R = 287.058 and 461.495 J/(kg·K)). */
export function airDensity(c: AirConditions): number {
	const T = c.tempC + 273.15;
	const pv = vapourPressureKpa(c) * 1000;
	const pd = c.baroKpa * 1000 - pv;
	return pd / (287.058 * T) + pv / (461.495 * T);
}

export function checkConditions(c: AirConditions): void {
	if (!(c.tempC > -60 && c.tempC < 80))
		throw new TypeError(`air temperature ${c.tempC} °C is out of range`);
	if (!(c.baroKpa > 40 && c.baroKpa < 120))
		throw new TypeError(`barometric pressure ${c.baroKpa} kPa is out of range`);
	if (!(c.humidityPct >= 0 && c.humidityPct <= 100))
		throw new TypeError(`relative humidity ${c.humidityPct} % is out of range`);
}

export function correctionFactor(standard: CorrectionStandard, c: AirConditions): number {
	checkConditions(c);
	switch (standard) {
		case 'sae-j1349':
			return 1.18 * (99 / dryAirPressureKpa(c)) * Math.sqrt((c.tempC + 273) / 298) - 0.18;
		case 'din-70020':
			return (1013 / (c.baroKpa * 10)) * Math.sqrt((c.tempC + 273) / 293);
		case 'none':
			return 1;
		default:
			throw new TypeError(`unknown correction standard ${String(standard)}`);
	}
}
