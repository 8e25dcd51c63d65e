import { ObdFormatError, ObdShortPayloadError, hex } from './errors';
import { decodeMonitorStatus, type MonitorStatus } from './monitor-status';
import {
	decodeAuxInputStatus,
	decodeFreezeFrameDtc,
	decodeFuelSystemStatus,
	decodeFuelType,
	decodeO2SensorsPresent,
	decodeObdStandard,
	decodeSecondaryAirStatus,
	type FuelSystemStatus
} from './pid-status';
import { requirePidDefinition } from './pid-table';
import type { PidDefinition, PidField } from './pid-types';
import { decodeBitmap } from './supported-pids';

export interface PidReading {
	key: string;
	value: number;
	unit: string;
}

export type PidStructured =
	| { decoder: 'bitmap'; value: number[] }
	| { decoder: 'monitorStatus'; value: MonitorStatus }
	| { decoder: 'dtc'; value: string | null }
	| { decoder: 'fuelSystemStatus'; value: FuelSystemStatus }
	| { decoder: 'secondaryAirStatus'; value: string }
	| {
			decoder: 'o2SensorsPresent2Banks' | 'o2SensorsPresent4Banks';
			value: { bank: number; sensor: number }[];
	  }
	| { decoder: 'obdStandard' | 'fuelType'; value: { code: number; name: string } }
	| { decoder: 'auxInputStatus'; value: { powerTakeOffActive: boolean } }
	| { decoder: 'raw'; value: Uint8Array };

export interface PidValue {
	pid: number;
	key: string;
	name: string;
	/** Scaled numbers, for PIDs with linear fields. */
	readings: PidReading[];
	/** Decoded object, for bit/enum-encoded PIDs. */
	structured?: PidStructured;
}

/** Decodes the data bytes of one PID (the bytes after `41 PID`, or after `42 PID frame`). */
export function decodePid(pid: number, data: Uint8Array): PidValue {
	const def = requirePidDefinition(pid);
	if (def.bytes !== undefined && data.length < def.bytes) {
		throw new ObdShortPayloadError(def.bytes, data.length, `PID ${hex(pid)} ${def.name}`);
	}
	const bytes = def.bytes === undefined ? data : data.subarray(0, def.bytes);
	return {
		pid,
		key: def.key,
		name: def.name,
		readings: (def.fields ?? []).map((f) => ({
			key: f.key,
			value: readField(f, bytes),
			unit: f.unit
		})),
		structured: def.decoder ? decodeStructured(def, bytes) : undefined
	};
}

/** The first reading of a PID, which for single-value PIDs is the value. */
export function decodePidNumber(pid: number, data: Uint8Array): number {
	const reading = decodePid(pid, data).readings[0];
	if (!reading) throw new ObdFormatError(`PID ${hex(pid)} has no numeric value`);
	return reading.value;
}

/**
 * Inverse of the linear decode, for emulators and tests: physical values (by field key, in table order
 * when given as an array) → data bytes, rounded to the nearest step and clamped to the field's range.
 */
export function encodePid(
	pid: number,
	values: readonly number[] | Readonly<Record<string, number>>
): Uint8Array {
	const def = requirePidDefinition(pid);
	if (!def.fields || def.bytes === undefined) {
		throw new ObdFormatError(`PID ${hex(pid)} ${def.name} is not a linear PID`);
	}
	const out = new Uint8Array(def.bytes);
	def.fields.forEach((field, i) => {
		const value = Array.isArray(values) ? values[i] : (values as Record<string, number>)[field.key];
		if (value === undefined || !Number.isFinite(value)) {
			throw new ObdFormatError(`PID ${hex(pid)}: no finite value for ${field.key}`);
		}
		writeField(field, out, value);
	});
	return out;
}

export function readField(field: PidField, bytes: Uint8Array): number {
	let raw = 0;
	for (let i = 0; i < field.size; i++) raw = raw * 256 + bytes[field.at + i];
	const span = 2 ** (8 * field.size);
	if (field.signed && raw >= span / 2) raw -= span;
	return raw * field.scale + field.offset;
}

function writeField(field: PidField, out: Uint8Array, value: number): void {
	const span = 2 ** (8 * field.size);
	const lo = field.signed ? -span / 2 : 0;
	const hi = field.signed ? span / 2 - 1 : span - 1;
	let raw = Math.min(hi, Math.max(lo, Math.round((value - field.offset) / field.scale)));
	if (raw < 0) raw += span;
	for (let i = field.size - 1; i >= 0; i--) {
		out[field.at + i] = raw % 256;
		raw = Math.floor(raw / 256);
	}
}

function decodeStructured(def: PidDefinition, bytes: Uint8Array): PidStructured {
	switch (def.decoder) {
		case 'bitmap':
			return { decoder: 'bitmap', value: decodeBitmap(def.pid, bytes) };
		case 'monitorStatus':
			return { decoder: 'monitorStatus', value: decodeMonitorStatus(bytes) };
		case 'dtc':
			return { decoder: 'dtc', value: decodeFreezeFrameDtc(bytes) };
		case 'fuelSystemStatus':
			return { decoder: 'fuelSystemStatus', value: decodeFuelSystemStatus(bytes) };
		case 'secondaryAirStatus':
			return { decoder: 'secondaryAirStatus', value: decodeSecondaryAirStatus(bytes) };
		case 'o2SensorsPresent2Banks':
			return { decoder: def.decoder, value: decodeO2SensorsPresent(bytes, 2) };
		case 'o2SensorsPresent4Banks':
			return { decoder: def.decoder, value: decodeO2SensorsPresent(bytes, 4) };
		case 'obdStandard':
			return { decoder: 'obdStandard', value: decodeObdStandard(bytes) };
		case 'fuelType':
			return { decoder: 'fuelType', value: decodeFuelType(bytes) };
		case 'auxInputStatus':
			return { decoder: 'auxInputStatus', value: decodeAuxInputStatus(bytes) };
		default:
			return { decoder: 'raw', value: bytes.slice() };
	}
}
