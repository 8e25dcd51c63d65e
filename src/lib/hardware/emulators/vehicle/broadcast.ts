import type { VehicleState } from './vehicle-state';
import type { SignalLayout } from './signal-packer';

/** A signal of the broadcast with where its physical value comes from. Must match simulated-car.dbc. */
export interface BroadcastSignal extends SignalLayout {
	read(state: Readonly<VehicleState>, counter: number): number;
}

export interface BroadcastMessage {
	id: number;
	name: string;
	dlc: number;
	/** Cycle time, µs (the DBC's GenMsgCycleTime × 1000). */
	periodUs: number;
	/**
	 * Offset of this message's slots from the cycle start. 130 µs ≈ one 8-byte standard frame at 1 Mbit/s
	 * (≈110–130 bits with stuffing), so no two frames ever share a timestamp, as on a real bus.
	 */
	phaseUs: number;
	signals: readonly BroadcastSignal[];
	/** Fills derived bytes (checksums) after the signals are packed. */
	finish?(data: Uint8Array): void;
}

const bit = (flag: boolean) => (flag ? 1 : 0);

/**
 * What the ECU sends for a temperature whose sensor is open circuit: the most negative raw value (0x8000, as
 * many ECUs mark "no reading"), far outside the signal's declared [-40|150] range.
 */
export const SENSOR_FAULT_CODE = -3276.8;

type Read = BroadcastSignal['read'];

/** One SG_ line: `name : start|length@order sign (factor,0)`, plus where its value comes from. */
function sg(
	name: string,
	start: number,
	length: number,
	byteOrder: 'intel' | 'motorola',
	signed: boolean,
	factor: number,
	read: Read
): BroadcastSignal {
	return { name, start, length, byteOrder, signed, factor, offset: 0, read };
}

const I = 'intel';
const M = 'motorola';

/**
 * The broadcast of a generic aftermarket ECU (the shape of a Haltech / Link / MoTeC "CAN stream": a fast
 * engine frame plus slower grouped frames in the 0x360 block). simulated-car.dbc describes the same layout.
 */
export const BROADCAST: readonly BroadcastMessage[] = [
	{
		id: 0x360,
		name: 'ECU_Fast',
		dlc: 8,
		periodUs: 1000,
		phaseUs: 0,
		signals: [
			sg('EngineSpeed', 0, 16, I, false, 1, (s) => s.rpm),
			sg('ThrottlePosition', 16, 12, I, false, 0.1, (s) => s.throttle),
			sg('ManifoldPressure', 28, 12, I, false, 0.1, (s) => s.mapKpa),
			sg('FastCounter', 48, 4, I, false, 1, (_, counter) => counter & 15)
		],
		finish(data) {
			let sum = 0;
			for (let i = 0; i < 7; i++) sum += data[i];
			data[7] = sum & 0xff;
		}
	},
	{
		id: 0x361,
		name: 'ECU_Boost',
		dlc: 8,
		periodUs: 10_000,
		phaseUs: 130,
		signals: [
			sg('BoostPressure', 7, 16, M, true, 0.1, (s) => s.boostKpa),
			sg('BoostTarget', 23, 16, M, true, 0.1, (s) => s.boostTargetKpa),
			sg('WastegateDuty', 39, 8, M, false, 0.5, (s) => s.wastegateDuty)
		]
	},
	{
		id: 0x362,
		name: 'ECU_Fuel',
		dlc: 8,
		periodUs: 10_000,
		phaseUs: 260,
		signals: [
			sg('Lambda', 0, 16, I, false, 0.001, (s) => s.lambda),
			sg('LambdaTarget', 16, 16, I, false, 0.001, (s) => s.lambdaTarget),
			sg('InjectorPulseWidth', 32, 16, I, false, 0.001, (s) => s.injectorPwMs),
			sg('IgnitionAdvance', 48, 16, I, true, 0.1, (s) => s.ignitionAdvance)
		]
	},
	{
		id: 0x363,
		name: 'ECU_Knock',
		dlc: 8,
		periodUs: 10_000,
		phaseUs: 390,
		signals: [
			sg('KnockRetardCyl1', 7, 8, M, false, 0.1, (s) => s.knockRetard[0]),
			sg('KnockRetardCyl2', 15, 8, M, false, 0.1, (s) => s.knockRetard[1]),
			sg('KnockRetardCyl3', 23, 8, M, false, 0.1, (s) => s.knockRetard[2]),
			sg('KnockRetardCyl4', 31, 8, M, false, 0.1, (s) => s.knockRetard[3]),
			sg('KnockRetardMax', 39, 8, M, false, 0.1, (s) => s.knockRetardMax),
			// Wraps at 4096 like a hardware event counter; a 12-bit field straddling bytes 5–6 tests decoders.
			sg('KnockCount', 47, 12, M, false, 1, (s) => s.knockCount % 4096),
			// The knock sensor's band amplitude fills the 12 bits left after KnockCount (byte 6 low nibble, byte 7).
			sg('KnockSensor', 51, 12, M, false, 1, (s) => s.knockSensorMv)
		]
	},
	{
		id: 0x364,
		name: 'ECU_Temps',
		dlc: 8,
		periodUs: 50_000,
		phaseUs: 520,
		signals: [
			sg('IntakeAirTemp', 0, 16, I, true, 0.1, (s) => s.iatC),
			sg('CoolantTemp', 16, 16, I, true, 0.1, (s) =>
				s.coolantSensorFault ? SENSOR_FAULT_CODE : s.coolantC
			),
			sg('OilTemp', 32, 16, I, true, 0.1, (s) => s.oilC),
			sg('ExhaustGasTemp', 48, 16, I, false, 0.1, (s) => s.egtC)
		]
	},
	{
		id: 0x365,
		name: 'ECU_Vehicle',
		dlc: 4,
		periodUs: 20_000,
		phaseUs: 650,
		signals: [
			sg('VehicleSpeed', 0, 16, I, false, 0.01, (s) => s.speedKmh),
			sg('Gear', 16, 4, I, false, 1, (s) => s.gear),
			sg('BrakeSwitch', 20, 1, I, false, 1, (s) => bit(s.brake > 0.02)),
			sg('ClutchSwitch', 21, 1, I, false, 1, (s) => bit(s.clutch < 0.98))
		]
	},
	{
		id: 0x366,
		name: 'ECU_Status',
		dlc: 8,
		periodUs: 100_000,
		phaseUs: 780,
		signals: [
			sg('BatteryVoltage', 7, 16, M, false, 0.01, (s) => s.batteryV),
			sg('BaroPressure', 23, 16, M, false, 0.01, (s) => s.baroKpa),
			sg('RevLimiterActive', 39, 1, M, false, 1, (s) => bit(s.revLimiter)),
			sg('FuelCutActive', 38, 1, M, false, 1, (s) => bit(s.fuelCut))
		]
	}
];
