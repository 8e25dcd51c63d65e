import { describe, expect, it } from 'vitest';
import { AdapterDisconnectedError, AdapterError, AdapterTimeoutError } from '../errors';
import { toUsbAdapterError, usbTransferError, type UsbDriverNames } from './usb-driver-errors';

const NAMES: UsbDriverNames = { kind: 'gs_usb', label: 'gs_usb', device: 'gs_usb device' };

describe('toUsbAdapterError', () => {
	it('keeps an AdapterError as it is', () => {
		const timeout = new AdapterTimeoutError('MODE request got no answer in 1000 ms', 'gs_usb');
		expect(toUsbAdapterError(timeout, 'open failed', NAMES)).toBe(timeout);
	});

	it('names every WebUSB "device gone" exception a disconnect', () => {
		for (const name of ['NotFoundError', 'NetworkError', 'InvalidStateError']) {
			const cause = new DOMException('gone', name);
			const error = toUsbAdapterError(cause, 'open failed', NAMES);
			expect(error).toBeInstanceOf(AdapterDisconnectedError);
			expect(error).toMatchObject({
				message: 'gs_usb device disconnected (open failed)',
				adapter: 'gs_usb',
				cause
			});
		}
	});

	it('wraps anything else with its message', () => {
		const error = toUsbAdapterError(new TypeError('bad length'), 'open failed', NAMES);
		expect(error).not.toBeInstanceOf(AdapterDisconnectedError);
		expect(error).toBeInstanceOf(AdapterError);
		expect(error.message).toBe('gs_usb open failed: bad length');
		expect(toUsbAdapterError('weird', 'open failed', NAMES).message).toBe(
			'gs_usb open failed: weird'
		);
	});
});

describe('usbTransferError', () => {
	it('says during which transfer the device went away', () => {
		const cause = new DOMException('The device was disconnected.', 'NotFoundError');
		const error = usbTransferError(cause, 'bulk OUT', NAMES);
		expect(error).toBeInstanceOf(AdapterDisconnectedError);
		expect(error).toMatchObject({ message: 'gs_usb device disconnected during bulk OUT', cause });
	});

	it('reports any other failure of the transfer', () => {
		const error = usbTransferError(new Error('LIBUSB_ERROR_IO'), 'bulk OUT', NAMES);
		expect(error.message).toBe('gs_usb bulk OUT failed: LIBUSB_ERROR_IO');
	});
});
