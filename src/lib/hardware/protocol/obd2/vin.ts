import { ObdFormatError, ObdShortPayloadError } from './errors';
import { expectVehicleInfo } from './response';
import { decodeBitmap } from './supported-pids';

/** 49 CFR 565.15: VINs use 0–9 and A–Z without I, O and Q. */
const VIN_PATTERN = /^[A-HJ-NPR-Z0-9]{17}$/;

/** 49 CFR 565.15(c) Table IV transliteration and Table V position weights. */
const TRANSLITERATION: Readonly<Record<string, number>> = {
	A: 1,
	B: 2,
	C: 3,
	D: 4,
	E: 5,
	F: 6,
	G: 7,
	H: 8,
	J: 1,
	K: 2,
	L: 3,
	M: 4,
	N: 5,
	P: 7,
	R: 9,
	S: 2,
	T: 3,
	U: 4,
	V: 5,
	W: 6,
	X: 7,
	Y: 8,
	Z: 9
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;

export function isVinSyntax(vin: string): boolean {
	return VIN_PATTERN.test(vin);
}

/** The check digit (position 9) a VIN should carry: '0'–'9' or 'X' for remainder 10. */
export function vinCheckDigit(vin: string): string {
	if (!isVinSyntax(vin))
		throw new ObdFormatError(`"${vin}" is not 17 characters of the VIN alphabet`);
	let sum = 0;
	for (let i = 0; i < 17; i++) {
		const c = vin[i];
		sum += (c >= '0' && c <= '9' ? Number(c) : TRANSLITERATION[c]) * WEIGHTS[i];
	}
	const r = sum % 11;
	return r === 10 ? 'X' : String(r);
}

/**
 * Whether position 9 matches 49 CFR 565.15(c). Only North American VINs must carry it; a European VIN can
 * fail this and still be genuine, so this is separate from decoding.
 */
export function vinCheckDigitValid(vin: string): boolean {
	return isVinSyntax(vin) && vin[8] === vinCheckDigit(vin);
}

/**
 * `49 02 [count] 17 ASCII` → VIN. CAN ECUs send the count byte (01); some pad the front with 00 bytes to
 * fill the legacy 20-byte layout, so leading NULs are stripped before validating.
 */
export function decodeVinResponse(payload: Uint8Array): string {
	const data = expectVehicleInfo(payload, 0x02);
	if (data.length < 18)
		throw new ObdShortPayloadError(18, data.length, 'VIN (count byte + 17 chars)');
	const text = asciiStripped(data.subarray(1));
	if (!isVinSyntax(text)) {
		throw new ObdFormatError(`VIN "${text}" is not 17 characters of the VIN alphabet`);
	}
	return text;
}

/** `49 04 count (16 bytes each)` → calibration IDs, NUL padding removed (SAE J1979 service 09 InfoType 04). */
export function decodeCalibrationIdsResponse(payload: Uint8Array): string[] {
	const data = expectVehicleInfo(payload, 0x04);
	if (data.length < 1) throw new ObdShortPayloadError(1, 0, 'CALID count byte');
	const count = data[0];
	const need = 1 + 16 * count;
	if (data.length < need) throw new ObdShortPayloadError(need, data.length, `${count} CALIDs`);
	const ids: string[] = [];
	for (let i = 0; i < count; i++) ids.push(asciiStripped(data.subarray(1 + 16 * i, 17 + 16 * i)));
	return ids;
}

/** `49 00` + 4-byte bitmap → supported InfoTypes. */
export function decodeSupportedInfoTypes(payload: Uint8Array): number[] {
	return decodeBitmap(0x00, expectVehicleInfo(payload, 0x00));
}

function asciiStripped(bytes: Uint8Array): string {
	let text = '';
	for (const b of bytes) {
		if (b === 0) continue;
		if (b < 0x20 || b > 0x7e)
			throw new ObdFormatError(`non-printable byte 0x${b.toString(16)} in ASCII field`);
		text += String.fromCharCode(b);
	}
	return text;
}
