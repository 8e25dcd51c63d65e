import { linear, percent, torquePercent } from './pid-field';
import type { PidDefinition } from './pid-types';

/** Multi-sensor PIDs whose byte layout we hold only as a length; decoded as raw bytes. */
// prettier-ignore
const RAW_ROWS: readonly (readonly [number, string, string, number | undefined])[] = [
	[0x65, 'auxInputOutputSupported', 'Auxiliary input / output supported', 2],
	[0x66, 'mafSensor', 'Mass air flow sensor A/B', 5],
	[0x67, 'coolantTempSensors', 'Engine coolant temperature sensors 1/2', 3],
	[0x68, 'intakeAirTempSensors', 'Intake air temperature sensors', 7],
	[0x69, 'egrCommandedActualError', 'Commanded EGR, actual EGR and EGR error', 7],
	[0x6a, 'dieselIntakeAirFlow', 'Commanded diesel intake air flow control and relative position', 5],
	[0x6b, 'egrTemperature', 'Exhaust gas recirculation temperature', 5],
	[0x6c, 'throttleActuatorControl', 'Commanded throttle actuator control and relative position', 5],
	[0x6d, 'fuelPressureControl', 'Fuel pressure control system', 11],
	[0x6e, 'injectionPressureControl', 'Injection pressure control system', 9],
	[0x6f, 'turboCompressorInletPressure', 'Turbocharger compressor inlet pressure', 3],
	[0x70, 'boostPressureControl', 'Boost pressure control', 10],
	[0x71, 'vgtControl', 'Variable geometry turbo control', 6],
	[0x72, 'wastegateControl', 'Wastegate control', 5],
	[0x73, 'exhaustPressure', 'Exhaust pressure', 5],
	[0x74, 'turboRpm', 'Turbocharger RPM', 5],
	[0x75, 'turboTemperatureA', 'Turbocharger temperature A', 7],
	[0x76, 'turboTemperatureB', 'Turbocharger temperature B', 7],
	[0x77, 'chargeAirCoolerTemp', 'Charge air cooler temperature', 5],
	[0x78, 'egtBank1', 'Exhaust gas temperature, bank 1', 9],
	[0x79, 'egtBank2', 'Exhaust gas temperature, bank 2', 9],
	[0x7a, 'dpfDifferentialPressure', 'Diesel particulate filter differential pressure', 7],
	[0x7b, 'dpf', 'Diesel particulate filter', 7],
	[0x7c, 'dpfTemperature', 'Diesel particulate filter temperature', 9],
	[0x7d, 'noxNteStatus', 'NOx NTE control area status', 1],
	[0x7e, 'pmNteStatus', 'PM NTE control area status', 1],
	[0x7f, 'engineRunTime', 'Engine run time (total, idle, PTO)', 13],
	[0x81, 'aecdRunTime1To5', 'Engine run time for AECD #1–#5', 41],
	[0x82, 'aecdRunTime6To10', 'Engine run time for AECD #6–#10', 41],
	[0x83, 'noxSensor', 'NOx sensor', 9],
	[0x84, 'manifoldSurfaceTemp', 'Manifold surface temperature', 1],
	[0x85, 'noxReagentSystem', 'NOx reagent system', 10],
	[0x86, 'pmSensor', 'Particulate matter sensor', 5],
	[0x87, 'intakeManifoldPressureSensors', 'Intake manifold absolute pressure A/B', 5],
	[0x88, 'scrInduceSystem', 'SCR inducement system', 13],
	[0x89, 'aecdRunTime11To15', 'Run time for AECD #11–#15', 41],
	[0x8a, 'aecdRunTime16To20', 'Run time for AECD #16–#20', 41],
	[0x8b, 'dieselAftertreatment', 'Diesel aftertreatment', 7],
	[0x8c, 'o2SensorWideRange', 'O2 sensor (wide range)', 17],
	[0x8f, 'pmSensorBank1And2', 'PM sensor banks 1 and 2', 7],
	[0x90, 'wwhObdSystemInfoA', 'WWH-OBD vehicle OBD system information', 3],
	[0x91, 'wwhObdSystemInfoB', 'WWH-OBD vehicle OBD system information', 5],
	[0x92, 'fuelSystemControl', 'Fuel system control', 2],
	[0x93, 'wwhObdCounters', 'WWH-OBD vehicle OBD counters support', 3],
	[0x94, 'noxWarningInducement', 'NOx warning and inducement system', 12],
	[0x98, 'egtSensorA', 'Exhaust gas temperature sensor', 9],
	[0x99, 'egtSensorB', 'Exhaust gas temperature sensor', 9],
	[0x9a, 'hybridBatteryVoltage', 'Hybrid/EV system data, battery, voltage', 6],
	[0x9b, 'defSensor', 'Diesel exhaust fluid sensor data', 4],
	[0x9c, 'o2SensorData', 'O2 sensor data', 17],
	[0x9d, 'engineFuelRateMass', 'Engine fuel rate (mass)', 4],
	[0x9e, 'exhaustFlowRate', 'Engine exhaust flow rate', 2],
	[0x9f, 'fuelSystemPercentageUse', 'Fuel system percentage use', 9],
	[0xa1, 'noxSensorCorrected', 'NOx sensor corrected data', 9],
	[0xa3, 'evapVaporPressureSensors', 'Evap. system vapour pressure', 9],
	[0xa4, 'transmissionActualGear', 'Transmission actual gear', 4],
	[0xa5, 'commandedDefDosing', 'Commanded diesel exhaust fluid dosing', 4],
	[0xa7, 'noxSensor3And4', 'NOx sensor concentration, sensors 3 and 4', 4],
	[0xa8, 'noxSensorCorrected3And4', 'NOx sensor corrected concentration, sensors 3 and 4', 4],
	[0xa9, 'absDisableSwitch', 'ABS disable switch state', 4],
	[0xc3, 'manufacturerC3', 'Undocumented in our sources (drive condition, engine speed…)', undefined],
	[0xc4, 'manufacturerC4', 'Undocumented in our sources (idle/stop request…)', undefined]
];

