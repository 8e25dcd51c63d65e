import { MalformedTransferError } from '../../errors';
import type { BusState } from '../../adapters/can-adapter';

/**
 * health_t and can_health_t (panda board/health.h, packed, little-endian), as the health (0xD2) and can_health
 * (0xC2) requests return them. Both layouts are pinned by PANDA_PACKET_VERSIONS.health.
 */
export const PANDA_HEALTH_SIZE = 48;
export const PANDA_CAN_HEALTH_SIZE = 64;

/** health_t.flags_pkt bits (health.h HEALTH_FLAG_*). */
export const PandaHealthFlag = {
	IGNITION_LINE: 1 << 0,
	IGNITION_CAN: 1 << 1,
	CONTROLS_ALLOWED: 1 << 2,
	POWER_SAVE_ENABLED: 1 << 3,
	HEARTBEAT_LOST: 1 << 4,
	SAFETY_RX_CHECKS_INVALID: 1 << 5,
	SOM_RESET_TRIGGERED: 1 << 6
} as const;

export interface PandaHealth {
	uptimeS: number;
	voltageMv: number;
	currentMa: number;
	/** Host frames the safety mode refused since the mode was last set. */
	safetyTxBlocked: number;
	safetyRxInvalid: number;
	txBufferOverflow: number;
	/** Frames dropped because the host did not read EP1 fast enough. */
	rxBufferOverflow: number;
	faults: number;
	ignitionLine: boolean;
	ignitionCan: boolean;
	controlsAllowed: boolean;
	powerSaveEnabled: boolean;
	heartbeatLost: boolean;
	safetyRxChecksInvalid: boolean;
	somResetTriggered: boolean;
	carHarnessStatus: number;
	safetyMode: number;
	safetyParam: number;
	faultStatus: number;
	alternativeExperience: number;
	/** 0–1 (the firmware sends round(load × 255)). */
	interruptLoad: number;
	fanPower: number;
	spiErrorCount: number;
	sbu1VoltageMv: number;
	sbu2VoltageMv: number;
	soundOutputLevel: number;
	/** °C (the firmware sends round(t + 40), clamped to −40…214.5). */
	temperatureC: number;
}

/** last_error / last_stored_error LEC codes (python Panda.can_health LEC_ERROR_CODE). */
export const CAN_LAST_ERROR = [
	'none',
	'stuff',
	'form',
	'ack',
	'bit1',
	'bit0',
	'crc',
	'no-change'
] as const;
export type CanLastError = (typeof CAN_LAST_ERROR)[number];

export interface PandaCanHealth {
	busOff: boolean;
	busOffCount: number;
	errorWarning: boolean;
	errorPassive: boolean;
	lastError: CanLastError;
	lastStoredError: CanLastError;
	lastDataError: CanLastError;
	lastDataStoredError: CanLastError;
	/** FDCAN_ECR.REC, 0–127. */
	receiveErrorCount: number;
	/** FDCAN_ECR.TEC, 0–255. */
	transmitErrorCount: number;
	totalErrorCount: number;
	totalTxLostCount: number;
	totalRxLostCount: number;
	totalTxCount: number;
	totalRxCount: number;
	totalForwardCount: number;
	totalTxChecksumErrorCount: number;
	/** kbit/s (main_comms.h 0xC2 divides the kbit/s × 10 setting by 10). */
	canSpeedKbps: number;
	canDataSpeedKbps: number;
	canfdEnabled: boolean;
	brsEnabled: boolean;
	canfdNonIso: boolean;
	irq0CallRate: number;
	irq1CallRate: number;
	irq2CallRate: number;
	canCoreResetCount: number;
}

function exactView(bytes: DataView | Uint8Array, size: number, what: string): DataView {
	const view =
		bytes instanceof DataView ? bytes : new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
	if (view.byteLength !== size) {
		throw new MalformedTransferError(
			`${what}: expected ${size} bytes, got ${view.byteLength}`,
			'panda'
		);
	}
	return view;
}

