/**
 * Common world manufacturer identifiers (VIN positions 1–3, ISO 3780), from the WMI lists SAE publishes for NHTSA
 * (49 CFR 565.16) as commonly reproduced. Not exhaustive: a WMI not here decodes to its region only. A third
 * character of 9 marks a maker building fewer than 1000 vehicles a year, whose full code continues in positions
 * 12–14; those are not decoded.
 */
export const WMI_TABLE = {
	// North America: United States (1, 4, 5, 7F–7Z), Canada (2), Mexico (3)
	'1C3': { manufacturer: 'Chrysler', country: 'United States' },
	'1C4': { manufacturer: 'Chrysler (Jeep, Dodge)', country: 'United States' },
	'1C6': { manufacturer: 'Ram', country: 'United States' },
	'1FA': { manufacturer: 'Ford', country: 'United States' },
	'1FM': { manufacturer: 'Ford', country: 'United States' },
	'1FT': { manufacturer: 'Ford', country: 'United States' },
	'1G1': { manufacturer: 'Chevrolet', country: 'United States' },
	'1G4': { manufacturer: 'Buick', country: 'United States' },
	'1G6': { manufacturer: 'Cadillac', country: 'United States' },
	'1GC': { manufacturer: 'Chevrolet', country: 'United States' },
	'1GT': { manufacturer: 'GMC', country: 'United States' },
	'1HD': { manufacturer: 'Harley-Davidson', country: 'United States' },
	'1HG': { manufacturer: 'Honda', country: 'United States' },
	'1J4': { manufacturer: 'Jeep', country: 'United States' },
	'1LN': { manufacturer: 'Lincoln', country: 'United States' },
	'1M8': { manufacturer: 'Motor Coach Industries', country: 'United States' },
	'1N4': { manufacturer: 'Nissan', country: 'United States' },
	'1N6': { manufacturer: 'Nissan', country: 'United States' },
	'1VW': { manufacturer: 'Volkswagen', country: 'United States' },
	'1YV': { manufacturer: 'Mazda', country: 'United States' },
	'2C3': { manufacturer: 'Chrysler', country: 'Canada' },
	'2FA': { manufacturer: 'Ford', country: 'Canada' },
	'2G1': { manufacturer: 'Chevrolet', country: 'Canada' },
	'2HG': { manufacturer: 'Honda', country: 'Canada' },
	'2HK': { manufacturer: 'Honda', country: 'Canada' },
	'2T1': { manufacturer: 'Toyota', country: 'Canada' },
	'2T3': { manufacturer: 'Toyota', country: 'Canada' },
	'3FA': { manufacturer: 'Ford', country: 'Mexico' },
	'3G1': { manufacturer: 'Chevrolet', country: 'Mexico' },
	'3HG': { manufacturer: 'Honda', country: 'Mexico' },
	'3N1': { manufacturer: 'Nissan', country: 'Mexico' },
	'3VW': { manufacturer: 'Volkswagen', country: 'Mexico' },
	'4S3': { manufacturer: 'Subaru', country: 'United States' },
	'4S4': { manufacturer: 'Subaru', country: 'United States' },
	'4T1': { manufacturer: 'Toyota', country: 'United States' },
	'4T3': { manufacturer: 'Toyota', country: 'United States' },
	'4US': { manufacturer: 'BMW', country: 'United States' },
	'4JG': { manufacturer: 'Mercedes-Benz', country: 'United States' },
	'5FN': { manufacturer: 'Honda', country: 'United States' },
	'5J6': { manufacturer: 'Honda', country: 'United States' },
	'5N1': { manufacturer: 'Nissan', country: 'United States' },
	'5NP': { manufacturer: 'Hyundai', country: 'United States' },
	'5TD': { manufacturer: 'Toyota', country: 'United States' },
	'5TF': { manufacturer: 'Toyota', country: 'United States' },
	'5UX': { manufacturer: 'BMW', country: 'United States' },
	'5YJ': { manufacturer: 'Tesla', country: 'United States' },
	'7SA': { manufacturer: 'Tesla', country: 'United States' },
	// Oceania
	'6FP': { manufacturer: 'Ford', country: 'Australia' },
	'6G1': { manufacturer: 'Holden', country: 'Australia' },
	'6T1': { manufacturer: 'Toyota', country: 'Australia' },
	// South America
	'9BG': { manufacturer: 'Chevrolet', country: 'Brazil' },
	'9BW': { manufacturer: 'Volkswagen', country: 'Brazil' },
	// Asia: Japan (J), Korea (K), China (L)
	JA3: { manufacturer: 'Mitsubishi', country: 'Japan' },
	JA4: { manufacturer: 'Mitsubishi', country: 'Japan' },
	JF1: { manufacturer: 'Subaru', country: 'Japan' },
	JF2: { manufacturer: 'Subaru', country: 'Japan' },
	JH4: { manufacturer: 'Acura', country: 'Japan' },
	JHM: { manufacturer: 'Honda', country: 'Japan' },
	JM1: { manufacturer: 'Mazda', country: 'Japan' },
	JMZ: { manufacturer: 'Mazda', country: 'Japan' },
	JN1: { manufacturer: 'Nissan', country: 'Japan' },
	JN8: { manufacturer: 'Nissan', country: 'Japan' },
	JS2: { manufacturer: 'Suzuki', country: 'Japan' },
	JT2: { manufacturer: 'Toyota', country: 'Japan' },
	JTD: { manufacturer: 'Toyota', country: 'Japan' },
	JTH: { manufacturer: 'Lexus', country: 'Japan' },
	KMH: { manufacturer: 'Hyundai', country: 'South Korea' },
	KNA: { manufacturer: 'Kia', country: 'South Korea' },
	KND: { manufacturer: 'Kia', country: 'South Korea' },
	LRW: { manufacturer: 'Tesla', country: 'China' },
	LSV: { manufacturer: 'SAIC Volkswagen', country: 'China' },
	LFV: { manufacturer: 'FAW-Volkswagen', country: 'China' },
	// Europe
	SAJ: { manufacturer: 'Jaguar', country: 'United Kingdom' },
	SAL: { manufacturer: 'Land Rover', country: 'United Kingdom' },
	SCA: { manufacturer: 'Rolls-Royce', country: 'United Kingdom' },
	SCB: { manufacturer: 'Bentley', country: 'United Kingdom' },
	SCC: { manufacturer: 'Lotus', country: 'United Kingdom' },
	SCF: { manufacturer: 'Aston Martin', country: 'United Kingdom' },
	SHH: { manufacturer: 'Honda', country: 'United Kingdom' },
	SJN: { manufacturer: 'Nissan', country: 'United Kingdom' },
	TMB: { manufacturer: 'Škoda', country: 'Czech Republic' },
	TRU: { manufacturer: 'Audi', country: 'Hungary' },
	VF1: { manufacturer: 'Renault', country: 'France' },
	VF3: { manufacturer: 'Peugeot', country: 'France' },
	VF7: { manufacturer: 'Citroën', country: 'France' },
	VSS: { manufacturer: 'SEAT', country: 'Spain' },
	WAU: { manufacturer: 'Audi', country: 'Germany' },
	WA1: { manufacturer: 'Audi', country: 'Germany' },
	WBA: { manufacturer: 'BMW', country: 'Germany' },
	WBS: { manufacturer: 'BMW M', country: 'Germany' },
	WBY: { manufacturer: 'BMW i', country: 'Germany' },
	WDB: { manufacturer: 'Mercedes-Benz', country: 'Germany' },
	WDC: { manufacturer: 'Mercedes-Benz', country: 'Germany' },
	WDD: { manufacturer: 'Mercedes-Benz', country: 'Germany' },
	W1K: { manufacturer: 'Mercedes-Benz', country: 'Germany' },
	W1N: { manufacturer: 'Mercedes-Benz', country: 'Germany' },
	WF0: { manufacturer: 'Ford', country: 'Germany' },
	WME: { manufacturer: 'smart', country: 'Germany' },
	WMW: { manufacturer: 'MINI', country: 'Germany' },
	W0L: { manufacturer: 'Opel', country: 'Germany' },
	WP0: { manufacturer: 'Porsche', country: 'Germany' },
	WP1: { manufacturer: 'Porsche', country: 'Germany' },
	WUA: { manufacturer: 'Audi Sport', country: 'Germany' },
	WVW: { manufacturer: 'Volkswagen', country: 'Germany' },
	WV1: { manufacturer: 'Volkswagen Commercial Vehicles', country: 'Germany' },
	WV2: { manufacturer: 'Volkswagen Commercial Vehicles', country: 'Germany' },
	XTA: { manufacturer: 'Lada (AvtoVAZ)', country: 'Russia' },
	YS3: { manufacturer: 'Saab', country: 'Sweden' },
	YV1: { manufacturer: 'Volvo', country: 'Sweden' },
	YV4: { manufacturer: 'Volvo', country: 'Sweden' },
	ZAM: { manufacturer: 'Maserati', country: 'Italy' },
	ZAR: { manufacturer: 'Alfa Romeo', country: 'Italy' },
	ZFA: { manufacturer: 'Fiat', country: 'Italy' },
	ZFF: { manufacturer: 'Ferrari', country: 'Italy' },
	ZHW: { manufacturer: 'Lamborghini', country: 'Italy' }
} as const satisfies Record<string, { manufacturer: string; country: string }>;

export type VinRegion =
	'Africa' | 'Asia' | 'Europe' | 'North America' | 'Oceania' | 'South America';

/**
 * ISO 3780 zones by the first VIN character: A–H, J–R, S–Z, 1–5, 6–7, 8–9 (0 is unassigned). 7F–7Z were moved
 * from Oceania to the United States when 1, 4 and 5 ran short, hence the second character.
 */
export function vinRegion(wmi: string): VinRegion | null {
	const [first, second = ''] = wmi;
	if (first === '7' && second >= 'F' && second <= 'Z') return 'North America';
	if (first >= 'A' && first <= 'H') return 'Africa';
	if (first >= 'J' && first <= 'R') return 'Asia';
	if (first >= 'S' && first <= 'Z') return 'Europe';
	if (first >= '1' && first <= '5') return 'North America';
	if (first === '6' || first === '7') return 'Oceania';
	if (first === '8' || first === '9') return 'South America';
	return null;
}

export function lookupWmi(wmi: string): { manufacturer: string; country: string } | null {
	return (WMI_TABLE as Record<string, { manufacturer: string; country: string }>)[wmi] ?? null;
}
