/**
 * Typed failures of the hardware stack. Every error carries the adapter kind and, where there is one, the
 * underlying `cause` (a DOMException from WebUSB/WebSerial, a Node errno error, …).
 */
export class AdapterError extends Error {
	override name = 'AdapterError';
	constructor(
		message: string,
		readonly adapter: string,
		options?: { cause?: unknown }
	) {
		super(message, options);
	}
}

/** The device went away (unplugged, emulator stopped, port closed underneath us). */
export class AdapterDisconnectedError extends AdapterError {
	override name = 'AdapterDisconnectedError';
}

/** The device answered with bytes that do not fit the protocol (short transfer, bad length, bad field). */
export class MalformedTransferError extends AdapterError {
	override name = 'MalformedTransferError';
}

/** The device did not answer in time. */
export class AdapterTimeoutError extends AdapterError {
	override name = 'AdapterTimeoutError';
}

/** The adapter cannot take more work now (all TX slots in flight, a command already running). */
export class AdapterBusyError extends AdapterError {
	override name = 'AdapterBusyError';
}

/** The device refused a request (USB stall, unsupported feature or bit rate). */
export class AdapterRejectedError extends AdapterError {
	override name = 'AdapterRejectedError';
}
