import { describe, expect, it } from 'vitest';
import { Prng } from '../hardware/emulators/vehicle/prng';
import { channel } from './dyno-fixtures.test-helper';
import { AnalyticsInputError } from './errors';
import { FUELS, MPG_UK_BY_L_PER_100KM, MPG_US_BY_L_PER_100KM, fuelRateFromMaf } from './fuel';
import { computeFuelEconomy } from './fuel-economy';

/** `hz` samples of f(t s) from 0 to `seconds`. */
function sampled(seconds: number, hz: number, f: (t: number) => number) {
	const n = Math.round(seconds * hz);
	const t = Array.from({ length: n + 1 }, (_, i) => (i * 1e6) / hz);
	return channel(
		t,
		t.map((x) => f(x / 1e6))
	);
}

describe('fuel conversions', () => {
	it('converts L/100 km to US and UK miles per gallon', () => {
		expect(MPG_US_BY_L_PER_100KM).toBeCloseTo(235.2146, 4);
		expect(MPG_UK_BY_L_PER_100KM).toBeCloseTo(282.4809, 4);
	});

	it('gets fuel flow from MAF through each fuel’s stoichiometry and density', () => {
		// 19.77 g/s of air at λ 1 on petrol: 1.3449 g/s of fuel = 6.499 L/h at 0.745 kg/L
		expect(fuelRateFromMaf(19.77, 1, 'petrol')).toBeCloseTo(6.499, 3);
		expect(fuelRateFromMaf(19.77, 0.85, 'petrol')).toBeCloseTo(6.499 / 0.85, 3);
		const e85 = fuelRateFromMaf(19.77, 1, 'e85') / fuelRateFromMaf(19.77, 1, 'petrol');
		expect(e85).toBeCloseTo((14.7 / 9.765) * (0.745 / 0.782), 9);
		expect(fuelRateFromMaf(19.77, 1, 'diesel')).toBeCloseTo(
			(19.77 / 14.5 / 1000 / 0.835) * 3600,
			9
		);
		expect(FUELS.diesel.stoichAfr).toBe(14.5);
	});

	it('counts no fuel in overrun fuel cut, when the wideband reads free air', () => {
		expect(fuelRateFromMaf(8, 2, 'petrol')).toBe(0);
		expect(fuelRateFromMaf(8, 2, 'diesel')).toBeGreaterThan(0);
	});
});

