import { AdapterRejectedError } from '../../errors';

/**
 * SAE J2534-1 (v04.04) return values, indexed by number (j2534.h enum j2534_error), with the meaning the standard
 * gives each. The OpenPort reports them as `are <n>` (j2534.c usb_send_expect parses the decimal after "are").
 */
export const J2534_ERRORS = [
	['STATUS_NOERROR', 'function call successful'],
	['ERR_NOT_SUPPORTED', 'the device cannot support the requested functionality'],
	['ERR_INVALID_CHANNEL_ID', 'invalid ChannelID value'],
	['ERR_INVALID_PROTOCOL_ID', 'invalid or unsupported ProtocolID, or a resource conflict'],
	['ERR_NULL_PARAMETER', 'NULL pointer supplied where a valid pointer is required'],
	['ERR_INVALID_IOCTL_VALUE', 'invalid value for an IOCTL parameter'],
	['ERR_INVALID_FLAGS', 'invalid flag values'],
	['ERR_FAILED', 'undefined error'],
	['ERR_DEVICE_NOT_CONNECTED', 'unable to communicate with the device'],
	['ERR_TIMEOUT', 'read or write timeout'],
	['ERR_INVALID_MSG', 'invalid message structure'],
	['ERR_INVALID_TIME_INTERVAL', 'invalid TimeInterval value'],
	['ERR_EXCEEDED_LIMIT', 'exceeded the maximum number of message ids or allocated space'],
	['ERR_INVALID_MSG_ID', 'invalid MsgID value'],
	['ERR_DEVICE_IN_USE', 'the device is already open'],
	['ERR_INVALID_IOCTL_ID', 'invalid IoctlID value'],
	['ERR_BUFFER_EMPTY', 'protocol message buffer empty'],
	['ERR_BUFFER_FULL', 'protocol message buffer full'],
	['ERR_BUFFER_OVERFLOW', 'protocol message buffer overflow, messages lost'],
	['ERR_PIN_INVALID', 'invalid pin number, or pin already in use'],
	['ERR_CHANNEL_IN_USE', 'the channel is already connected'],
	['ERR_MSG_PROTOCOL_ID', 'the message protocol does not match the channel protocol'],
	['ERR_INVALID_FILTER_ID', 'invalid filter id'],
	['ERR_NO_FLOW_CONTROL', 'no flow control filter set or matched (ISO 15765)'],
	['ERR_NOT_UNIQUE', 'a CAN id matches an existing flow control filter'],
	['ERR_INVALID_BAUDRATE', 'the baud rate cannot be achieved within tolerance'],
	['ERR_INVALID_DEVICE_ID', 'invalid DeviceID value']
] as const;

export type J2534ErrorName = (typeof J2534_ERRORS)[number][0];

/** Error numbers by name without the `ERR_` prefix, e.g. `J2534ErrorCode.NO_FLOW_CONTROL === 23`. */
export const J2534ErrorCode = {
	NOT_SUPPORTED: 1,
	INVALID_CHANNEL_ID: 2,
	INVALID_PROTOCOL_ID: 3,
	NULL_PARAMETER: 4,
	INVALID_IOCTL_VALUE: 5,
	INVALID_FLAGS: 6,
	FAILED: 7,
	DEVICE_NOT_CONNECTED: 8,
	TIMEOUT: 9,
	INVALID_MSG: 10,
	INVALID_TIME_INTERVAL: 11,
	EXCEEDED_LIMIT: 12,
	INVALID_MSG_ID: 13,
	DEVICE_IN_USE: 14,
	INVALID_IOCTL_ID: 15,
	BUFFER_EMPTY: 16,
	BUFFER_FULL: 17,
	BUFFER_OVERFLOW: 18,
	PIN_INVALID: 19,
	CHANNEL_IN_USE: 20,
	MSG_PROTOCOL_ID: 21,
	INVALID_FILTER_ID: 22,
	NO_FLOW_CONTROL: 23,
	NOT_UNIQUE: 24,
	INVALID_BAUDRATE: 25,
	INVALID_DEVICE_ID: 26
} as const;

/** The J2534 name of an error number; numbers outside the table read `ERR_UNKNOWN_<n>`. */
export function j2534ErrorName(code: number): J2534ErrorName | `ERR_UNKNOWN_${number}` {
	return J2534_ERRORS[code]?.[0] ?? `ERR_UNKNOWN_${code}`;
}

/**
 * The device (or, for checks J2534 puts in the API such as periodic-message limits, the driver) refused a request
 * with a J2534 error number. `code` is the number, `codeName` its J2534-1 name, `request` what was asked.
 */
export class J2534Error extends AdapterRejectedError {
	override name = 'J2534Error';
	readonly code: number;
	readonly codeName: string;
	readonly request: string;

	constructor(code: number, request: string, options?: { cause?: unknown; adapter?: string }) {
		const codeName = j2534ErrorName(code);
		const meaning = J2534_ERRORS[code]?.[1] ?? 'not a J2534-1 error number';
		super(
			`${request} refused: ${codeName} (${code}): ${meaning}`,
			options?.adapter ?? 'openport2',
			{
				cause: options?.cause
			}
		);
		this.code = code;
		this.codeName = codeName;
		this.request = request;
	}
}
