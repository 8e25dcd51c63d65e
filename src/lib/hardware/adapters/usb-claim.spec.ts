import { describe, expect, it } from 'vitest';
import { AdapterRejectedError } from '../errors';
import type { UsbDeviceLike } from '../transport/usb';
import { claimInterfaceOrExplain, openConfigured } from './usb-claim';

function fakeDevice(options: { opened?: boolean; configuration?: unknown; claim?: Error } = {}) {
	const calls: string[] = [];
	const device = {
		opened: options.opened ?? false,
		configuration: options.configuration ?? null,
		async open() {
			calls.push('open');
		},
		async selectConfiguration(value: number) {
			calls.push(`selectConfiguration ${value}`);
		},
		async claimInterface(n: number) {
			calls.push(`claimInterface ${n}`);
			if (options.claim) throw options.claim;
		}
	} as unknown as UsbDeviceLike;
	return { device, calls };
}

describe('openConfigured', () => {
	it('opens and selects configuration 1 on a fresh device', async () => {
		const { device, calls } = fakeDevice();
		await openConfigured(device);
		expect(calls).toEqual(['open', 'selectConfiguration 1']);
	});

	it('leaves an open, configured device alone', async () => {
		const { device, calls } = fakeDevice({
			opened: true,
			configuration: { configurationValue: 1 }
		});
		await openConfigured(device);
		expect(calls).toEqual([]);
	});
});

describe('claimInterfaceOrExplain', () => {
	const busy = { message: 'another driver owns it', kind: 'test' };

	it('claims the interface asked for', async () => {
		const { device, calls } = fakeDevice();
		await claimInterfaceOrExplain(device, 2, busy);
		expect(calls).toEqual(['claimInterface 2']);
	});

	it('explains a NetworkError (interface held elsewhere) as AdapterRejectedError', async () => {
		const held = new DOMException('Unable to claim interface.', 'NetworkError');
		const { device } = fakeDevice({ claim: held });
		const error = await claimInterfaceOrExplain(device, 0, busy).catch((e) => e);
		expect(error).toBeInstanceOf(AdapterRejectedError);
		expect(error).toMatchObject({
			message: 'another driver owns it',
			adapter: 'test',
			cause: held
		});
	});

	it('passes any other failure through', async () => {
		const gone = new DOMException('The device was disconnected.', 'NotFoundError');
		const { device } = fakeDevice({ claim: gone });
		await expect(claimInterfaceOrExplain(device, 0, busy)).rejects.toBe(gone);
	});
});
