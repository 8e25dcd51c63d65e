import { describe, expect, it } from 'vitest';
import { vinCheckDigit } from '$lib/hardware/protocol/obd2/vin';
import { decodeVin, InvalidVinError, modelYearOf, normalizeVin, parseVin } from './vin';
import { vinRegion } from './wmi';

const NOW = new Date('2025-06-01T00:00:00Z');

function refusal(input: string, options = {}) {
	try {
		parseVin(input, { now: NOW, ...options });
	} catch (err) {
		return err;
	}
	return null;
}

describe('VIN check digit and decoding', () => {
	it('decodes a 2003 Honda built in the United States', () => {
		expect(parseVin('1HGCM82633A004352', { now: NOW })).toEqual({
			vin: '1HGCM82633A004352',
			wmi: '1HG',
			region: 'North America',
			manufacturer: 'Honda',
			country: 'United States',
			modelYear: 2003,
			checkDigit: { actual: '3', expected: '3', valid: true }
		});
	});

	it('reads position 10 in the 2010–2039 cycle when position 7 is a letter', () => {
		expect(parseVin('5YJ3E1EA2KF317000', { now: NOW })).toMatchObject({
			manufacturer: 'Tesla',
			modelYear: 2019
		});
		expect(parseVin('WBA8E9G57HNU00000', { now: NOW })).toMatchObject({
			manufacturer: 'BMW',
			country: 'Germany',
			region: 'Europe',
			modelYear: 2017
		});
	});

	it('reads position 10 in the 1980–2009 cycle when position 7 is a digit', () => {
		expect(modelYearOf('1G1YY22G1V5100001', NOW)).toBe(1997);
		expect(modelYearOf('JHMEG85400S000000', NOW)).toBeNull();
	});

	it('takes the earlier cycle when the position 7 rule would give a future year', () => {
		// A European VIN with a letter in position 7: the rule says 2030, the car is a 2000.
		expect(modelYearOf('WVWZZZAJZYW000001', NOW)).toBe(2000);
		expect(modelYearOf('WVWZZZAJZYW000001', new Date('2029-06-01T00:00:00Z'))).toBe(2030);
	});

	it('normalises case, spaces and dashes as VINs are copied from papers', () => {
		expect(normalizeVin(' 1hgcm-8263 3a004352 ')).toBe('1HGCM82633A004352');
		expect(parseVin(' 1hgcm-8263 3a004352 ', { now: NOW }).vin).toBe('1HGCM82633A004352');
	});

	it('refuses a mistyped North American VIN with the digit it expected', () => {
		const err = refusal('1HGCM82633A004353');
		expect(err).toBeInstanceOf(InvalidVinError);
		expect(err).toMatchObject({ reason: 'check_digit', vin: '1HGCM82633A004353' });
		expect((err as Error).message).toMatch(/should be 5/);
	});

	it('refuses North American and Chinese check-digit errors even when told to accept a missing one', () => {
		expect(refusal('1HGCM82643A004352', { allowMissingCheckDigit: true })).toMatchObject({
			reason: 'check_digit'
		});
		expect(parseVin('LRW3E7FA1LC000001', { now: NOW }).manufacturer).toBe('Tesla');
		expect(refusal('LRW3E7FA7LC000001', { allowMissingCheckDigit: true })).toMatchObject({
			reason: 'check_digit'
		});
	});

	it('accepts a European VIN without a check digit only when the user confirms it', () => {
		expect(refusal('WVWZZZ1JZYW000001')).toMatchObject({
			reason: 'check_digit',
			confirmable: true
		});
		expect(refusal('1HGCM82633A004353')).toMatchObject({ confirmable: false });
		expect(parseVin('WVWZZZ1JZYW000001', { now: NOW, allowMissingCheckDigit: true })).toMatchObject(
			{
				manufacturer: 'Volkswagen',
				modelYear: 2000,
				checkDigit: { actual: 'Z', expected: vinCheckDigit('WVWZZZ1JZYW000001'), valid: false }
			}
		);
	});

	it('refuses text that is not 17 VIN characters, naming the rule', () => {
		for (const bad of ['1HGCM82633A00435', '1HGCM82633A0043521', '1HGCM82633AO04352', ''])
			expect(refusal(bad)).toMatchObject({ reason: 'syntax' });
		expect((refusal('1HGCM82633AQ04352') as Error).message).toMatch(/except I, O and Q/);
	});

	it('decodes an unknown WMI to its region only', () => {
		const d = decodeVin('9ZZ11111111111111', NOW);
		expect(d).toMatchObject({ manufacturer: null, country: null, region: 'South America' });
	});

	it('knows the zones of ISO 3780, including 7F–7Z moved to the United States', () => {
		expect(['AAA', 'JAA', 'SAA', '1AA', '6AA', '7AA', '7SA', '8AA', '0AA'].map(vinRegion)).toEqual([
			'Africa',
			'Asia',
			'Europe',
			'North America',
			'Oceania',
			'Oceania',
			'North America',
			'South America',
			null
		]);
	});
});
