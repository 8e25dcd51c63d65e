import type { UsbDeviceLike } from '../transport/usb';
import {
	OPENPORT_DEFAULT_ENDPOINTS,
	discoverEndpoints,
	type OpenPortEndpoints
} from './openport2-endpoints';
import { claimInterfaceOrExplain, openConfigured } from './usb-claim';

/**
 * Opens the device, selects configuration 1 if the OS has not, finds the bulk pipes (overrides win) and claims their
 * interface, as j2534.c PassThruOpen does before its first command.
 */
export async function claimOpenPort(
	device: UsbDeviceLike,
	overrides: Partial<OpenPortEndpoints>
): Promise<OpenPortEndpoints> {
	await openConfigured(device);
	const endpoints = {
		...OPENPORT_DEFAULT_ENDPOINTS,
		...discoverEndpoints((device as { configuration?: unknown }).configuration),
		...overrides
	};
	await claimInterfaceOrExplain(device, endpoints.interfaceNumber, {
		message: `could not claim interface ${endpoints.interfaceNumber}: another driver owns the OpenPort (on Windows swap the Tactrix driver for WinUSB, e.g. with Zadig; remove the SD card)`,
		kind: 'openport2'
	});
	return endpoints;
}
