import { AdapterRejectedError } from '../../errors';
import { TS_ADAPTER } from './errors';

/**
 * First payload byte of every response (protocols.md §6.1; speeduino comms.cpp SERIAL_RC_*, rusEFI
 * tunerstudio_io.h TS_RESPONSE_*). Codes below 0x80 mean success.
 */
export const TS_RETURN_CODES = {
	0x00: 'ok',
	0x01: 'realtime',
	0x02: 'page',
	0x04: 'burnOk',
	/** rusEFI. */
	0x07: 'commandOk',
	/** The ECU gave up waiting for the rest of the request (Speeduino: 400 ms). */
	0x80: 'timeout',
	/** The request's CRC did not match; the ECU flushed its input. */
	0x82: 'crcError',
	0x83: 'unknownCommand',
	/** Page, offset or length outside what the ECU has; TunerStudio does not retry. */
	0x84: 'rangeError',
	/** Try again shortly; TunerStudio waits and retries. */
	0x85: 'busy',
	/** rusEFI. */
	0x86: 'flashLocked',
	/** rusEFI. */
	0x87: 'sequenceFailure',
	/** rusEFI. */
	0x8d: 'framingError'
} as const;

export type TsReturnCodeName = (typeof TS_RETURN_CODES)[keyof typeof TS_RETURN_CODES];

export const RC_OK = 0x00;
export const RC_BURN_OK = 0x04;
export const RC_TIMEOUT = 0x80;
export const RC_CRC_ERROR = 0x82;
export const RC_UNKNOWN_COMMAND = 0x83;
export const RC_RANGE_ERROR = 0x84;
export const RC_BUSY = 0x85;

export function isErrorReturnCode(code: number): boolean {
	return code >= 0x80;
}

export function returnCodeName(code: number): TsReturnCodeName | 'unknown' {
	return (TS_RETURN_CODES as Record<number, TsReturnCodeName>)[code] ?? 'unknown';
}

/** The ECU answered a request with an error return code. `command` is the request's command byte. */
export class EcuReturnCodeError extends AdapterRejectedError {
	override name = 'EcuReturnCodeError';
	readonly returnCode: number;
	readonly returnCodeName: TsReturnCodeName | 'unknown';
	readonly command: number;

	constructor(returnCode: number, command: number, options?: { cause?: unknown; detail?: string }) {
		const name = returnCodeName(returnCode);
		super(
			`ECU answered '${String.fromCharCode(command)}' with ${name} (0x${returnCode.toString(16)})` +
				(options?.detail ? `: ${options.detail}` : ''),
			TS_ADAPTER,
			options
		);
		this.returnCode = returnCode;
		this.returnCodeName = name;
		this.command = command;
	}
}

export class EcuRxTimeoutError extends EcuReturnCodeError {
	override name = 'EcuRxTimeoutError';
}
export class EcuCrcError extends EcuReturnCodeError {
	override name = 'EcuCrcError';
}
export class EcuUnknownCommandError extends EcuReturnCodeError {
	override name = 'EcuUnknownCommandError';
}
export class EcuRangeError extends EcuReturnCodeError {
	override name = 'EcuRangeError';
}
export class EcuBusyError extends EcuReturnCodeError {
	override name = 'EcuBusyError';
}
export class EcuFlashLockedError extends EcuReturnCodeError {
	override name = 'EcuFlashLockedError';
}
export class EcuSequenceError extends EcuReturnCodeError {
	override name = 'EcuSequenceError';
}
export class EcuFramingError extends EcuReturnCodeError {
	override name = 'EcuFramingError';
}

const ERROR_CLASSES: Record<number, typeof EcuReturnCodeError> = {
	0x80: EcuRxTimeoutError,
	0x82: EcuCrcError,
	0x83: EcuUnknownCommandError,
	0x84: EcuRangeError,
	0x85: EcuBusyError,
	0x86: EcuFlashLockedError,
	0x87: EcuSequenceError,
	0x8d: EcuFramingError
};

/** The typed error for an error return code (an unlisted one gets the base class). */
export function returnCodeError(
	returnCode: number,
	command: number,
	options?: { cause?: unknown; detail?: string }
): EcuReturnCodeError {
	const Class = ERROR_CLASSES[returnCode] ?? EcuReturnCodeError;
	return new Class(returnCode, command, options);
}
