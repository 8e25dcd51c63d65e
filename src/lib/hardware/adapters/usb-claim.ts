import { AdapterRejectedError } from '../errors';
import type { UsbDeviceLike } from '../transport/usb';

/**
 * open() unless already open, then selectConfiguration(1) unless the OS has configured the device
 * (WebUSB may hand over a device in configuration 0). UsbDeviceLike has no `configuration`, so a
 * real USBDevice's is read structurally.
 */
export async function openConfigured(device: UsbDeviceLike): Promise<void> {
	if (!device.opened) await device.open();
	const { configuration } = device as { configuration?: unknown };
	if (configuration === undefined || configuration === null) await device.selectConfiguration(1);
}

/**
 * claimInterface(), where a NetworkError (WebUSB: the platform could not get exclusive control)
 * means another driver or program holds the interface: that becomes AdapterRejectedError with
 * `busy`, which tells the user what to do about it.
 */
export async function claimInterfaceOrExplain(
	device: UsbDeviceLike,
	interfaceNumber: number,
	busy: { message: string; kind: string }
): Promise<void> {
	try {
		await device.claimInterface(interfaceNumber);
	} catch (err) {
		if ((err as { name?: string })?.name !== 'NetworkError') throw err;
		throw new AdapterRejectedError(busy.message, busy.kind, { cause: err });
	}
}
