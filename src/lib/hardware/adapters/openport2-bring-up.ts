import { AdapterRejectedError } from '../errors';
import type { UsbDeviceLike } from '../transport/usb';
import {
	OPENPORT_DEFAULT_ENDPOINTS,
	discoverEndpoints,
	type OpenPortEndpoints
} from './openport2-endpoints';

/**
 * Opens the device, selects configuration 1 if the OS has not, finds the bulk pipes (overrides win) and claims their
 * interface, as j2534.c PassThruOpen does before its first command.
 */
export async function claimOpenPort(
	device: UsbDeviceLike,
	overrides: Partial<OpenPortEndpoints>
): Promise<OpenPortEndpoints> {
	if (!device.opened) await device.open();
	const configuration = () => (device as { configuration?: unknown }).configuration;
	if (configuration() === undefined || configuration() === null)
		await device.selectConfiguration(1);
	const endpoints = {
		...OPENPORT_DEFAULT_ENDPOINTS,
		...discoverEndpoints(configuration()),
		...overrides
	};
	try {
		await device.claimInterface(endpoints.interfaceNumber);
	} catch (err) {
		if ((err as { name?: string })?.name !== 'NetworkError') throw err;
		throw new AdapterRejectedError(
			`could not claim interface ${endpoints.interfaceNumber}: another driver owns the OpenPort (on Windows swap the Tactrix driver for WinUSB, e.g. with Zadig; remove the SD card)`,
			'openport2',
			{ cause: err }
		);
	}
	return endpoints;
}
