import { AdapterDisconnectedError, AdapterError } from '../errors';
import { isUsbGone } from '../transport/usb';

/** How a WebUSB driver names itself in its errors. */
export interface UsbDriverNames {
	/** AdapterError.adapter, e.g. 'gs_usb'. */
	kind: string;
	/** Leads the message of any other failure: 'gs_usb open failed: …'. */
	label: string;
	/** What went away: 'gs_usb device disconnected during bulk IN'. */
	device: string;
}

/**
 * Any failure as an AdapterError: AdapterErrors pass through, WebUSB's "device gone" DOMExceptions
 * (isUsbGone) become AdapterDisconnectedError, anything else an AdapterError; the original is the
 * `cause`.
 */
export function toUsbAdapterError(err: unknown, what: string, names: UsbDriverNames): AdapterError {
	if (err instanceof AdapterError) return err;
	if (isUsbGone(err)) {
		return new AdapterDisconnectedError(`${names.device} disconnected (${what})`, names.kind, {
			cause: err
		});
	}
	const message = err instanceof Error ? err.message : String(err);
	return new AdapterError(`${names.label} ${what}: ${message}`, names.kind, { cause: err });
}

/** A rejected USB transfer (`what`: 'bulk IN', 'bulk OUT', a request name) as an AdapterError. */
export function usbTransferError(err: unknown, what: string, names: UsbDriverNames): AdapterError {
	if (isUsbGone(err)) {
		return new AdapterDisconnectedError(`${names.device} disconnected during ${what}`, names.kind, {
			cause: err
		});
	}
	return toUsbAdapterError(err, `${what} failed`, names);
}