const bitmap = (pid: number, from: number): PidDefinition => ({
	pid,
	key: `pidsSupported${hex2(from)}To${hex2(from + 0x1f)}`,
	name: `PIDs supported [${hex2(from)}–${hex2(from + 0x1f)}]`,
	bytes: 4,
	formula: 'bitmap',
	verified: true,
	decoder: 'bitmap'
});

/**
 * Service 01 PIDs 0x60–0xC4. Only the supported-PID bitmaps and 0x61–0x63 are verified; every other row is
 * from memory of secondary sources (name and length) and decodes as raw bytes or, where the scaling is well
 * known, as fields still marked `verified: false`.
 */
// prettier-ignore
export const PIDS_60_C4: readonly PidDefinition[] = [
	bitmap(0x60, 0x61),
	{ pid: 0x61, key: 'driverDemandTorque', name: "Driver's demand engine percent torque", bytes: 1, formula: 'A − 125', verified: true, fields: [torquePercent('driverDemandTorque')] },
	{ pid: 0x62, key: 'actualEngineTorque', name: 'Actual engine percent torque', bytes: 1, formula: 'A − 125', verified: true, fields: [torquePercent('actualEngineTorque')] },
	{ pid: 0x63, key: 'engineReferenceTorque', name: 'Engine reference torque', bytes: 2, formula: '256A + B', verified: true, fields: [linear('engineReferenceTorque', 0, 2, 1, 0, 'N·m', 0, 65535)] },
	{
		pid: 0x64,
		key: 'enginePercentTorqueData',
		name: 'Engine percent torque data (idle, points 1–4)',
		bytes: 5,
		formula: 'A…E − 125',
		verified: false,
		fields: ['idle', 'point1', 'point2', 'point3', 'point4'].map((key, at) => torquePercent(key, at))
	},
	bitmap(0x80, 0x81),
	{ pid: 0x8d, key: 'throttlePositionG', name: 'Throttle position G', bytes: 1, formula: 'A·100/255', verified: false, fields: [percent('throttlePositionG')] },
	{ pid: 0x8e, key: 'engineFrictionTorque', name: 'Engine friction percent torque', bytes: 1, formula: 'A − 125', verified: false, fields: [torquePercent('engineFrictionTorque')] },
	bitmap(0xa0, 0xa1),
	{ pid: 0xa2, key: 'cylinderFuelRate', name: 'Cylinder fuel rate', bytes: 2, formula: '(256A + B)/32', verified: false, fields: [linear('cylinderFuelRate', 0, 2, 1 / 32, 0, 'mg/stroke', 0, 65535 / 32)] },
	{ pid: 0xa6, key: 'odometer', name: 'Odometer', bytes: 4, formula: '(A·2²⁴ + B·2¹⁶ + C·2⁸ + D)/10', verified: false, fields: [linear('odometer', 0, 4, 0.1, 0, 'km', 0, 429496729.5)] },
	bitmap(0xc0, 0xc1),
	...RAW_ROWS.map(([pid, key, name, bytes]) => ({
		pid,
		key,
		name,
		bytes,
		formula: 'not decoded',
		verified: false,
		decoder: 'raw' as const
	}))
].sort((a, b) => a.pid - b.pid);

function hex2(n: number): string {
	return n.toString(16).toUpperCase().padStart(2, '0');
}
