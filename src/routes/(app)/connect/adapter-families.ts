/** The Connect page's list. `ready` families have a driver in this build; the rest are listed so users see the roadmap. */
export type FamilyOption = 'bitrate' | 'dialect' | 'transmit' | 'baud' | 'ini';

export interface AdapterFamily {
	id: 'simulated' | 'gs_usb' | 'elm327' | 'slcan' | 'openport' | 'panda' | 'tunerstudio';
	name: string;
	transport: 'WebUSB' | 'WebSerial' | 'built-in';
	ready: boolean;
	note: string;
	options: readonly FamilyOption[];
}

export const CAN_BITRATES = [125_000, 250_000, 500_000, 1_000_000] as const;
export const SERIAL_BAUDS = [9_600, 38_400, 57_600, 115_200, 230_400, 500_000] as const;
/** Power-up rates: ELM327/STN 38400 (pin 6 high), Speeduino's Mega 16U2 bridge 115200. */
export const DEFAULT_BAUD: Partial<Record<AdapterFamily['id'], number>> = {
	elm327: 38_400,
	tunerstudio: 115_200
};

export const ADAPTER_FAMILIES: readonly AdapterFamily[] = [
	{
		id: 'simulated',
		name: 'Simulated car',
		transport: 'built-in',
		ready: true,
		note: 'A turbo petrol engine model behind a byte-exact adapter emulator and the real driver. No hardware needed.',
		options: []
	},
	{
		id: 'gs_usb',
		name: 'candleLight / gs_usb (CANable, CANtact, USB2CAN)',
		transport: 'WebUSB',
		ready: true,
		note: 'Listen-only unless you allow transmit. On Linux, unbind the gs_usb kernel driver first (see README).',
		options: ['bitrate', 'transmit']
	},
	{
		id: 'slcan',
		name: 'SLCAN (Lawicel, CANable slcan, USBtin)',
		transport: 'WebSerial',
		ready: true,
		note: 'Pick the dialect: CANable firmware and Lawicel differ on S7 and M/m. Listen-only unless you allow transmit.',
		options: ['dialect', 'bitrate', 'transmit']
	},
	{
		id: 'elm327',
		name: 'ELM327 / STN (OBDLink)',
		transport: 'WebSerial',
		ready: true,
		note: 'Polls OBD-II PIDs (CAN or K-line, found automatically). Diagnostics reads VIN, DTCs and readiness.',
		options: ['baud']
	},
	{
		id: 'openport',
		name: 'Tactrix OpenPort 2.0 (J2534)',
		transport: 'WebUSB',
		ready: true,
		note: 'J2534 without a DLL. It acknowledges frames (J2534 has no listen-only mode). On Windows, use WinUSB and remove the SD card.',
		options: ['bitrate', 'transmit']
	},
	{
		id: 'panda',
		name: 'comma.ai panda',
		transport: 'WebUSB',
		ready: true,
		note: 'Silent safety mode (listen-only). Allowing transmit selects the elm327 mode: OBD/UDS requests only.',
		options: ['bitrate', 'transmit']
	},
	{
		id: 'tunerstudio',
		name: 'Speeduino / rusEFI (TunerStudio protocol)',
		transport: 'WebSerial',
		ready: true,
		note: 'Load the .ini for the ECU firmware first; its signature must match the ECU.',
		options: ['ini', 'baud']
	}
];

/** Why a family cannot be used in this browser, or null when it can. */
export function unavailableReason(
	family: AdapterFamily,
	has: { usb: boolean; serial: boolean }
): string | null {
	if (family.transport === 'WebUSB' && !has.usb)
		return 'This browser has no WebUSB (Chrome or Edge on desktop have it; Firefox and Safari do not).';
	if (family.transport === 'WebSerial' && !has.serial)
		return 'This browser has no Web Serial (Chrome or Edge on desktop have it; Firefox and Safari do not).';
	return null;
}
