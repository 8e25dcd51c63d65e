import { describe, expect, it } from 'vitest';
import { HATCH } from './dyno-fixtures.test-helper';
import { effectiveMass, parseTyreSize, resolveVehicle, rpmPerKmh } from './vehicle-profile';

describe('parseTyreSize', () => {
	it('reads ISO metric sizes as rim plus two sidewalls', () => {
		// 17 × 25.4 + 2 × 225 × 0.45 = 634.3 mm
		expect(parseTyreSize('225/45R17')).toBeCloseTo(0.6343, 6);
		expect(parseTyreSize('P225/45 ZR17 91W')).toBeCloseTo(0.6343, 6);
		expect(parseTyreSize('205/55-16')).toBeCloseTo(0.6319, 6);
		expect(parseTyreSize('lt265/70r17')).toBeCloseTo(0.8028, 6);
	});

	it('rejects what is not a tyre size', () => {
		expect(() => parseTyreSize('31x10.5R15')).toThrow(/not of the form 225\/45R17/);
		expect(() => parseTyreSize('225/05R17')).toThrow(/out of range/);
	});
});

describe('resolveVehicle', () => {
	it('adds the driver, multiplies gear by final drive and rolls on 98 % of the free radius', () => {
		const v = resolveVehicle(HATCH);
		expect(v.massKg).toBe(1550);
		expect(v.overallRatios[2]).toBeCloseTo(1.761 * 3.9, 12);
		expect(v.rollingRadiusM).toBeCloseTo((0.6532 / 2) * 0.98, 6);
		expect(v.efficiency).toBeCloseTo(0.9, 12);
	});

	it('uses a measured rolling radius as given', () => {
		expect(resolveVehicle({ ...HATCH, rollingRadiusM: 0.32 }).rollingRadiusM).toBe(0.32);
	});

	it('reflects engine inertia through the gear and efficiency, and wheel inertia through the radius', () => {
		const v = resolveVehicle({ ...HATCH, rollingRadiusM: 0.32 });
		const r2 = 0.32 ** 2;
		expect(effectiveMass(v, 6.8679)).toBeCloseTo(1550 + 4 / r2 + (0.9 * 0.2 * 6.8679 ** 2) / r2, 9);
		const bare = resolveVehicle({
			...HATCH,
			engineInertiaKgM2: 0,
			wheelInertiaKgM2: 0,
			rotatingMassFactor: 0.05
		});
		expect(effectiveMass(bare, 5)).toBeCloseTo(1550 * 1.05, 9);
	});

	it('gives rpm per km/h for a gear', () => {
		// 3rd gear, 0.32 m: 1 km/h = 0.2778 m/s → 0.868 rad/s at the wheel → ×6.868 → 56.93 rpm
		expect(rpmPerKmh(1.761 * 3.9, 0.32)).toBeCloseTo(56.93, 2);
	});

	it('names the field a bad profile gets wrong', () => {
		expect(() => resolveVehicle({ ...HATCH, massKg: 0 })).toThrow(/massKg/);
		expect(() => resolveVehicle({ ...HATCH, gearRatios: [] })).toThrow(/gearRatios/);
		expect(() => resolveVehicle({ ...HATCH, gearRatios: [3, -1] })).toThrow(/gearRatios\[1\]/);
		expect(() => resolveVehicle({ ...HATCH, tyreSize: undefined })).toThrow(
			/tyreSize, tyreDiameterM or rollingRadiusM/
		);
		expect(() => resolveVehicle({ ...HATCH, cdA: undefined as never })).toThrow(/cdA is required/);
		expect(() => resolveVehicle({ ...HATCH, drivetrainLoss: 0.9 })).toThrow(/drivetrainLoss/);
		expect(() => resolveVehicle({ ...HATCH, tyreSize: undefined, tyreDiameterM: 630 })).toThrow(
			/not a car tyre/
		);
	});
});
