/**
 * Fuel properties for fuel flow from air flow. Stoichiometric air/fuel ratios by mass; densities at 15 °C in the
 * middle of each standard's band (EN 228 petrol 720–775 kg/m³, EN 590 diesel 820–845 kg/m³; E85 from 85 % ethanol
 * at 789 and 15 % petrol at 745). `fuelCutLambda`: a wideband in free air during overrun fuel cut reads its clamp
 * (≈ 2 on most controllers); at or above this, no fuel is flowing. Diesel runs lean normally, so it has none.
 */
export const FUELS = {
	petrol: { stoichAfr: 14.7, densityKgPerL: 0.745, fuelCutLambda: 1.9 },
	e85: { stoichAfr: 9.765, densityKgPerL: 0.782, fuelCutLambda: 1.9 },
	diesel: { stoichAfr: 14.5, densityKgPerL: 0.835, fuelCutLambda: Infinity }
} as const;

export type FuelKind = keyof typeof FUELS;

export function fuelProperties(kind: FuelKind): (typeof FUELS)[FuelKind] {
	const f = (FUELS as Record<string, (typeof FUELS)[FuelKind]>)[kind];
	if (!f)
		throw new TypeError(
			`unknown fuel ${String(kind)}; expected one of ${Object.keys(FUELS).join(', ')}`
		);
	return f;
}

/** Fuel volume flow, L/h, from mass air flow (g/s) and lambda: fuel mass = air / (AFR_stoich · λ). */
export function fuelRateFromMaf(mafGs: number, lambda: number, kind: FuelKind): number {
	const f = fuelProperties(kind);
	if (!(lambda > 0) || lambda >= f.fuelCutLambda || !(mafGs > 0)) return 0;
	return (mafGs / (f.stoichAfr * lambda) / 1000 / f.densityKgPerL) * 3600;
}

/** US gallon 3.785411784 L, mile 1.609344 km: MPG(US) = 235.2146 / (L/100 km). */
export const MPG_US_BY_L_PER_100KM = (100 * 3.785411784) / 1.609344;
/** Imperial gallon 4.54609 L: MPG(UK) = 282.4809 / (L/100 km). */
export const MPG_UK_BY_L_PER_100KM = (100 * 4.54609) / 1.609344;
