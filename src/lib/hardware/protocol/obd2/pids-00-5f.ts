import { lambda, linear, percent, temperature, trim } from './pid-field';
import type { PidDefinition } from './pid-types';

/**
 * SAE J1979 service 01 PIDs 0x00–0x5F. Formulas cross-checked against protocols.md §7.2 and
 * brendan-w/python-OBD@a378bdd obd/commands.py + UnitsAndScaling.py; rows marked `verified: false` were not.
 */
// prettier-ignore
export const PIDS_00_5F = [
	{ pid: 0x00, key: 'pidsSupported01To20', name: 'PIDs supported [01–20]', bytes: 4, formula: 'bitmap, MSB of A = PID 01', verified: true, decoder: 'bitmap' },
	{ pid: 0x01, key: 'monitorStatus', name: 'Monitor status since DTCs cleared', bytes: 4, formula: 'A7 MIL, A6–0 DTC count, B/C/D monitors', verified: true, decoder: 'monitorStatus' },
	{ pid: 0x02, key: 'freezeFrameDtc', name: 'DTC that caused the freeze frame', bytes: 2, formula: 'DTC (A, B)', verified: true, decoder: 'dtc' },
	{ pid: 0x03, key: 'fuelSystemStatus', name: 'Fuel system status', bytes: 2, formula: 'A system 1, B system 2 (one bit set each)', verified: true, decoder: 'fuelSystemStatus' },
	{ pid: 0x04, key: 'engineLoad', name: 'Calculated engine load', bytes: 1, formula: 'A·100/255', verified: true, fields: [percent('engineLoad')] },
	{ pid: 0x05, key: 'coolantTemp', name: 'Engine coolant temperature', bytes: 1, formula: 'A − 40', verified: true, fields: [temperature('coolantTemp')] },
	{ pid: 0x06, key: 'shortFuelTrimBank1', name: 'Short term fuel trim, bank 1', bytes: 1, formula: '(A − 128)·100/128', verified: true, fields: [trim('shortFuelTrimBank1')] },
	{ pid: 0x07, key: 'longFuelTrimBank1', name: 'Long term fuel trim, bank 1', bytes: 1, formula: '(A − 128)·100/128', verified: true, fields: [trim('longFuelTrimBank1')] },
	{ pid: 0x08, key: 'shortFuelTrimBank2', name: 'Short term fuel trim, bank 2', bytes: 1, formula: '(A − 128)·100/128', verified: true, fields: [trim('shortFuelTrimBank2')] },
	{ pid: 0x09, key: 'longFuelTrimBank2', name: 'Long term fuel trim, bank 2', bytes: 1, formula: '(A − 128)·100/128', verified: true, fields: [trim('longFuelTrimBank2')] },
	{ pid: 0x0a, key: 'fuelPressure', name: 'Fuel pressure (gauge)', bytes: 1, formula: '3·A', verified: true, fields: [linear('fuelPressure', 0, 1, 3, 0, 'kPa', 0, 765)] },
	{ pid: 0x0b, key: 'intakeManifoldPressure', name: 'Intake manifold absolute pressure', bytes: 1, formula: 'A', verified: true, fields: [linear('intakeManifoldPressure', 0, 1, 1, 0, 'kPa', 0, 255)] },
	{ pid: 0x0c, key: 'engineRpm', name: 'Engine speed', bytes: 2, formula: '(256A + B)/4', verified: true, fields: [linear('engineRpm', 0, 2, 0.25, 0, 'rpm', 0, 16383.75)] },
	{ pid: 0x0d, key: 'vehicleSpeed', name: 'Vehicle speed', bytes: 1, formula: 'A', verified: true, fields: [linear('vehicleSpeed', 0, 1, 1, 0, 'km/h', 0, 255)] },
	{ pid: 0x0e, key: 'timingAdvance', name: 'Timing advance (cylinder 1, before TDC)', bytes: 1, formula: 'A/2 − 64', verified: true, fields: [linear('timingAdvance', 0, 1, 0.5, -64, '°', -64, 63.5)] },
	{ pid: 0x0f, key: 'intakeAirTemp', name: 'Intake air temperature', bytes: 1, formula: 'A − 40', verified: true, fields: [temperature('intakeAirTemp')] },
	{ pid: 0x10, key: 'mafAirFlowRate', name: 'Mass air flow rate', bytes: 2, formula: '(256A + B)/100', verified: true, fields: [linear('mafAirFlowRate', 0, 2, 0.01, 0, 'g/s', 0, 655.35)] },
	{ pid: 0x11, key: 'throttlePosition', name: 'Absolute throttle position', bytes: 1, formula: 'A·100/255', verified: true, fields: [percent('throttlePosition')] },
	{ pid: 0x12, key: 'secondaryAirStatus', name: 'Commanded secondary air status', bytes: 1, formula: 'one bit set', verified: true, decoder: 'secondaryAirStatus' },
	{ pid: 0x13, key: 'o2SensorsPresent', name: 'Oxygen sensors present (2 banks)', bytes: 1, formula: 'A0–3 bank 1 sensors 1–4, A4–7 bank 2', verified: true, decoder: 'o2SensorsPresent2Banks' },
	...[0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b].map((pid, i) => ({
		pid,
		key: `o2Sensor${i + 1}Narrow`,
		name: `Oxygen sensor ${i + 1}: voltage, short term fuel trim`,
		bytes: 2,
		formula: 'A/200 V; (B − 128)·100/128 % (B = FF: not used for trim)',
		verified: true,
		fields: [linear('voltage', 0, 1, 0.005, 0, 'V', 0, 1.275), trim('shortFuelTrim', 1)]
	})),
	{ pid: 0x1c, key: 'obdStandard', name: 'OBD standards this vehicle conforms to', bytes: 1, formula: 'enum', verified: true, decoder: 'obdStandard' },
	{ pid: 0x1d, key: 'o2SensorsPresent4Banks', name: 'Oxygen sensors present (4 banks)', bytes: 1, formula: 'A0–1 bank 1 … A6–7 bank 4', verified: true, decoder: 'o2SensorsPresent4Banks' },
	{ pid: 0x1e, key: 'auxInputStatus', name: 'Auxiliary input status (PTO)', bytes: 1, formula: 'A0 PTO active', verified: true, decoder: 'auxInputStatus' },
	{ pid: 0x1f, key: 'runTimeSinceStart', name: 'Run time since engine start', bytes: 2, formula: '256A + B', verified: true, fields: [linear('runTimeSinceStart', 0, 2, 1, 0, 's', 0, 65535)] },
	{ pid: 0x20, key: 'pidsSupported21To40', name: 'PIDs supported [21–40]', bytes: 4, formula: 'bitmap', verified: true, decoder: 'bitmap' },
	{ pid: 0x21, key: 'distanceWithMil', name: 'Distance travelled with MIL on', bytes: 2, formula: '256A + B', verified: true, fields: [linear('distanceWithMil', 0, 2, 1, 0, 'km', 0, 65535)] },
	{ pid: 0x22, key: 'fuelRailPressureRelative', name: 'Fuel rail pressure (relative to manifold vacuum)', bytes: 2, formula: '0.079·(256A + B)', verified: true, fields: [linear('fuelRailPressureRelative', 0, 2, 0.079, 0, 'kPa', 0, 5177.265)] },
	{ pid: 0x23, key: 'fuelRailPressureGauge', name: 'Fuel rail gauge pressure (diesel or direct injection)', bytes: 2, formula: '10·(256A + B)', verified: true, fields: [linear('fuelRailPressureGauge', 0, 2, 10, 0, 'kPa', 0, 655350)] },
	...[0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b].map((pid, i) => ({
		pid,
		key: `o2Sensor${i + 1}WideVoltage`,
		name: `Oxygen sensor ${i + 1}: equivalence ratio (λ), voltage`,
		bytes: 4,
		formula: 'λ = 2·(256A + B)/65536; V = 8·(256C + D)/65536',
		verified: true,
		fields: [lambda('lambda'), linear('voltage', 2, 2, 8 / 65536, 0, 'V', 0, (65535 * 8) / 65536)]
	})),
	{ pid: 0x2c, key: 'commandedEgr', name: 'Commanded EGR', bytes: 1, formula: 'A·100/255', verified: true, fields: [percent('commandedEgr')] },
	{ pid: 0x2d, key: 'egrError', name: 'EGR error', bytes: 1, formula: '(A − 128)·100/128', verified: true, fields: [trim('egrError')] },
	{ pid: 0x2e, key: 'commandedEvapPurge', name: 'Commanded evaporative purge', bytes: 1, formula: 'A·100/255', verified: true, fields: [percent('commandedEvapPurge')] },
	{ pid: 0x2f, key: 'fuelLevel', name: 'Fuel tank level input', bytes: 1, formula: 'A·100/255', verified: true, fields: [percent('fuelLevel')] },
	{ pid: 0x30, key: 'warmUpsSinceClear', name: 'Warm-ups since codes cleared', bytes: 1, formula: 'A', verified: true, fields: [linear('warmUpsSinceClear', 0, 1, 1, 0, 'count', 0, 255)] },
	{ pid: 0x31, key: 'distanceSinceClear', name: 'Distance travelled since codes cleared', bytes: 2, formula: '256A + B', verified: true, fields: [linear('distanceSinceClear', 0, 2, 1, 0, 'km', 0, 65535)] },
	{ pid: 0x32, key: 'evapVaporPressure', name: 'Evap. system vapour pressure', bytes: 2, formula: 'signed (256A + B)/4', verified: true, fields: [linear('evapVaporPressure', 0, 2, 0.25, 0, 'Pa', -8192, 8191.75, true)] },
	{ pid: 0x33, key: 'barometricPressure', name: 'Absolute barometric pressure', bytes: 1, formula: 'A', verified: true, fields: [linear('barometricPressure', 0, 1, 1, 0, 'kPa', 0, 255)] },
	...[0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b].map((pid, i) => ({
		pid,
		key: `o2Sensor${i + 1}WideCurrent`,
		name: `Oxygen sensor ${i + 1}: equivalence ratio (λ), current`,
		bytes: 4,
		formula: 'λ = 2·(256A + B)/65536; I = (256C + D)/256 − 128 mA',
		verified: true,
		fields: [lambda('lambda'), linear('current', 2, 2, 1 / 256, -128, 'mA', -128, 65535 / 256 - 128)]
	})),
	...(
		[
			[0x3c, 'catalystTempBank1Sensor1', 'bank 1, sensor 1'],
			[0x3d, 'catalystTempBank2Sensor1', 'bank 2, sensor 1'],
			[0x3e, 'catalystTempBank1Sensor2', 'bank 1, sensor 2'],
			[0x3f, 'catalystTempBank2Sensor2', 'bank 2, sensor 2']
		] as const
	).map(([pid, key, where]) => ({
		pid,
		key,
		name: `Catalyst temperature, ${where}`,
		bytes: 2,
		formula: '(256A + B)/10 − 40',
		verified: true,
		fields: [linear(key, 0, 2, 0.1, -40, '°C', -40, 6513.5)]
	})),
	{ pid: 0x40, key: 'pidsSupported41To60', name: 'PIDs supported [41–60]', bytes: 4, formula: 'bitmap', verified: true, decoder: 'bitmap' },
	// J1979 reserves byte A here (no MIL/count); the decoder reports what the ECU sent.
	{ pid: 0x41, key: 'monitorStatusThisDriveCycle', name: 'Monitor status this drive cycle', bytes: 4, formula: 'B/C/D as PID 01', verified: true, decoder: 'monitorStatus' },
	{ pid: 0x42, key: 'controlModuleVoltage', name: 'Control module voltage', bytes: 2, formula: '(256A + B)/1000', verified: true, fields: [linear('controlModuleVoltage', 0, 2, 0.001, 0, 'V', 0, 65.535)] },
	{ pid: 0x43, key: 'absoluteLoad', name: 'Absolute load value', bytes: 2, formula: '(256A + B)·100/255', verified: true, fields: [linear('absoluteLoad', 0, 2, 100 / 255, 0, '%', 0, 25700)] },
	{ pid: 0x44, key: 'commandedEquivalenceRatio', name: 'Commanded air-fuel equivalence ratio (λ)', bytes: 2, formula: '2·(256A + B)/65536', verified: true, fields: [lambda('commandedEquivalenceRatio')] },
	{ pid: 0x45, key: 'relativeThrottlePosition', name: 'Relative throttle position', bytes: 1, formula: 'A·100/255', verified: true, fields: [percent('relativeThrottlePosition')] },
	{ pid: 0x46, key: 'ambientAirTemp', name: 'Ambient air temperature', bytes: 1, formula: 'A − 40', verified: true, fields: [temperature('ambientAirTemp')] },
	{ pid: 0x47, key: 'throttlePositionB', name: 'Absolute throttle position B', bytes: 1, formula: 'A·100/255', verified: true, fields: [percent('throttlePositionB')] },
	{ pid: 0x48, key: 'throttlePositionC', name: 'Absolute throttle position C', bytes: 1, formula: 'A·100/255', verified: true, fields: [percent('throttlePositionC')] },
	{ pid: 0x49, key: 'acceleratorPositionD', name: 'Accelerator pedal position D', bytes: 1, formula: 'A·100/255', verified: true, fields: [percent('acceleratorPositionD')] },
	{ pid: 0x4a, key: 'acceleratorPositionE', name: 'Accelerator pedal position E', bytes: 1, formula: 'A·100/255', verified: true, fields: [percent('acceleratorPositionE')] },
	{ pid: 0x4b, key: 'acceleratorPositionF', name: 'Accelerator pedal position F', bytes: 1, formula: 'A·100/255', verified: true, fields: [percent('acceleratorPositionF')] },
	{ pid: 0x4c, key: 'commandedThrottleActuator', name: 'Commanded throttle actuator', bytes: 1, formula: 'A·100/255', verified: true, fields: [percent('commandedThrottleActuator')] },
	{ pid: 0x4d, key: 'timeRunWithMil', name: 'Time run with MIL on', bytes: 2, formula: '256A + B', verified: true, fields: [linear('timeRunWithMil', 0, 2, 1, 0, 'min', 0, 65535)] },
	{ pid: 0x4e, key: 'timeSinceClear', name: 'Time since trouble codes cleared', bytes: 2, formula: '256A + B', verified: true, fields: [linear('timeSinceClear', 0, 2, 1, 0, 'min', 0, 65535)] },
	{
		pid: 0x4f,
		key: 'maximumValues',
		name: 'Max. equivalence ratio, O2 voltage, O2 current, intake MAP',
		bytes: 4,
		formula: 'A; B V; C mA; 10·D kPa',
		verified: false,
		fields: [
			linear('maxEquivalenceRatio', 0, 1, 1, 0, 'λ', 0, 255),
			linear('maxO2Voltage', 1, 1, 1, 0, 'V', 0, 255),
			linear('maxO2Current', 2, 1, 1, 0, 'mA', 0, 255),
			linear('maxIntakeManifoldPressure', 3, 1, 10, 0, 'kPa', 0, 2550)
		]
	},
	{ pid: 0x50, key: 'maxMafAirFlowRate', name: 'Maximum value for MAF air flow rate', bytes: 4, formula: '10·A (B, C, D reserved)', verified: true, fields: [linear('maxMafAirFlowRate', 0, 1, 10, 0, 'g/s', 0, 2550)] },
	{ pid: 0x51, key: 'fuelType', name: 'Fuel type', bytes: 1, formula: 'enum', verified: true, decoder: 'fuelType' },
	{ pid: 0x52, key: 'ethanolPercent', name: 'Ethanol fuel', bytes: 1, formula: 'A·100/255', verified: true, fields: [percent('ethanolPercent')] },
	{ pid: 0x53, key: 'absoluteEvapVaporPressure', name: 'Absolute evap. system vapour pressure', bytes: 2, formula: '(256A + B)/200', verified: true, fields: [linear('absoluteEvapVaporPressure', 0, 2, 0.005, 0, 'kPa', 0, 327.675)] },
	// python-OBD decodes 0x54 as 256A + B − 32767 (offset binary); we follow 0x32's two's complement, unverified.
	{ pid: 0x54, key: 'evapVaporPressureWide', name: 'Evap. system vapour pressure (wide range)', bytes: 2, formula: 'signed 256A + B', verified: false, fields: [linear('evapVaporPressureWide', 0, 2, 1, 0, 'Pa', -32768, 32767, true)] },
	{ pid: 0x55, key: 'shortSecondaryO2TrimBank1And3', name: 'Short term secondary O2 trim, banks 1 and 3', bytes: 2, formula: '(A − 128)·100/128; (B − 128)·100/128', verified: true, fields: [trim('bank1'), trim('bank3', 1)] },
	{ pid: 0x56, key: 'longSecondaryO2TrimBank1And3', name: 'Long term secondary O2 trim, banks 1 and 3', bytes: 2, formula: '(A − 128)·100/128; (B − 128)·100/128', verified: true, fields: [trim('bank1'), trim('bank3', 1)] },
	{ pid: 0x57, key: 'shortSecondaryO2TrimBank2And4', name: 'Short term secondary O2 trim, banks 2 and 4', bytes: 2, formula: '(A − 128)·100/128; (B − 128)·100/128', verified: true, fields: [trim('bank2'), trim('bank4', 1)] },
	{ pid: 0x58, key: 'longSecondaryO2TrimBank2And4', name: 'Long term secondary O2 trim, banks 2 and 4', bytes: 2, formula: '(A − 128)·100/128; (B − 128)·100/128', verified: true, fields: [trim('bank2'), trim('bank4', 1)] },
	{ pid: 0x59, key: 'fuelRailAbsolutePressure', name: 'Fuel rail absolute pressure', bytes: 2, formula: '10·(256A + B)', verified: true, fields: [linear('fuelRailAbsolutePressure', 0, 2, 10, 0, 'kPa', 0, 655350)] },
	{ pid: 0x5a, key: 'relativeAcceleratorPosition', name: 'Relative accelerator pedal position', bytes: 1, formula: 'A·100/255', verified: true, fields: [percent('relativeAcceleratorPosition')] },
	{ pid: 0x5b, key: 'hybridBatteryRemaining', name: 'Hybrid battery pack remaining life', bytes: 1, formula: 'A·100/255', verified: true, fields: [percent('hybridBatteryRemaining')] },
	{ pid: 0x5c, key: 'oilTemp', name: 'Engine oil temperature', bytes: 1, formula: 'A − 40', verified: true, fields: [temperature('oilTemp')] },
	{ pid: 0x5d, key: 'fuelInjectionTiming', name: 'Fuel injection timing', bytes: 2, formula: '(256A + B)/128 − 210', verified: true, fields: [linear('fuelInjectionTiming', 0, 2, 1 / 128, -210, '°', -210, 65535 / 128 - 210)] },
	{ pid: 0x5e, key: 'engineFuelRate', name: 'Engine fuel rate', bytes: 2, formula: '(256A + B)/20', verified: true, fields: [linear('engineFuelRate', 0, 2, 0.05, 0, 'L/h', 0, 3276.75)] },
	{ pid: 0x5f, key: 'emissionRequirements', name: 'Emission requirements the vehicle is designed to', bytes: 1, formula: 'bit-encoded', verified: false, decoder: 'raw' }
] as const satisfies readonly PidDefinition[];
