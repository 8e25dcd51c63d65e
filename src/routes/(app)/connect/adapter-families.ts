/** The Connect page's list. `ready` families have a driver in this build; the rest are listed so users see the roadmap. */
export interface AdapterFamily {
	id: string;
	name: string;
	transport: 'WebUSB' | 'WebSerial' | 'built-in';
	ready: boolean;
	note: string;
}

export const ADAPTER_FAMILIES: readonly AdapterFamily[] = [
	{
		id: 'simulated',
		name: 'Simulated car',
		transport: 'built-in',
		ready: true,
		note: 'A turbo petrol engine model behind a byte-exact candleLight/gs_usb emulator. No hardware needed.'
	},
	{
		id: 'gs_usb',
		name: 'candleLight / gs_usb (CANable, CANtact, USB2CAN)',
		transport: 'WebUSB',
		ready: true,
		note: 'Listen-only at 500 kbit/s. On Linux, unbind the gs_usb kernel driver first (see README).'
	},
	{
		id: 'elm327',
		name: 'ELM327 / STN (OBDLink)',
		transport: 'WebSerial',
		ready: false,
		note: 'Not yet supported.'
	},
	{
		id: 'slcan',
		name: 'SLCAN (Lawicel, CANable slcan)',
		transport: 'WebSerial',
		ready: false,
		note: 'Not yet supported.'
	},
	{
		id: 'openport',
		name: 'Tactrix OpenPort 2.0 (J2534)',
		transport: 'WebUSB',
		ready: false,
		note: 'Not yet supported.'
	},
	{
		id: 'panda',
		name: 'comma.ai panda',
		transport: 'WebUSB',
		ready: false,
		note: 'Not yet supported.'
	},
	{
		id: 'tunerstudio',
		name: 'Speeduino / rusEFI (TunerStudio protocol)',
		transport: 'WebSerial',
		ready: false,
		note: 'Not yet supported.'
	}
];
