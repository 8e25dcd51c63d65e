import { decodeDtc } from './dtc';
import { ObdShortPayloadError } from './errors';

/** PID 03 values (SAE J1979 service 01 PID 03): exactly one bit set, 0 when the system is absent. */
export const FUEL_SYSTEM_STATES = {
	0x00: 'absent',
	0x01: 'openLoopNotReady',
	0x02: 'closedLoop',
	0x04: 'openLoopDrivingCondition',
	0x08: 'openLoopSystemFault',
	0x10: 'closedLoopFeedbackFault'
} as const;

export type FuelSystemState =
	(typeof FUEL_SYSTEM_STATES)[keyof typeof FUEL_SYSTEM_STATES] | 'invalid';

export interface FuelSystemStatus {
	system1: FuelSystemState;
	system2: FuelSystemState;
}

export function decodeFuelSystemStatus(data: Uint8Array): FuelSystemStatus {
	need(data, 2, 'PID 03 fuel system status');
	return { system1: fuelState(data[0]), system2: fuelState(data[1]) };
}

export function encodeFuelSystemState(state: Exclude<FuelSystemState, 'invalid'>): number {
	const entry = Object.entries(FUEL_SYSTEM_STATES).find(([, name]) => name === state);
	return Number(entry![0]);
}

function fuelState(byte: number): FuelSystemState {
	return FUEL_SYSTEM_STATES[byte as keyof typeof FUEL_SYSTEM_STATES] ?? 'invalid';
}

export const SECONDARY_AIR_STATES = {
	0x01: 'upstream',
	0x02: 'downstreamOfCatalyst',
	0x04: 'fromOutsideOrOff',
	0x08: 'pumpOnForDiagnostics'
} as const;

export function decodeSecondaryAirStatus(data: Uint8Array): string {
	need(data, 1, 'PID 12 secondary air status');
	return SECONDARY_AIR_STATES[data[0] as keyof typeof SECONDARY_AIR_STATES] ?? 'invalid';
}

/** PID 13: bank 1 sensors 1–4 in A0–A3, bank 2 in A4–A7. PID 1D: two sensors per bank, four banks. */
export function decodeO2SensorsPresent(
	data: Uint8Array,
	banks: 2 | 4
): { bank: number; sensor: number }[] {
	need(data, 1, 'O2 sensors present');
	const perBank = 8 / banks;
	const present: { bank: number; sensor: number }[] = [];
	for (let bit = 0; bit < 8; bit++) {
		if (data[0] & (1 << bit)) {
			present.push({ bank: Math.floor(bit / perBank) + 1, sensor: (bit % perBank) + 1 });
		}
	}
	return present;
}

/** PID 1C values 1–13 and 17–21; other values are reported as `unknown`. */
export const OBD_STANDARDS: Readonly<Record<number, string>> = {
	1: 'OBD-II (CARB)',
	2: 'OBD (EPA)',
	3: 'OBD and OBD-II',
	4: 'OBD-I',
	5: 'Not OBD compliant',
	6: 'EOBD (Europe)',
	7: 'EOBD and OBD-II',
	8: 'EOBD and OBD',
	9: 'EOBD, OBD and OBD-II',
	10: 'JOBD (Japan)',
	11: 'JOBD and OBD-II',
	12: 'JOBD and EOBD',
	13: 'JOBD, EOBD and OBD-II',
	17: 'Engine Manufacturer Diagnostics (EMD)',
	18: 'Engine Manufacturer Diagnostics Enhanced (EMD+)',
	19: 'Heavy Duty On-Board Diagnostics (Child/Partial) (HD OBD-C)',
	20: 'Heavy Duty On-Board Diagnostics (HD OBD)',
	21: 'World Wide Harmonized OBD (WWH OBD)'
};

export function decodeObdStandard(data: Uint8Array): { code: number; name: string } {
	need(data, 1, 'PID 1C OBD standard');
	return { code: data[0], name: OBD_STANDARDS[data[0]] ?? 'unknown' };
}

export function decodeAuxInputStatus(data: Uint8Array): { powerTakeOffActive: boolean } {
	need(data, 1, 'PID 1E auxiliary input status');
	return { powerTakeOffActive: (data[0] & 1) === 1 };
}

/** PID 51 fuel type coding (SAE J1979 Table A7 as reproduced by python-OBD FUEL_TYPES). */
export const FUEL_TYPES = [
	'Not available',
	'Gasoline',
	'Methanol',
	'Ethanol',
	'Diesel',
	'LPG',
	'CNG',
	'Propane',
	'Electric',
	'Bifuel running Gasoline',
	'Bifuel running Methanol',
	'Bifuel running Ethanol',
	'Bifuel running LPG',
	'Bifuel running CNG',
	'Bifuel running Propane',
	'Bifuel running Electricity',
	'Bifuel running electric and combustion engine',
	'Hybrid gasoline',
	'Hybrid Ethanol',
	'Hybrid Diesel',
	'Hybrid Electric',
	'Hybrid running electric and combustion engine',
	'Hybrid Regenerative',
	'Bifuel running diesel'
] as const;

export function decodeFuelType(data: Uint8Array): { code: number; name: string } {
	need(data, 1, 'PID 51 fuel type');
	return { code: data[0], name: FUEL_TYPES[data[0]] ?? 'unknown' };
}

export function decodeFreezeFrameDtc(data: Uint8Array): string | null {
	need(data, 2, 'PID 02 freeze frame DTC');
	return data[0] === 0 && data[1] === 0 ? null : decodeDtc(data[0], data[1]);
}

function need(data: Uint8Array, n: number, what: string): void {
	if (data.length < n) throw new ObdShortPayloadError(n, data.length, what);
}
