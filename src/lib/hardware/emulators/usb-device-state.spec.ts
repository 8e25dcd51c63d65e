import { describe, expect, it, vi } from 'vitest';
import type { UsbControlSetup } from '../transport/usb';
import { UsbDeviceState, copyTransferBytes } from './usb-device-state';

function device(hooks: { onOpen?: () => void; onEnd?: () => void } = {}) {
	return new UsbDeviceState({
		configuration: { configurationValue: 1 },
		interfaces: [0, 1],
		endpoints: [
			{ endpointNumber: 1, direction: 'in', interfaceNumber: 0 },
			{ endpointNumber: 2, direction: 'out', interfaceNumber: 0 },
			{ endpointNumber: 3, direction: 'in', interfaceNumber: 1 }
		],
		...hooks
	});
}

function claimed(hooks: { onOpen?: () => void; onEnd?: () => void } = {}) {
	const usb = device(hooks);
	usb.open();
	usb.selectConfiguration(1);
	usb.claimInterface(0);
	return usb;
}

const vendor = (recipient: UsbControlSetup['recipient'], index: number): UsbControlSetup => ({
	requestType: 'vendor',
	recipient,
	request: 1,
	value: 0,
	index
});

const named = (name: string, message?: string) =>
	message === undefined
		? expect.objectContaining({ name })
		: expect.objectContaining({ name, message });

