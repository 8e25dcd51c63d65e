import { isVinSyntax, vinCheckDigit } from '$lib/hardware/protocol/obd2/vin';
import { lookupWmi, vinRegion, type VinRegion } from './wmi';

/** Why a VIN was refused; `reason` lets a form say which field to fix. */
export class InvalidVinError extends Error {
	override name = 'InvalidVinError';
	readonly vin: string;
	readonly reason: 'syntax' | 'check_digit';
	/** The user may confirm the VIN as typed: a check-digit mismatch in a region that does not require one. */
	readonly confirmable: boolean;
	constructor(
		vin: string,
		reason: 'syntax' | 'check_digit',
		message: string,
		options?: { cause?: unknown; confirmable?: boolean }
	) {
		super(message, options);
		this.vin = vin;
		this.reason = reason;
		this.confirmable = options?.confirmable ?? false;
	}
}

export interface DecodedVin {
	vin: string;
	/** Positions 1–3. */
	wmi: string;
	region: VinRegion | null;
	/** From the WMI table; null when the WMI is not a common one. */
	manufacturer: string | null;
	country: string | null;
	/** From position 10; null when position 10 is not a year code (allowed outside North America). */
	modelYear: number | null;
	/**
	 * Position 9 as written, and whether it matches the 49 CFR 565.15(c) computation (FMVSS 115's, which
	 * ISO 3779 leaves optional).
	 */
	checkDigit: { actual: string; expected: string; valid: boolean };
}

/**
 * Position 10 model-year codes, 1980 first (49 CFR 565, the model year table): letters without I, O, Q, U, Z,
 * then the digits 1–9 (never 0). The cycle repeats every 30 years, so 'A' is 1980 or 2010.
 */
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';

/**
 * Regions whose law makes position 9 a check digit: North America (49 CFR 565.15(c), FMVSS 115) and China
 * (GB 16735, the same computation). ISO 3779 leaves it optional, so many European and Japanese-market VINs carry
 * a plant or filler character there; those VINs are accepted only when the user says so.
 */
function checkDigitRequired(vin: string): boolean {
	return vinRegion(vin.slice(0, 3)) === 'North America' || vin[0] === 'L';
}

/** Upper-cases and drops spaces and dashes, as people copy VINs from documents. */
export function normalizeVin(input: string): string {
	return input.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * The model year position 10 encodes. Which 30-year cycle comes from position 7, by the rule NHTSA's 2008 VIN
 * rule (73 FR 23367) set for passenger cars, multipurpose vehicles and light trucks (GVWR ≤ 10,000 lb) from model
 * year 2010: a letter there means 2010–2039, a digit 1980–2009. The rule is applied to every VIN; when it gives a
 * year after next year (typical of European VINs, which fill position 7 freely) the earlier cycle is taken.
 * Heavy trucks and buses do not follow it, so for them the year is a best guess.
 */
export function modelYearOf(vin: string, now = new Date()): number | null {
	const index = YEAR_CODES.indexOf(vin[9]);
	if (index < 0) return null;
	const position7IsLetter = vin[6] >= 'A' && vin[6] <= 'Z';
	const year = 1980 + index + (position7IsLetter ? 30 : 0);
	return year > now.getUTCFullYear() + 1 ? year - 30 : year;
}

export function decodeVin(vin: string, now = new Date()): DecodedVin {
	if (!isVinSyntax(vin))
		throw new InvalidVinError(
			vin,
			'syntax',
			'A VIN is 17 characters: digits and capital letters except I, O and Q'
		);
	const wmi = vin.slice(0, 3);
	const known = lookupWmi(wmi);
	const expected = vinCheckDigit(vin);
	return {
		vin,
		wmi,
		region: vinRegion(wmi),
		manufacturer: known?.manufacturer ?? null,
		country: known?.country ?? null,
		modelYear: modelYearOf(vin, now),
		checkDigit: { actual: vin[8], expected, valid: vin[8] === expected }
	};
}

export interface ParseVinOptions {
	/**
	 * Accept a wrong position 9 for a VIN from a region that does not require a check digit (the user confirmed the
	 * VIN against the car). North American and Chinese VINs are refused regardless: there a mismatch is a typo.
	 * @default false
	 */
	allowMissingCheckDigit?: boolean;
	now?: Date;
}

/**
 * Normalises, validates and decodes a VIN typed or read from a car.
 * @throws InvalidVinError for text that is not a VIN, or a check digit that does not match.
 */
export function parseVin(input: string, options: ParseVinOptions = {}): DecodedVin {
	const vin = normalizeVin(input);
	const decoded = decodeVin(vin, options.now);
	if (decoded.checkDigit.valid) return decoded;
	const required = checkDigitRequired(vin);
	if (options.allowMissingCheckDigit && !required) return decoded;
	const expected = `The check digit (9th character) should be ${decoded.checkDigit.expected}`;
	throw new InvalidVinError(
		vin,
		'check_digit',
		required
			? `${expected}: a character is mistyped`
			: `${expected}. Check for a typo; if the VIN is right as typed (many cars from outside North ` +
					'America have no check digit), confirm it',
		{ confirmable: !required }
	);
}