export function decodePandaHealth(bytes: DataView | Uint8Array): PandaHealth {
	const v = exactView(bytes, PANDA_HEALTH_SIZE, 'health');
	const flags = v.getUint16(28, true);
	return {
		uptimeS: v.getUint32(0, true),
		voltageMv: v.getUint16(4, true),
		currentMa: v.getUint16(6, true),
		safetyTxBlocked: v.getUint32(8, true),
		safetyRxInvalid: v.getUint32(12, true),
		txBufferOverflow: v.getUint32(16, true),
		rxBufferOverflow: v.getUint32(20, true),
		faults: v.getUint32(24, true),
		ignitionLine: (flags & PandaHealthFlag.IGNITION_LINE) !== 0,
		ignitionCan: (flags & PandaHealthFlag.IGNITION_CAN) !== 0,
		controlsAllowed: (flags & PandaHealthFlag.CONTROLS_ALLOWED) !== 0,
		powerSaveEnabled: (flags & PandaHealthFlag.POWER_SAVE_ENABLED) !== 0,
		heartbeatLost: (flags & PandaHealthFlag.HEARTBEAT_LOST) !== 0,
		safetyRxChecksInvalid: (flags & PandaHealthFlag.SAFETY_RX_CHECKS_INVALID) !== 0,
		somResetTriggered: (flags & PandaHealthFlag.SOM_RESET_TRIGGERED) !== 0,
		carHarnessStatus: v.getUint8(30),
		safetyMode: v.getUint8(31),
		safetyParam: v.getUint16(32, true),
		faultStatus: v.getUint8(34),
		alternativeExperience: v.getUint16(35, true),
		interruptLoad: v.getUint8(37) / 255,
		fanPower: v.getUint8(38),
		spiErrorCount: v.getUint16(39, true),
		sbu1VoltageMv: v.getUint16(41, true),
		sbu2VoltageMv: v.getUint16(43, true),
		soundOutputLevel: v.getUint16(45, true),
		temperatureC: v.getUint8(47) - 40
	};
}

/** main_comms.h get_health_pkt, for the emulator. */
export function encodePandaHealth(h: PandaHealth): Uint8Array {
	const out = new Uint8Array(PANDA_HEALTH_SIZE);
	const v = new DataView(out.buffer);
	const flags =
		(h.ignitionLine ? PandaHealthFlag.IGNITION_LINE : 0) |
		(h.ignitionCan ? PandaHealthFlag.IGNITION_CAN : 0) |
		(h.controlsAllowed ? PandaHealthFlag.CONTROLS_ALLOWED : 0) |
		(h.powerSaveEnabled ? PandaHealthFlag.POWER_SAVE_ENABLED : 0) |
		(h.heartbeatLost ? PandaHealthFlag.HEARTBEAT_LOST : 0) |
		(h.safetyRxChecksInvalid ? PandaHealthFlag.SAFETY_RX_CHECKS_INVALID : 0) |
		(h.somResetTriggered ? PandaHealthFlag.SOM_RESET_TRIGGERED : 0);
	v.setUint32(0, h.uptimeS, true);
	v.setUint16(4, Math.min(h.voltageMv, 0xffff), true);
	v.setUint16(6, Math.min(h.currentMa, 0xffff), true);
	v.setUint32(8, h.safetyTxBlocked, true);
	v.setUint32(12, h.safetyRxInvalid, true);
	v.setUint32(16, h.txBufferOverflow, true);
	v.setUint32(20, h.rxBufferOverflow, true);
	v.setUint32(24, h.faults, true);
	v.setUint16(28, flags, true);
	v.setUint8(30, h.carHarnessStatus);
	v.setUint8(31, h.safetyMode);
	v.setUint16(32, h.safetyParam, true);
	v.setUint8(34, h.faultStatus);
	v.setUint16(35, h.alternativeExperience, true);
	v.setUint8(37, Math.round(Math.min(Math.max(h.interruptLoad, 0), 1) * 255));
	v.setUint8(38, h.fanPower);
	v.setUint16(39, h.spiErrorCount, true);
	v.setUint16(41, h.sbu1VoltageMv, true);
	v.setUint16(43, h.sbu2VoltageMv, true);
	v.setUint16(45, h.soundOutputLevel, true);
	v.setUint8(47, Math.floor(Math.min(Math.max(h.temperatureC, -40), 214.5) + 40 + 0.5));
	return out;
}