describe('computeFuelEconomy', () => {
	it('gives L/100 km and MPG for a steady motorway hour from fuel rate (PID 5E)', () => {
		const r = computeFuelEconomy({
			speedKmh: sampled(3600, 2, () => 100),
			fuelRateLph: sampled(3600, 1, () => 6.5)
		});
		expect(r.source).toBe('fuel-rate');
		expect(r.trip.distanceKm).toBeCloseTo(100, 6);
		expect(r.trip.fuelL).toBeCloseTo(6.5, 6);
		expect(r.trip.lPer100km).toBeCloseTo(6.5, 6);
		expect(r.trip.mpgUs).toBeCloseTo(36.187, 3);
		expect(r.trip.mpgUk).toBeCloseTo(43.459, 3);
		expect(r.segments).toHaveLength(1);
		expect(r.segments[0]).toMatchObject({ kind: 'steady', durationS: 3600 });
	});

	it('gets the same figure from MAF and lambda', () => {
		const speedKmh = sampled(600, 1, () => 100);
		const fromMaf = computeFuelEconomy({
			speedKmh,
			mafGs: sampled(600, 10, () => 19.77 * 0.9),
			lambda: sampled(600, 10, () => 0.9)
		});
		expect(fromMaf.source).toBe('maf-lambda');
		expect(fromMaf.trip.lPer100km).toBeCloseTo(6.499, 3);
		const stoich = computeFuelEconomy({ speedKmh, mafGs: sampled(600, 10, () => 19.77) });
		expect(stoich.source).toBe('maf-stoich');
		expect(stoich.trip.lPer100km).toBeCloseTo(6.499, 3);
	});

	it('integrates irregular samples by time, not by sample count', () => {
		// Fuel rate logged densely during a 10 s burst of 20 L/h and sparsely during 50 s at 5 L/h.
		const t: number[] = [];
		const v: number[] = [];
		for (let x = 0; x <= 10; x += 0.01) (t.push(x * 1e6), v.push(20));
		for (let x = 11; x <= 60; x += 1) (t.push(x * 1e6), v.push(5));
		const r = computeFuelEconomy({
			speedKmh: sampled(60, 1, () => 60),
			fuelRateLph: channel(t, v)
		});
		// 10 s at 20 L/h + a 1 s ramp at 12.5 + 49 s at 5 L/h
		expect(r.trip.fuelL).toBeCloseTo((10 * 20 + 12.5 + 49 * 5) / 3600, 3);
	});

	it('reports an idle with fuel burnt and no L/100 km rather than dividing by zero', () => {
		const r = computeFuelEconomy({
			speedKmh: sampled(120, 1, () => 0),
			fuelRateLph: sampled(120, 1, () => 0.8)
		});
		expect(r.trip.distanceKm).toBe(0);
		expect(r.trip.lPer100km).toBeNull();
		expect(r.trip.mpgUs).toBeNull();
		expect(r.idle.durationS).toBeCloseTo(120, 6);
		expect(r.idle.fuelL).toBeCloseTo(0.8 / 30, 6);
		expect(r.idle.avgFuelRateLph).toBeCloseTo(0.8, 6);
		expect(r.segments).toMatchObject([{ kind: 'idle', lPer100km: null }]);
		expect(JSON.stringify(r)).not.toMatch(/Infinity|NaN/);
	});

	it('finds the steady-speed stretches of a drive and gives each its own economy', () => {
		const rng = new Prng(5);
		const speedAt = (t: number) =>
			t < 60
				? (50 * t) / 60
				: t < 180
					? 50
					: t < 200
						? 50 + (50 * (t - 180)) / 20
						: t < 400
							? 100
							: t < 420
								? 100 - (100 * (t - 400)) / 20
								: 0;
		const rateAt = (s: number) => 0.8 + 0.0006 * s * s;
		const speedKmh = sampled(480, 5, (t) =>
			Math.max(0, Math.round(speedAt(t) + rng.gaussian() * 0.4))
		);
		const fuelRateLph = sampled(480, 2, (t) => rateAt(speedAt(t)));
		const r = computeFuelEconomy({ speedKmh, fuelRateLph });
		expect(r.segments.map((s) => s.kind)).toEqual(['steady', 'steady', 'idle']);
		const [s50, s100, idle] = r.segments;
		expect(s50.avgSpeedKmh).toBeCloseTo(50, 0);
		expect(s50.durationS).toBeGreaterThan(110);
		expect(s50.lPer100km).toBeCloseTo(rateAt(50) * 2, 1);
		expect(s100.durationS).toBeGreaterThan(190);
		expect(s100.lPer100km).toBeCloseTo(rateAt(100), 1);
		expect(idle.durationS).toBeGreaterThan(55);
		expect(idle.avgFuelRateLph).toBeCloseTo(0.8, 1);
		expect(r.trip.fuelL).toBeGreaterThan(s50.fuelL + s100.fuelL + idle.fuelL);
	});

	it('names what is missing or wrong', () => {
		const speedKmh = sampled(10, 1, () => 50);
		expect(() => computeFuelEconomy({ speedKmh })).toThrow(AnalyticsInputError);
		expect(() => computeFuelEconomy({ speedKmh })).toThrow(/fuelRateLph: .*PID 5E/);
		expect(() =>
			computeFuelEconomy({ speedKmh, fuelRateLph: channel([20e6, 30e6], [5, 5]) })
		).toThrow(/do not overlap/);
		expect(() =>
			computeFuelEconomy({ speedKmh, mafGs: speedKmh }, { fuel: 'lpg' as never })
		).toThrow(/unknown fuel lpg/);
		expect(() => computeFuelEconomy({ speedKmh, mafGs: speedKmh }, { gridUs: -1 })).toThrow(
			TypeError
		);
	});
});
