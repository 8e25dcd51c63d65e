/**
 * Negative response codes, ISO 14229-1:2020 Annex A.1 (names as in python-udsoncan ResponseCode.py, camelCased).
 * A negative response is `7F <request SID> <NRC>` (ISO 14229-1; protocols.md §7.3).
 */
export const NRC_NAMES = {
	0x10: 'generalReject',
	0x11: 'serviceNotSupported',
	0x12: 'subFunctionNotSupported',
	0x13: 'incorrectMessageLengthOrInvalidFormat',
	0x14: 'responseTooLong',
	0x21: 'busyRepeatRequest',
	0x22: 'conditionsNotCorrect',
	0x24: 'requestSequenceError',
	0x25: 'noResponseFromSubnetComponent',
	0x26: 'failurePreventsExecutionOfRequestedAction',
	0x31: 'requestOutOfRange',
	0x33: 'securityAccessDenied',
	0x34: 'authenticationRequired',
	0x35: 'invalidKey',
	0x36: 'exceededNumberOfAttempts',
	0x37: 'requiredTimeDelayNotExpired',
	0x38: 'secureDataTransmissionRequired',
	0x39: 'secureDataTransmissionNotAllowed',
	0x3a: 'secureDataVerificationFailed',
	0x50: 'certificateVerificationFailedInvalidTimePeriod',
	0x51: 'certificateVerificationFailedInvalidSignature',
	0x52: 'certificateVerificationFailedInvalidChainOfTrust',
	0x53: 'certificateVerificationFailedInvalidType',
	0x54: 'certificateVerificationFailedInvalidFormat',
	0x55: 'certificateVerificationFailedInvalidContent',
	0x56: 'certificateVerificationFailedInvalidScope',
	0x57: 'certificateVerificationFailedInvalidCertificate',
	0x58: 'ownershipVerificationFailed',
	0x59: 'challengeCalculationFailed',
	0x5a: 'settingAccessRightsFailed',
	0x5b: 'sessionKeyCreationDerivationFailed',
	0x5c: 'configurationDataUsageFailed',
	0x5d: 'deAuthenticationFailed',
	0x70: 'uploadDownloadNotAccepted',
	0x71: 'transferDataSuspended',
	0x72: 'generalProgrammingFailure',
	0x73: 'wrongBlockSequenceCounter',
	0x78: 'requestCorrectlyReceivedResponsePending',
	0x7e: 'subFunctionNotSupportedInActiveSession',
	0x7f: 'serviceNotSupportedInActiveSession',
	0x81: 'rpmTooHigh',
	0x82: 'rpmTooLow',
	0x83: 'engineIsRunning',
	0x84: 'engineIsNotRunning',
	0x85: 'engineRunTimeTooLow',
	0x86: 'temperatureTooHigh',
	0x87: 'temperatureTooLow',
	0x88: 'vehicleSpeedTooHigh',
	0x89: 'vehicleSpeedTooLow',
	0x8a: 'throttlePedalTooHigh',
	0x8b: 'throttlePedalTooLow',
	0x8c: 'transmissionRangeNotInNeutral',
	0x8d: 'transmissionRangeNotInGear',
	0x8f: 'brakeSwitchNotClosed',
	0x90: 'shifterLeverNotInPark',
	0x91: 'torqueConverterClutchLocked',
	0x92: 'voltageTooHigh',
	0x93: 'voltageTooLow',
	0x94: 'resourceTemporarilyNotAvailable'
} as const;

export type NrcCode = keyof typeof NRC_NAMES;
export type NrcName = (typeof NRC_NAMES)[NrcCode];

/** Name → code, derived from {@link NRC_NAMES} so the two can never disagree. */
export const Nrc = Object.fromEntries(
	Object.entries(NRC_NAMES).map(([code, name]) => [name, Number(code)])
) as { readonly [K in NrcCode as (typeof NRC_NAMES)[K]]: K };

/** Codes outside the table (0x15–0x20, 0x95–0xEF ISO reserved, 0xF0–0xFE manufacturer-specific) keep their hex. */
export function nrcName(code: number): string {
	const name = (NRC_NAMES as Record<number, string>)[code];
	if (name !== undefined) return name;
	const hex = `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
	return code >= 0xf0 && code <= 0xfe ? `manufacturerSpecific(${hex})` : `unknown(${hex})`;
}
