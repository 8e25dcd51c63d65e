import { describe, expect, it } from 'vitest';
import {
	airDensity,
	correctionFactor,
	dryAirPressureKpa,
	saturationVapourKpa
} from './air-correction';

describe('air correction', () => {
	it('is exactly 1 at each standard’s reference air', () => {
		expect(correctionFactor('sae-j1349', { tempC: 25, baroKpa: 99, humidityPct: 0 })).toBeCloseTo(
			1,
			12
		);
		expect(
			correctionFactor('din-70020', { tempC: 20, baroKpa: 101.3, humidityPct: 70 })
		).toBeCloseTo(1, 12);
		expect(correctionFactor('none', { tempC: 40, baroKpa: 80, humidityPct: 90 })).toBe(1);
	});

	it('gives saturation vapour pressure as the Buck equation tabulates it', () => {
		expect(saturationVapourKpa(20)).toBeCloseTo(2.3383, 4);
		expect(saturationVapourKpa(30)).toBeCloseTo(4.2451, 4);
	});

	it('computes SAE J1349 from dry-air pressure: 30 °C, 100 kPa, 50 % RH', () => {
		const c = { tempC: 30, baroKpa: 100, humidityPct: 50 };
		expect(dryAirPressureKpa(c)).toBeCloseTo(97.8774, 4);
		// 1.18 · (99 / 97.8774) · √(303 / 298) − 0.18
		expect(correctionFactor('sae-j1349', c)).toBeCloseTo(1.023505, 6);
	});

	it('computes DIN 70020 from total pressure, ignoring humidity', () => {
		// (1013 / 1000) · √(303 / 293)
		expect(correctionFactor('din-70020', { tempC: 30, baroKpa: 100, humidityPct: 0 })).toBeCloseTo(
			1.030142,
			6
		);
		expect(correctionFactor('din-70020', { tempC: 30, baroKpa: 100, humidityPct: 90 })).toBeCloseTo(
			1.030142,
			6
		);
	});

	it('reads SAE ≈ 2.7 % low at ISA sea level because SAE’s reference is 99 kPa and 25 °C', () => {
		expect(
			correctionFactor('sae-j1349', { tempC: 25, baroKpa: 101.325, humidityPct: 0 })
		).toBeCloseTo(0.972924, 6);
	});

	it('gives ISA sea-level air density 1.225 kg/m³', () => {
		expect(airDensity({ tempC: 15, baroKpa: 101.325, humidityPct: 0 })).toBeCloseTo(1.225, 3);
		expect(airDensity({ tempC: 15, baroKpa: 101.325, humidityPct: 100 })).toBeLessThan(1.225);
	});

	it('rejects impossible air with a TypeError', () => {
		expect(() =>
			correctionFactor('sae-j1349', { tempC: 25, baroKpa: 1013, humidityPct: 0 })
		).toThrow(/barometric pressure 1013 kPa/);
		expect(() =>
			correctionFactor('sae-j1349', { tempC: 25, baroKpa: 99, humidityPct: 120 })
		).toThrow(TypeError);
		expect(() =>
			correctionFactor('j607' as never, { tempC: 25, baroKpa: 99, humidityPct: 0 })
		).toThrow(/unknown correction standard/);
	});
});
