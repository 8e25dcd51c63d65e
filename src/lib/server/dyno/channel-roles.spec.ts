import { describe, expect, it } from 'vitest';
import { findRoleChannels, roleConversion } from './channel-roles';

describe('findRoleChannels', () => {
	it('finds the simulated car’s DBC channels (also what OBD polling names them)', () => {
		const found = findRoleChannels([
			{ name: 'EngineSpeed', unit: 'rpm' },
			{ name: 'ThrottlePosition', unit: '%' },
			{ name: 'VehicleSpeed', unit: 'km/h' },
			{ name: 'Gear', unit: '' },
			{ name: 'IntakeAirTemp', unit: 'degC' },
			{ name: 'BaroPressure', unit: 'kPa' }
		]);
		expect(Object.fromEntries(Object.entries(found).map(([k, c]) => [k, c.name]))).toEqual({
			rpm: 'EngineSpeed',
			tps: 'ThrottlePosition',
			speed: 'VehicleSpeed',
			gear: 'Gear',
			iat: 'IntakeAirTemp',
			baro: 'BaroPressure'
		});
	});

	it('finds TunerStudio/Speeduino columns and converts MPH, °F and psi to km/h, °C and kPa', () => {
		const found = findRoleChannels([
			{ name: 'RPM', unit: 'rpm' },
			{ name: 'TPS', unit: '%' },
			{ name: 'Vehicle Speed', unit: 'MPH' },
			{ name: 'MAT', unit: '°F' },
			{ name: 'Baro Pressure', unit: 'psi' }
		]);
		expect(found.rpm?.name).toBe('RPM');
		expect(found.tps?.name).toBe('TPS');
		expect(found.speed).toMatchObject({ name: 'Vehicle Speed', scale: 1.609344, offset: 0 });
		const f = found.iat!;
		expect(212 * f.scale + f.offset).toBeCloseTo(100, 10);
		expect(found.baro!.scale).toBeCloseTo(6.894757, 6);
	});

	it('matches names ignoring case, spaces and punctuation, preferring the more specific name', () => {
		const found = findRoleChannels([
			{ name: 'Speed', unit: 'km/h' },
			{ name: 'vehicle_speed', unit: 'km/h' },
			{ name: 'engine rpm', unit: 'rpm' }
		]);
		expect(found.speed?.name).toBe('vehicle_speed');
		expect(found.rpm?.name).toBe('engine rpm');
	});

	it('takes the user’s pick over detection, and "" as no channel for that role', () => {
		const channels = [
			{ name: 'EngineSpeed', unit: 'rpm' },
			{ name: 'RPM2', unit: 'rpm' },
			{ name: 'ThrottlePosition', unit: '%' }
		];
		const found = findRoleChannels(channels, { rpm: 'RPM2', tps: '' });
		expect(found.rpm?.name).toBe('RPM2');
		expect(found.tps).toBeUndefined();
	});

	it('skips a channel whose unit it cannot convert rather than misread it', () => {
		expect(roleConversion('speed', 'furlongs/fortnight')).toBeNull();
		expect(roleConversion('baro', 'inHg')).toBeNull();
		expect(roleConversion('baro', 'hPa')).toEqual({ scale: 0.1, offset: 0 });
		expect(roleConversion('speed', 'm/s')).toEqual({ scale: 3.6, offset: 0 });
		expect(findRoleChannels([{ name: 'VehicleSpeed', unit: 'knots' }]).speed).toBeUndefined();
	});
});
