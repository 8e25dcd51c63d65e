import { ObdFormatError, hex } from './errors';

/** SAE J1979 / ISO 15031-5 diagnostic services (the spec calls them "modes"). */
export const ObdService = {
	currentData: 0x01,
	freezeFrameData: 0x02,
	storedDtcs: 0x03,
	clearDtcs: 0x04,
	oxygenSensorResults: 0x05,
	onBoardMonitorResults: 0x06,
	pendingDtcs: 0x07,
	controlOnBoardSystem: 0x08,
	vehicleInformation: 0x09,
	permanentDtcs: 0x0a
} as const;

export type ObdServiceId = (typeof ObdService)[keyof typeof ObdService];

/** Positive responses carry the request SID + 0x40; negative ones start with this byte. */
export const POSITIVE_RESPONSE_OFFSET = 0x40;
export const NEGATIVE_RESPONSE_SID = 0x7f;

/** NRCs an OBD ECU uses (ISO 15031-5 reuses the ISO 14229-1 Annex A values; 0x12 there reads subFunctionNotSupported-invalidFormat). */
export const ObdNrc = {
	generalReject: 0x10,
	serviceNotSupported: 0x11,
	subFunctionNotSupportedInvalidFormat: 0x12,
	incorrectMessageLength: 0x13,
	busyRepeatRequest: 0x21,
	conditionsNotCorrect: 0x22,
	requestOutOfRange: 0x31,
	responsePending: 0x78
} as const;

/**
 * ISO 15765-4 lets one CAN request ask for up to six service-01 PIDs; the ECU answers the supported
 * subset in one message.
 */
export const MAX_PIDS_PER_REQUEST = 6;

export function encodeCurrentDataRequest(...pids: number[]): Uint8Array {
	if (pids.length < 1 || pids.length > MAX_PIDS_PER_REQUEST) {
		throw new ObdFormatError(`service 01 takes 1–${MAX_PIDS_PER_REQUEST} PIDs, got ${pids.length}`);
	}
	return Uint8Array.of(ObdService.currentData, ...pids.map((pid) => checkByte(pid, 'PID')));
}

/** Service 02 asks for (PID, frame number) pairs; frame 0 is the one every ECU must keep. */
export function encodeFreezeFrameRequest(pid: number, frame = 0): Uint8Array {
	return Uint8Array.of(
		ObdService.freezeFrameData,
		checkByte(pid, 'PID'),
		checkByte(frame, 'frame number')
	);
}

export function encodeStoredDtcsRequest(): Uint8Array {
	return Uint8Array.of(ObdService.storedDtcs);
}

export function encodeClearDtcsRequest(): Uint8Array {
	return Uint8Array.of(ObdService.clearDtcs);
}

export function encodePendingDtcsRequest(): Uint8Array {
	return Uint8Array.of(ObdService.pendingDtcs);
}

export function encodePermanentDtcsRequest(): Uint8Array {
	return Uint8Array.of(ObdService.permanentDtcs);
}

export function encodeVehicleInfoRequest(infoType: number): Uint8Array {
	return Uint8Array.of(ObdService.vehicleInformation, checkByte(infoType, 'InfoType'));
}

function checkByte(value: number, what: string): number {
	if (!Number.isInteger(value) || value < 0 || value > 0xff) {
		throw new ObdFormatError(`${what} must be a byte 0x00–0xFF, got ${value}`);
	}
	return value;
}
