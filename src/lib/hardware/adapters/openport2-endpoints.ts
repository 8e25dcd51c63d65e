/**
 * Where the OpenPort's bulk pipes are. j2534.c (open_dev_endpoints) takes them from the configuration descriptor:
 * the interface whose alternate setting has exactly two endpoints, one bulk IN and one bulk OUT. Its README says
 * to remove the SD card first, because the card adds a mass-storage interface that also has two bulk endpoints
 * and would be picked instead; discovery here prefers the vendor-class interface and skips mass storage.
 *
 * UsbDeviceLike has no descriptors, so a real `USBDevice.configuration` is read structurally when present, and
 * explicit options override it. The fallback numbers are not in j2534.c (it never hard-codes them); interface 0
 * with bulk IN 1 (0x81) and OUT 2 (0x02) is our assumption **(unverified)** for a card-less device.
 */
export interface OpenPortEndpoints {
	interfaceNumber: number;
	/** Endpoint number of bulk IN (without the 0x80 direction bit). */
	inEndpoint: number;
	/** Endpoint number of bulk OUT. */
	outEndpoint: number;
}

export const OPENPORT_DEFAULT_ENDPOINTS: Readonly<OpenPortEndpoints> = {
	interfaceNumber: 0,
	inEndpoint: 1,
	outEndpoint: 2
};

/** The slice of WebUSB's USBConfiguration discovery reads. */
interface ConfigurationShape {
	interfaces?: readonly {
		interfaceNumber: number;
		alternate?: {
			interfaceClass?: number;
			endpoints?: readonly { endpointNumber: number; direction: string; type: string }[];
		};
	}[];
}

const VENDOR_CLASS = 0xff;
const MASS_STORAGE_CLASS = 0x08;

/** The bulk pair from a WebUSB configuration, or undefined when none fits (or there is no configuration). */
export function discoverEndpoints(configuration: unknown): OpenPortEndpoints | undefined {
	const interfaces = (configuration as ConfigurationShape | null | undefined)?.interfaces;
	if (!Array.isArray(interfaces)) return undefined;
	const candidates: (OpenPortEndpoints & { vendor: boolean })[] = [];
	for (const iface of interfaces as NonNullable<ConfigurationShape['interfaces']>) {
		const alt = iface.alternate;
		const endpoints = alt?.endpoints ?? [];
		if (alt?.interfaceClass === MASS_STORAGE_CLASS || endpoints.length !== 2) continue;
		const bulkIn = endpoints.find((e) => e.type === 'bulk' && e.direction === 'in');
		const bulkOut = endpoints.find((e) => e.type === 'bulk' && e.direction === 'out');
		if (!bulkIn || !bulkOut) continue;
		candidates.push({
			interfaceNumber: iface.interfaceNumber,
			inEndpoint: bulkIn.endpointNumber,
			outEndpoint: bulkOut.endpointNumber,
			vendor: alt?.interfaceClass === VENDOR_CLASS
		});
	}
	const best = candidates.find((c) => c.vendor) ?? candidates[0];
	if (!best) return undefined;
	return {
		interfaceNumber: best.interfaceNumber,
		inEndpoint: best.inEndpoint,
		outEndpoint: best.outEndpoint
	};
}
