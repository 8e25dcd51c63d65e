import { describe, expect, it } from 'vitest';
import {
	GS_USB_FILTERS,
	USB_FILTERS,
	findGrantedUsbDevice,
	onUsbDisconnect,
	requestUsbDevice,
	type UsbConnectionEventLike,
	type UsbLike
} from './web-usb';
import type { UsbDeviceLike } from './usb';

const dev = (vendorId: number, productId: number, serialNumber?: string) =>
	({ vendorId, productId, serialNumber }) as UsbDeviceLike;

function fakeUsb(granted: UsbDeviceLike[], chooser: () => Promise<UsbDeviceLike>) {
	const listeners = new Set<(e: UsbConnectionEventLike) => void>();
	const filtersSeen: unknown[] = [];
	const usb: UsbLike = {
		requestDevice: (options) => {
			filtersSeen.push(options.filters);
			return chooser();
		},
		getDevices: async () => granted,
		addEventListener: (_type, l) => listeners.add(l),
		removeEventListener: (_type, l) => listeners.delete(l)
	};
	const disconnect = (device: unknown) => [...listeners].forEach((l) => l({ device }));
	return { usb, filtersSeen, disconnect, listeners };
}

describe('WebUSB discovery for gs_usb', () => {
	it('offers the chooser exactly the four gs_usb VID/PID pairs', async () => {
		const candle = dev(0x1d50, 0x606f);
		const { usb, filtersSeen } = fakeUsb([], async () => candle);
		expect(await requestUsbDevice(usb, USB_FILTERS.gs_usb)).toBe(candle);
		expect(filtersSeen).toEqual([
			[
				{ vendorId: 0x1d50, productId: 0x606f },
				{ vendorId: 0x1209, productId: 0x2323 },
				{ vendorId: 0x1cd2, productId: 0x606f },
				{ vendorId: 0x16d0, productId: 0x10b8 }
			]
		]);
		expect(GS_USB_FILTERS).toHaveLength(4);
	});

	it('returns null when the user dismisses the chooser', async () => {
		const { usb } = fakeUsb([], () =>
			Promise.reject(new DOMException('No device selected.', 'NotFoundError'))
		);
		expect(await requestUsbDevice(usb, USB_FILTERS.gs_usb)).toBeNull();
	});

	it('passes other chooser failures through', async () => {
		const { usb } = fakeUsb([], () =>
			Promise.reject(new DOMException('no gesture', 'SecurityError'))
		);
		await expect(requestUsbDevice(usb, USB_FILTERS.gs_usb)).rejects.toMatchObject({
			name: 'SecurityError'
		});
	});

	it('finds the granted device with the chosen identity and skips other USB devices', async () => {
		const ftdi = dev(0x0403, 0x6001);
		const a = dev(0x1209, 0x2323, 'A');
		const b = dev(0x1d50, 0x606f, 'B');
		const { usb } = fakeUsb([ftdi, a, b], () => Promise.reject(new Error('unused')));
		expect(await findGrantedUsbDevice(usb, { vendorId: 0x1209, productId: 0x2323 })).toBe(a);
		expect(
			await findGrantedUsbDevice(usb, { vendorId: 0x1d50, productId: 0x606f, serialNumber: 'B' })
		).toBe(b);
		expect(
			await findGrantedUsbDevice(usb, { vendorId: 0x1d50, productId: 0x606f, serialNumber: 'C' })
		).toBeNull();
	});

	it('leaves two identical granted devices to the page’s relay rather than guess', async () => {
		const one = dev(0x1d50, 0x606f);
		const two = dev(0x1d50, 0x606f);
		const { usb } = fakeUsb([one, two], () => Promise.reject(new Error('unused')));
		expect(await findGrantedUsbDevice(usb, { vendorId: 0x1d50, productId: 0x606f })).toBeNull();
	});

	it('calls back once when that device, and only that device, disconnects', () => {
		const mine = dev(0x1d50, 0x606f);
		const { usb, disconnect, listeners } = fakeUsb([mine], () =>
			Promise.reject(new Error('unused'))
		);
		let calls = 0;
		onUsbDisconnect(usb, mine, () => calls++);
		disconnect(dev(0x1d50, 0x606f));
		disconnect(mine);
		disconnect(mine);
		expect(calls).toBe(1);
		expect(listeners.size).toBe(0);
	});
});
