import { describe, expect, it } from 'vitest';
import {
	ObdFormatError,
	ObdNegativeResponseError,
	ObdPidMismatchError,
	ObdShortPayloadError
} from './errors';
import {
	decodeCalibrationIdsResponse,
	decodeSupportedInfoTypes,
	decodeVinResponse,
	vinCheckDigit,
	vinCheckDigitValid
} from './vin';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const vinPayload = (vin: string, pad: number[] = []) =>
	Uint8Array.of(0x49, 0x02, 0x01, ...pad, ...ascii(vin));

describe('VIN check digit (49 CFR 565)', () => {
	it('accepts 1HGCM82633A004352', () => {
		expect(vinCheckDigitValid('1HGCM82633A004352')).toBe(true);
	});

	it('uses X for a remainder of 10', () => {
		expect(vinCheckDigit('1M8GDM9A0KP042788')).toBe('X');
		expect(vinCheckDigitValid('1M8GDM9AXKP042788')).toBe(true);
	});

	it('rejects a VIN with one character changed', () => {
		expect(vinCheckDigitValid('1HGCM82633A004353')).toBe(false);
		expect(vinCheckDigitValid('1HGCM82643A004352')).toBe(false);
	});

	it('says false, not throws, for text that is not a VIN', () => {
		expect(vinCheckDigitValid('1HGCM82633A00435')).toBe(false);
		expect(vinCheckDigitValid('1HGCM82633A00435I')).toBe(false);
	});
});

describe('VIN from service 09 InfoType 02', () => {
	it('strips the count byte', () => {
		expect(decodeVinResponse(vinPayload('1HGCM82633A004352'))).toBe('1HGCM82633A004352');
	});

	it('strips NUL padding in front of the VIN', () => {
		expect(decodeVinResponse(vinPayload('WCTZZZ000RS000042', [0, 0, 0]))).toBe('WCTZZZ000RS000042');
	});

	it('does not require a valid check digit (European VINs carry none)', () => {
		expect(decodeVinResponse(vinPayload('WVWZZZ1JZXW000001'))).toBe('WVWZZZ1JZXW000001');
	});

	it('rejects I, O and Q, which the VIN alphabet excludes', () => {
		expect(() => decodeVinResponse(vinPayload('1HGCM82633A00435O'))).toThrow(ObdFormatError);
	});

	it('rejects a truncated VIN', () => {
		expect(() => decodeVinResponse(vinPayload('1HGCM82633A0043'))).toThrow(ObdShortPayloadError);
	});

	it('rejects an answer for another InfoType', () => {
		const payload = Uint8Array.of(0x49, 0x04, 0x01, ...ascii('1HGCM82633A004352'));
		expect(() => decodeVinResponse(payload)).toThrow(ObdPidMismatchError);
	});

	it('surfaces a negative response', () => {
		expect(() => decodeVinResponse(Uint8Array.of(0x7f, 0x09, 0x31))).toThrow(
			ObdNegativeResponseError
		);
	});
});

describe('other vehicle information', () => {
	it('reads calibration IDs in 16-byte NUL-padded slots', () => {
		const slot = (s: string) => [...ascii(s), ...new Array(16 - s.length).fill(0)];
		const payload = Uint8Array.of(0x49, 0x04, 0x02, ...slot('JMB*36761500'), ...slot('ABC123'));
		expect(decodeCalibrationIdsResponse(payload)).toEqual(['JMB*36761500', 'ABC123']);
	});

	it('rejects calibration IDs shorter than their count byte says', () => {
		const payload = Uint8Array.of(0x49, 0x04, 0x02, ...new Array(16).fill(0x41));
		expect(() => decodeCalibrationIdsResponse(payload)).toThrow(ObdShortPayloadError);
	});

	it('reads the supported InfoTypes bitmap', () => {
		expect(decodeSupportedInfoTypes(Uint8Array.of(0x49, 0x00, 0x54, 0x40, 0, 0))).toEqual([
			0x02, 0x04, 0x06, 0x0a
		]);
	});
});
