import { PANDA_USB_FILTERS } from '../protocol/panda/requests';
import type { UsbDeviceLike } from './usb';

/**
 * The browser side of gs_usb discovery. TypeScript's DOM lib has no WebUSB types, so `UsbLike` is
 * the slice of `navigator.usb` we use; the real object and the e2e fake both satisfy it.
 */
export interface UsbDeviceFilterLike {
	vendorId?: number;
	productId?: number;
}

export interface UsbConnectionEventLike {
	device: unknown;
}

export interface UsbLike {
	requestDevice(options: { filters: UsbDeviceFilterLike[] }): Promise<UsbDeviceLike>;
	getDevices(): Promise<UsbDeviceLike[]>;
	addEventListener(type: 'disconnect', listener: (event: UsbConnectionEventLike) => void): void;
	removeEventListener(type: 'disconnect', listener: (event: UsbConnectionEventLike) => void): void;
}

/** VID/PID pairs the Linux gs_usb driver binds (gs_usb.c gs_usb_table; protocols.md §3.1). */
export const GS_USB_FILTERS = [
	{ vendorId: 0x1d50, productId: 0x606f },
	{ vendorId: 0x1209, productId: 0x2323 },
	{ vendorId: 0x1cd2, productId: 0x606f },
	{ vendorId: 0x16d0, productId: 0x10b8 }
] as const satisfies readonly UsbDeviceFilterLike[];

/** USB identities per WebUSB adapter family (protocols.md §3.1, §4, §5). */
export const USB_FILTERS = {
	gs_usb: GS_USB_FILTERS,
	panda: PANDA_USB_FILTERS,
	// Tactrix OpenPort 2.0: an FTDI vendor id on a vendor-class interface, not an FTDI UART.
	openport: [{ vendorId: 0x0403, productId: 0xcc4d }]
} satisfies Record<string, readonly UsbDeviceFilterLike[]>;

export type UsbFilterFamily = keyof typeof USB_FILTERS;

/**
 * Shows the browser's device chooser for one family's filters (page only, inside a user gesture). Returns null
 * when the user dismisses it, which Chrome reports as a NotFoundError.
 */
export async function requestUsbDevice(
	usb: UsbLike,
	filters: readonly UsbDeviceFilterLike[]
): Promise<UsbDeviceLike | null> {
	try {
		return await usb.requestDevice({ filters: filters.map((f) => ({ ...f })) });
	} catch (err) {
		if ((err as { name?: string } | null)?.name === 'NotFoundError') return null;
		throw err;
	}
}

/** A device this origin was already granted with exactly this identity (works in a worker). */
export async function findGrantedUsbDevice(
	usb: UsbLike,
	match: { vendorId: number; productId: number; serialNumber?: string }
): Promise<UsbDeviceLike | null> {
	const devices = (await usb.getDevices()).filter(
		(d) =>
			d.vendorId === match.vendorId &&
			d.productId === match.productId &&
			(match.serialNumber === undefined || d.serialNumber === match.serialNumber)
	);
	return devices.length === 1 ? devices[0] : null;
}

/** Calls `callback` once when `device` goes away; returns an unsubscribe function. */
export function onUsbDisconnect(
	usb: UsbLike,
	device: UsbDeviceLike,
	callback: () => void
): () => void {
	const listener = (event: UsbConnectionEventLike) => {
		if (event.device !== device) return;
		usb.removeEventListener('disconnect', listener);
		callback();
	};
	usb.addEventListener('disconnect', listener);
	return () => usb.removeEventListener('disconnect', listener);
}
