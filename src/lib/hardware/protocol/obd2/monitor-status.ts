import { ObdShortPayloadError } from './errors';

export interface MonitorState {
	/** The ECU runs this monitor on this vehicle. */
	available: boolean;
	/** The monitor has finished since codes were cleared (meaningless when not available). */
	complete: boolean;
}

export type Ignition = 'spark' | 'compression';

/** Continuous monitors, byte B bits 0–2 (available) and 4–6 (incomplete). */
export const CONTINUOUS_MONITORS = ['misfire', 'fuelSystem', 'components'] as const;

/** Non-continuous monitors for spark ignition, bits 0–7 of bytes C (available) and D (incomplete). */
export const SPARK_MONITORS = [
	'catalyst',
	'heatedCatalyst',
	'evaporativeSystem',
	'secondaryAirSystem',
	'acRefrigerant',
	'oxygenSensor',
	'oxygenSensorHeater',
	'egrVvtSystem'
] as const;

/** Compression ignition reuses bytes C/D with another meaning; `null` bits are reserved. */
export const COMPRESSION_MONITORS = [
	'nmhcCatalyst',
	'noxScrMonitor',
	null,
	'boostPressure',
	null,
	'exhaustGasSensor',
	'pmFilter',
	'egrVvtSystem'
] as const;

export interface MonitorStatus {
	/** Malfunction indicator lamp commanded on (A7). */
	mil: boolean;
	/** Number of emission-related DTCs (A6–A0). */
	dtcCount: number;
	/** B3: 0 spark, 1 compression ignition; it selects the meaning of bytes C and D. */
	ignition: Ignition;
	monitors: Record<string, MonitorState>;
}

/**
 * Decodes PID 01 (and 41, whose byte A is reserved) per SAE J1979 service 01 PID 01 as reproduced by Wikipedia "OBD-II PIDs":
 * a set bit in B4–6 or D means "not complete".
 */
export function decodeMonitorStatus(data: Uint8Array): MonitorStatus {
	if (data.length < 4) throw new ObdShortPayloadError(4, data.length, 'PID 01 monitor status');
	const [a, b, c, d] = data;
	const ignition: Ignition = b & 0x08 ? 'compression' : 'spark';
	const monitors: Record<string, MonitorState> = {};
	CONTINUOUS_MONITORS.forEach((name, bit) => {
		monitors[name] = { available: bit1(b, bit), complete: !bit1(b, bit + 4) };
	});
	const names = ignition === 'spark' ? SPARK_MONITORS : COMPRESSION_MONITORS;
	names.forEach((name, bit) => {
		if (name) monitors[name] = { available: bit1(c, bit), complete: !bit1(d, bit) };
	});
	return { mil: (a & 0x80) !== 0, dtcCount: a & 0x7f, ignition, monitors };
}

/** Inverse of decodeMonitorStatus, for emulators; monitors not named are reported unavailable. */
export function encodeMonitorStatus(status: MonitorStatus): Uint8Array {
	const out = new Uint8Array(4);
	out[0] = (status.mil ? 0x80 : 0) | Math.min(Math.max(status.dtcCount, 0), 0x7f);
	out[1] = status.ignition === 'compression' ? 0x08 : 0;
	CONTINUOUS_MONITORS.forEach((name, bit) => {
		const m = status.monitors[name];
		if (m?.available) out[1] |= 1 << bit;
		if (m?.available && !m.complete) out[1] |= 1 << (bit + 4);
	});
	const names = status.ignition === 'spark' ? SPARK_MONITORS : COMPRESSION_MONITORS;
	names.forEach((name, bit) => {
		const m = name ? status.monitors[name] : undefined;
		if (m?.available) out[2] |= 1 << bit;
		if (m?.available && !m.complete) out[3] |= 1 << bit;
	});
	return out;
}

/** Monitors a smog check looks at: available but not yet complete. */
export function incompleteMonitors(status: MonitorStatus): string[] {
	return Object.entries(status.monitors)
		.filter(([, m]) => m.available && !m.complete)
		.map(([name]) => name);
}

function bit1(byte: number, bit: number): boolean {
	return ((byte >> bit) & 1) === 1;
}
