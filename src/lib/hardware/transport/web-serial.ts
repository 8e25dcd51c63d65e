import type { SerialPortInfoLike, SerialPortLike } from './serial';

/**
 * The browser side of serial-port discovery. TypeScript's DOM lib has no WebSerial types, so `SerialLike` is the
 * slice of `navigator.serial` we use; the real object and the e2e fake both satisfy it.
 */
export interface SerialPortFilterLike {
	usbVendorId?: number;
	usbProductId?: number;
}

export interface SerialLike {
	requestPort(options?: { filters?: SerialPortFilterLike[] }): Promise<SerialPortLike>;
	getPorts(): Promise<SerialPortLike[]>;
}

/**
 * USB-serial bridges each family ships with. A filter only pre-selects in Chrome's chooser; cheap ELM327 clones
 * use whatever bridge was in stock, so the chooser also offers "show all" and any port is accepted.
 */
export const SERIAL_FILTERS = {
	// FTDI FT232R (OBDLink SX, most ELM327 USB), FT231X (OBDLink EX), CH340, CP210x, PL2303.
	elm327: [
		{ usbVendorId: 0x0403, usbProductId: 0x6001 },
		{ usbVendorId: 0x0403, usbProductId: 0x6015 },
		{ usbVendorId: 0x1a86, usbProductId: 0x7523 },
		{ usbVendorId: 0x10c4, usbProductId: 0xea60 },
		{ usbVendorId: 0x067b, usbProductId: 0x2303 }
	],
	// CANable slcan firmware (ST VCP), USBtin (Microchip CDC), Lawicel CANUSB (FTDI).
	slcan: [
		{ usbVendorId: 0x16d0, usbProductId: 0x117e },
		{ usbVendorId: 0x0483, usbProductId: 0x5740 },
		{ usbVendorId: 0x04d8, usbProductId: 0x000a },
		{ usbVendorId: 0x0403, usbProductId: 0x6001 }
	],
	// Arduino Mega 2560 (16U2), Teensy (PJRC), STM32 CDC (Speeduino black-pill, rusEFI), CH340 Mega clones.
	tunerstudio: [
		{ usbVendorId: 0x2341, usbProductId: 0x0010 },
		{ usbVendorId: 0x2341, usbProductId: 0x0042 },
		{ usbVendorId: 0x16c0, usbProductId: 0x0483 },
		{ usbVendorId: 0x0483, usbProductId: 0x5740 },
		{ usbVendorId: 0x1a86, usbProductId: 0x7523 }
	]
} as const satisfies Record<string, readonly SerialPortFilterLike[]>;

export type SerialFamily = keyof typeof SERIAL_FILTERS;

/**
 * Shows the browser's port chooser (page only, inside a user gesture). Returns null when the user dismisses it,
 * which Chrome reports as a NotFoundError.
 */
export async function requestSerialPort(
	serial: SerialLike,
	filters: readonly SerialPortFilterLike[]
): Promise<SerialPortLike | null> {
	try {
		return await serial.requestPort({ filters: filters.map((f) => ({ ...f })) });
	} catch (err) {
		if ((err as { name?: string } | null)?.name === 'NotFoundError') return null;
		throw err;
	}
}

/** A port this origin was already granted whose USB identity matches `info` (works in a worker). */
export async function findGrantedSerialPort(
	serial: SerialLike,
	info: SerialPortInfoLike
): Promise<SerialPortLike | null> {
	if (info.usbVendorId === undefined) return null;
	const matches = (await serial.getPorts()).filter((p) => {
		const i = p.getInfo();
		return i.usbVendorId === info.usbVendorId && i.usbProductId === info.usbProductId;
	});
	// Two identical bridges cannot be told apart from the worker; the relay then serves the one the user chose.
	return matches.length === 1 ? matches[0] : null;
}
