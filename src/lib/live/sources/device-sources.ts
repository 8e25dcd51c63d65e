import {
	Elm327Adapter,
	GsUsbAdapter,
	OpenPort2CanAdapter,
	PandaAdapter,
	TunerStudioAdapter,
	SlcanAdapter,
	type SerialPortLike,
	type SlcanDialect,
	type UsbDeviceLike
} from '../../hardware';
import { CanSource } from './can-source';
import type { LiveSource } from './live-source';
import { ObdPollSource } from './obd-poll-source';
import { SerialSource } from './serial-source';
import { TunerStudioSource } from './tunerstudio-source';
import { parseIni } from '../../tune/ini';

/**
 * Live sources over a real device the user picked on the Connect page (WebUSB or WebSerial). Real adapters on a
 * customer's car start listen-only: a tool that sniffs must never put a frame on a bus it was not asked to.
 */
export type UsbFamily = 'gs_usb' | 'panda' | 'openport';
export type SerialFamily = 'slcan' | 'elm327' | 'tunerstudio';

export interface DeviceSourceOptions {
	/** CAN bit rate, bit/s. @default 500000 */
	bitrate?: number;
	/** Allow transmit (protective commands); off by default. */
	transmit?: boolean;
	/** SLCAN dialect. @default 'lawicel' */
	dialect?: SlcanDialect;
	/** Serial line rate for USB-serial adapters. @default per family */
	baudRate?: number;
	/** TunerStudio ECUs: the ECU definition (.ini) text for its firmware, as TunerStudio itself needs. */
	iniText?: string;
	/** ELM327: service-01 PIDs to poll. @default DEFAULT_OBD_PIDS */
	pids?: number[];
}

export function usbSource(
	family: UsbFamily,
	device: UsbDeviceLike,
	options: DeviceSourceOptions = {}
): LiveSource {
	const open = { bitrate: options.bitrate ?? 500_000, listenOnly: !options.transmit };
	const name = device.productName ?? family;
	switch (family) {
		case 'gs_usb':
			// Linux keeps 30 bulk-IN URBs in flight (gs_usb.c; protocols.md §3.3); as many pending transferIn calls
			// keep a 1 kHz bus flowing through a busy event loop or the page→worker relay.
			return new CanSource({
				adapter: new GsUsbAdapter({ device, rxTransfers: 30 }),
				name,
				open
			});
		case 'openport':
			// J2534 has no listen-only mode (J2534-1 defines none), so an OpenPort always acknowledges on the bus; the
			// driver refuses `listenOnly` rather than pretend. Transmit still needs the user's consent here.
			return new CanSource({
				adapter: new OpenPort2CanAdapter({ device }),
				name: device.productName ?? 'Tactrix OpenPort 2.0',
				open: { bitrate: open.bitrate, listenOnly: false },
				transmitAllowed: options.transmit === true
			});
		case 'panda':
			// SILENT by default (listen-only); with transmit allowed, the elm327 safety mode lets OBD/UDS requests out
			// and nothing else (opendbc safety/modes/elm327.h), so the panda itself guards the car.
			return new CanSource({
				adapter: new PandaAdapter({ device, safetyMode: options.transmit ? 'elm327' : 'silent' }),
				name,
				open
			});
	}
	throw new TypeError(`no USB adapter family "${String(family)}"`);
}

export function serialSource(
	family: SerialFamily,
	port: SerialPortLike,
	options: DeviceSourceOptions = {}
): LiveSource {
	const open = { bitrate: options.bitrate ?? 500_000, listenOnly: !options.transmit };
	switch (family) {
		case 'slcan': {
			const dialect = options.dialect ?? 'lawicel';
			const name = `SLCAN (${dialect})`;
			// The baud rate of a USB CDC port is nominal (the device ignores it); FTDI-based CANUSB needs its real rate.
			return new SerialSource({
				kind: 'slcan',
				name,
				port,
				serial: { baudRate: options.baudRate ?? 115_200, bufferSize: 65_536 },
				build: (stream) =>
					new CanSource({ adapter: new SlcanAdapter({ stream, dialect }), name, open })
			});
		}
		case 'elm327': {
			// 38400 baud is the ELM327's power-up rate with pin 6 high and the STN default (protocols.md §1.1).
			const baudRate = options.baudRate ?? 38_400;
			const name = 'ELM327 / STN (OBD-II PIDs)';
			return new SerialSource({
				kind: 'elm327',
				name,
				port,
				serial: { baudRate, bufferSize: 65_536 },
				build: (stream) =>
					new ObdPollSource({
						adapter: new Elm327Adapter({ stream }),
						name,
						baudRate,
						pids: options.pids
					})
			});
		}
		case 'tunerstudio': {
			if (!options.iniText)
				throw new TypeError(
					'a TunerStudio ECU needs its definition (.ini): load the one for its firmware first'
				);
			// CarTech works in SI units and its safety profiles are in °C: select the ini's CELSIUS branch (speeduino.ini
			// `#if CELSIUS`), so temperatures arrive as the profile expects and their unit says so.
			const definition = parseIni(options.iniText, { settings: ['CELSIUS'] });
			// Speeduino on a Mega talks through its 16U2 at 115200 (protocols.md §6.1).
			const baudRate = options.baudRate ?? 115_200;
			const name = `TunerStudio ECU (${definition.signature})`;
			return new SerialSource({
				kind: 'tunerstudio',
				name,
				port,
				serial: { baudRate },
				build: (stream) =>
					new TunerStudioSource({
						adapter: new TunerStudioAdapter({ stream, definition }),
						name,
						baudRate
					})
			});
		}
	}
	throw new TypeError(`no serial adapter family "${String(family)}"`);
}
