import { AdapterRejectedError, type AdapterError } from '../errors';
import type { UsbDeviceLike, UsbInResult } from '../transport/usb';
import { usbTransferError, type UsbDriverNames } from './usb-driver-errors';

export interface UsbBulkReaderOptions {
	device: UsbDeviceLike;
	endpoint: number;
	/** Bytes asked for per transfer. */
	length: number;
	names: UsbDriverNames;
	/** How a stall names the endpoint. @default 'the bulk IN endpoint' */
	endpointName?: string;
	/** Whether the driver still wants data; checked before each transfer and when it completes. */
	running(): boolean;
	/** A transfer that completed with 'ok' or 'babble' while running. */
	onTransfer(result: UsbInResult): void;
	/**
	 * The stream is dead: the transfer rejected (AdapterDisconnectedError when the device is gone) or
	 * the endpoint stalled (AdapterRejectedError). Called once, while running; the loop has ended.
	 */
	onFailure(error: AdapterError): void;
}

/**
 * One bulk IN read-ahead loop: keeps a transfer outstanding on `endpoint` while the driver runs.
 * Drivers start several (as Linux keeps several URBs submitted) so the device never waits for the
 * host to turn round. A stall ends the stream: recovering would take clearHalt(), which
 * UsbDeviceLike leaves out.
 */
export async function readBulkIn(options: UsbBulkReaderOptions): Promise<void> {
	const { device, endpoint, length, names } = options;
	while (options.running()) {
		let result: UsbInResult;
		try {
			result = await device.transferIn(endpoint, length);
		} catch (err) {
			if (options.running()) options.onFailure(usbTransferError(err, 'bulk IN', names));
			return;
		}
		if (!options.running()) return;
		if (result.status === 'stall') {
			const endpointName = options.endpointName ?? 'the bulk IN endpoint';
			options.onFailure(new AdapterRejectedError(`${endpointName} stalled`, names.kind));
			return;
		}
		options.onTransfer(result);
	}
}
