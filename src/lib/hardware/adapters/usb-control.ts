import { AdapterRejectedError, AdapterTimeoutError } from '../errors';
import type { UsbTransferStatus } from '../transport/usb';

export interface UsbControlCall {
	/** The request as the protocol names it: 'BT_CONST', 'get_version', … */
	name: string;
	timeoutMs: number;
	/** AdapterError.adapter. */
	kind: string;
}

/**
 * Awaits a controlTransferIn/Out that must end 'ok'. WebUSB has no control-transfer timeout (Linux
 * usb_control_msg and libusb take one), so the transfer races `timeoutMs` and loses with
 * AdapterTimeoutError; a stall or babble is AdapterRejectedError. A rejection passes through as is.
 */
export async function controlTransferOk<R extends { status: UsbTransferStatus }>(
	transfer: Promise<R>,
	call: UsbControlCall
): Promise<R> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() =>
				reject(
					new AdapterTimeoutError(
						`${call.name} request got no answer in ${call.timeoutMs} ms`,
						call.kind
					)
				),
			call.timeoutMs
		);
	});
	const result = await Promise.race([transfer, timeout]).finally(() => clearTimeout(timer));
	if (result.status !== 'ok') {
		throw new AdapterRejectedError(`${call.name} request ended with ${result.status}`, call.kind);
	}
	return result;
}