function lec(code: number, what: string): CanLastError {
	const name = CAN_LAST_ERROR[code];
	if (name === undefined) {
		throw new MalformedTransferError(
			`can_health: ${what} ${code} is not an LEC code (0–7)`,
			'panda'
		);
	}
	return name;
}

export function decodePandaCanHealth(bytes: DataView | Uint8Array): PandaCanHealth {
	const v = exactView(bytes, PANDA_CAN_HEALTH_SIZE, 'can_health');
	return {
		busOff: v.getUint8(0) !== 0,
		busOffCount: v.getUint32(1, true),
		errorWarning: v.getUint8(5) !== 0,
		errorPassive: v.getUint8(6) !== 0,
		lastError: lec(v.getUint8(7), 'last_error'),
		lastStoredError: lec(v.getUint8(8), 'last_stored_error'),
		lastDataError: lec(v.getUint8(9), 'last_data_error'),
		lastDataStoredError: lec(v.getUint8(10), 'last_data_stored_error'),
		receiveErrorCount: v.getUint8(11),
		transmitErrorCount: v.getUint8(12),
		totalErrorCount: v.getUint32(13, true),
		totalTxLostCount: v.getUint32(17, true),
		totalRxLostCount: v.getUint32(21, true),
		totalTxCount: v.getUint32(25, true),
		totalRxCount: v.getUint32(29, true),
		totalForwardCount: v.getUint32(33, true),
		totalTxChecksumErrorCount: v.getUint32(37, true),
		canSpeedKbps: v.getUint16(41, true),
		canDataSpeedKbps: v.getUint16(43, true),
		canfdEnabled: v.getUint8(45) !== 0,
		brsEnabled: v.getUint8(46) !== 0,
		canfdNonIso: v.getUint8(47) !== 0,
		irq0CallRate: v.getUint32(48, true),
		irq1CallRate: v.getUint32(52, true),
		irq2CallRate: v.getUint32(56, true),
		canCoreResetCount: v.getUint32(60, true)
	};
}

export function encodePandaCanHealth(h: PandaCanHealth): Uint8Array {
	const out = new Uint8Array(PANDA_CAN_HEALTH_SIZE);
	const v = new DataView(out.buffer);
	const code = (name: CanLastError) => CAN_LAST_ERROR.indexOf(name);
	v.setUint8(0, h.busOff ? 1 : 0);
	v.setUint32(1, h.busOffCount, true);
	v.setUint8(5, h.errorWarning ? 1 : 0);
	v.setUint8(6, h.errorPassive ? 1 : 0);
	v.setUint8(7, code(h.lastError));
	v.setUint8(8, code(h.lastStoredError));
	v.setUint8(9, code(h.lastDataError));
	v.setUint8(10, code(h.lastDataStoredError));
	v.setUint8(11, h.receiveErrorCount);
	v.setUint8(12, h.transmitErrorCount);
	v.setUint32(13, h.totalErrorCount, true);
	v.setUint32(17, h.totalTxLostCount, true);
	v.setUint32(21, h.totalRxLostCount, true);
	v.setUint32(25, h.totalTxCount, true);
	v.setUint32(29, h.totalRxCount, true);
	v.setUint32(33, h.totalForwardCount, true);
	v.setUint32(37, h.totalTxChecksumErrorCount, true);
	v.setUint16(41, h.canSpeedKbps, true);
	v.setUint16(43, h.canDataSpeedKbps, true);
	v.setUint8(45, h.canfdEnabled ? 1 : 0);
	v.setUint8(46, h.brsEnabled ? 1 : 0);
	v.setUint8(47, h.canfdNonIso ? 1 : 0);
	v.setUint32(48, h.irq0CallRate, true);
	v.setUint32(52, h.irq1CallRate, true);
	v.setUint32(56, h.irq2CallRate, true);
	v.setUint32(60, h.canCoreResetCount, true);
	return out;
}

/** The controller state a can_health reply describes, worst flag first. */
export function busStateOf(
	h: Pick<PandaCanHealth, 'busOff' | 'errorPassive' | 'errorWarning'>
): BusState {
	if (h.busOff) return 'bus-off';
	if (h.errorPassive) return 'passive';
	if (h.errorWarning) return 'warning';
	return 'active';
}
