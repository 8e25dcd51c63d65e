import { PRESSURE_TO_KPA, SPEED_TO_KMH, unitFor } from '../../logs/formats/units';

/** What a dyno run reads from a log, whatever the logger called it. */
export const DYNO_ROLES = [
	'rpm',
	'tps',
	'speed',
	'gear',
	'iat',
	'ambient',
	'baro',
	'humidity'
] as const;
export type DynoRole = (typeof DYNO_ROLES)[number];

/**
 * Names by role, most specific first: simulated-car.dbc and CarTech's OBD channels (live/sources/obd-channels.ts
 * maps service-01 PIDs to these), TunerStudio / Speeduino / rusEFI log columns (RPM, TPS, "Vehicle Speed", MAT),
 * and the OBD field keys as a fallback. Matched ignoring case, spaces and punctuation.
 */
const NAMES: Record<DynoRole, readonly string[]> = {
	rpm: ['EngineSpeed', 'RPM', 'Engine RPM', 'engineRpm'],
	tps: ['ThrottlePosition', 'TPS', 'Throttle', 'Throttle Position', 'TPS %', 'Pedal', 'PPS'],
	speed: ['VehicleSpeed', 'Vehicle Speed', 'VSS', 'Speed', 'Ground Speed', 'GPS Speed'],
	gear: ['Gear', 'Current Gear', 'Detected Gear'],
	iat: ['IntakeAirTemp', 'IAT', 'MAT', 'Intake Air Temp', 'Manifold Air Temp'],
	ambient: ['AmbientAirTemp', 'Ambient Air Temp', 'Ambient Temp', 'ambientAirTemp'],
	baro: ['BaroPressure', 'Baro Pressure', 'Baro', 'barometricPressure', 'Barometer'],
	humidity: ['Humidity', 'RelativeHumidity', 'Relative Humidity', 'RH']
};

/** A log channel picked for a role, and the linear map from its unit to the dyno's (km/h, °C, kPa, %). */
export interface RoleChannel {
	name: string;
	unit: string;
	scale: number;
	offset: number;
}

const key = (name: string) => name.toLowerCase().replaceAll(/[^a-z0-9]/g, '');

/** The dyno's unit for a role's values, from the channel's unit; null when the unit is one we cannot convert. */
export function roleConversion(
	role: DynoRole,
	unit: string
): { scale: number; offset: number } | null {
	const u = unit.trim();
	const identity = { scale: 1, offset: 0 };
	if (role === 'speed') {
		if (!u) return identity;
		const speed = unitFor('speed', u);
		return speed ? { scale: SPEED_TO_KMH[speed], offset: 0 } : null;
	}
	if (role === 'iat' || role === 'ambient') {
		if (/^(°|deg\s*)?f(ahrenheit)?$/i.test(u)) return { scale: 5 / 9, offset: (-32 * 5) / 9 };
		if (/^k(elvin)?$/i.test(u)) return { scale: 1, offset: -273.15 };
		return identity;
	}
	if (role === 'baro') {
		if (!u) return identity;
		if (/^(hpa|mbar)$/i.test(u)) return { scale: 0.1, offset: 0 };
		const pressure = unitFor('pressure', u);
		return pressure ? { scale: PRESSURE_TO_KPA[pressure], offset: 0 } : null;
	}
	return identity;
}

/**
 * The channel for each role the log has. `chosen` overrides detection per role: a channel name, or '' for
 * "do not use one". A channel whose unit cannot be converted is not used for that role.
 */
export function findRoleChannels(
	channels: readonly { name: string; unit: string }[],
	chosen: Partial<Record<DynoRole, string>> = {}
): Partial<Record<DynoRole, RoleChannel>> {
	const byKey = new Map<string, { name: string; unit: string }>();
	for (const c of channels) if (!byKey.has(key(c.name))) byKey.set(key(c.name), c);
	const out: Partial<Record<DynoRole, RoleChannel>> = {};
	for (const role of DYNO_ROLES) {
		const pick = chosen[role];
		const candidates =
			pick === undefined
				? NAMES[role].map((n) => byKey.get(key(n)))
				: [channels.find((c) => c.name === pick)];
		for (const c of candidates) {
			const conversion = c && roleConversion(role, c.unit);
			if (!c || !conversion) continue;
			out[role] = { name: c.name, unit: c.unit, ...conversion };
			break;
		}
	}
	return out;
}