describe('UsbDeviceState', () => {
	it('needs open() before anything else: InvalidStateError', () => {
		const usb = device();
		expect(usb.opened).toBe(false);
		expect(() => usb.selectConfiguration(1)).toThrow(
			named('InvalidStateError', 'The device must be opened first.')
		);
		expect(() => usb.claimInterface(0)).toThrow(named('InvalidStateError'));
		expect(() => usb.releaseInterface(0)).toThrow(named('InvalidStateError'));
		expect(() => usb.assertControl(vendor('device', 0))).toThrow(named('InvalidStateError'));
		expect(() => usb.assertEndpoint('out', 2)).toThrow(named('InvalidStateError'));
	});

	it('has no configuration until selectConfiguration, and only the one it describes', () => {
		const usb = device();
		usb.open();
		expect(usb.configuration).toBeNull();
		expect(() => usb.selectConfiguration(2)).toThrow(named('NotFoundError', 'No configuration 2.'));
		expect(usb.configuration).toBeNull();
		usb.selectConfiguration(1);
		expect(usb.configuration).toEqual({ configurationValue: 1 });
	});

	it('claims only interfaces of the selected configuration', () => {
		const usb = device();
		usb.open();
		expect(() => usb.claimInterface(0)).toThrow(
			named('InvalidStateError', 'No configuration selected.')
		);
		usb.selectConfiguration(1);
		expect(() => usb.claimInterface(2)).toThrow(named('NotFoundError', 'No interface 2.'));
		usb.claimInterface(1);
		expect(() => usb.assertEndpoint('in', 3)).not.toThrow();
	});

	it('lets an interface-recipient request through only with the interface in wIndex’s low byte claimed', () => {
		const usb = device();
		usb.open();
		usb.selectConfiguration(1);
		expect(() => usb.assertControl(vendor('device', 0))).not.toThrow();
		expect(() => usb.assertControl(vendor('interface', 0))).toThrow(
			named('InvalidStateError', 'The interface is not claimed.')
		);
		usb.claimInterface(0);
		expect(() => usb.assertControl(vendor('interface', 0x0100))).not.toThrow();
		expect(() => usb.assertControl(vendor('interface', 1))).toThrow(named('InvalidStateError'));
	});

	it('finds an endpoint only by number and direction on a claimed interface', () => {
		const usb = claimed();
		expect(() => usb.assertEndpoint('in', 1)).not.toThrow();
		expect(() => usb.assertEndpoint('out', 2)).not.toThrow();
		expect(() => usb.assertEndpoint('out', 1)).toThrow(
			named('NotFoundError', 'Endpoint 1 is not part of a claimed interface.')
		);
		expect(() => usb.assertEndpoint('in', 5)).toThrow(named('NotFoundError'));
		// Endpoint 3 exists, but its interface 1 is not claimed.
		expect(() => usb.assertEndpoint('in', 3)).toThrow(named('NotFoundError'));
		usb.releaseInterface(0);
		expect(() => usb.assertEndpoint('in', 1)).toThrow(named('NotFoundError'));
	});

	it('queues IN transfers in order and lets the device serve each as it arrives', async () => {
		const usb = claimed();
		const serve = vi.fn(() => {
			const pending = usb.pendingIn.take()!;
			pending.resolve({ status: 'ok', data: new DataView(new ArrayBuffer(pending.length)) });
		});
		const first = usb.transferIn(1, 4, serve);
		const second = usb.transferIn(1, 8, serve);
		expect(serve).toHaveBeenCalledTimes(2);
		expect((await first).data?.byteLength).toBe(4);
		expect((await second).data?.byteLength).toBe(8);
	});

	it('rejects a transferIn to a foreign endpoint without queueing it or serving', async () => {
		const usb = claimed();
		const serve = vi.fn();
		const result = usb.transferIn(2, 64, serve);
		await expect(result).rejects.toMatchObject({ name: 'NotFoundError' });
		expect(serve).not.toHaveBeenCalled();
		expect(usb.pendingIn.size).toBe(0);
	});

	it('close() aborts pending IN transfers with AbortError and releases every interface', async () => {
		const onOpen = vi.fn();
		const onEnd = vi.fn(() => expect(usb.pendingIn.size).toBe(2));
		const usb = claimed({ onOpen, onEnd });
		expect(onOpen).toHaveBeenCalledOnce();
		const pending = [usb.transferIn(1, 64, () => {}), usb.transferIn(1, 64, () => {})];
		usb.close();
		expect(onEnd).toHaveBeenCalledOnce();
		for (const p of pending) await expect(p).rejects.toMatchObject({ name: 'AbortError' });
		expect(usb.opened).toBe(false);
		usb.open();
		expect(() => usb.assertEndpoint('in', 1)).toThrow(named('NotFoundError'));
		usb.claimInterface(0);
		expect(() => usb.assertEndpoint('in', 1)).not.toThrow();
	});

	it('after an unplug rejects pending and every later call with NotFoundError', async () => {
		const onEnd = vi.fn();
		const usb = claimed({ onEnd });
		const pending = usb.transferIn(1, 64, () => {});
		usb.unplug();
		usb.unplug();
		expect(onEnd).toHaveBeenCalledOnce();
		await expect(pending).rejects.toMatchObject({
			name: 'NotFoundError',
			message: 'The device was disconnected.'
		});
		expect(usb.gone).toBe(true);
		expect(usb.opened).toBe(false);
		expect(() => usb.open()).toThrow(named('NotFoundError'));
		expect(() => usb.close()).toThrow(named('NotFoundError'));
		expect(() => usb.selectConfiguration(1)).toThrow(named('NotFoundError'));
		await expect(usb.transferIn(1, 64, () => {})).rejects.toMatchObject({ name: 'NotFoundError' });
	});
});

describe('copyTransferBytes', () => {
	it('copies exactly the bytes a BufferSource views', () => {
		const buffer = Uint8Array.of(1, 2, 3, 4, 5).buffer;
		expect(copyTransferBytes(buffer)).toEqual(Uint8Array.of(1, 2, 3, 4, 5));
		expect(copyTransferBytes(new Uint8Array(buffer, 1, 3))).toEqual(Uint8Array.of(2, 3, 4));
		expect(copyTransferBytes(new DataView(buffer, 3))).toEqual(Uint8Array.of(4, 5));
		expect(copyTransferBytes(undefined)).toEqual(new Uint8Array(0));
	});

	it('does not share memory with the host’s buffer', () => {
		const source = Uint8Array.of(9, 9);
		const copy = copyTransferBytes(source);
		source[0] = 0;
		expect(copy).toEqual(Uint8Array.of(9, 9));
	});
});
