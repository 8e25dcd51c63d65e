import { describe, expect, it } from 'vitest';
import { AdapterDisconnectedError, AdapterError, AdapterRejectedError } from '../errors';
import type { UsbDeviceLike, UsbInResult } from '../transport/usb';
import { readBulkIn } from './usb-bulk-reader';
import type { UsbDriverNames } from './usb-driver-errors';

const NAMES: UsbDriverNames = { kind: 'test', label: 'test', device: 'test device' };

/** A device whose IN transfers settle in the order the test scripts them. */
function scripted(script: (UsbInResult | Error)[]) {
	const calls: { endpoint: number; length: number }[] = [];
	const device = {
		transferIn(endpoint: number, length: number): Promise<UsbInResult> {
			calls.push({ endpoint, length });
			const next = script.shift();
			if (next === undefined) return new Promise(() => {});
			return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
		}
	} as unknown as UsbDeviceLike;
	return { device, calls };
}

const ok = (...bytes: number[]): UsbInResult => ({
	status: 'ok',
	data: new DataView(Uint8Array.from(bytes).buffer)
});

async function settle(): Promise<void> {
	for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('readBulkIn', () => {
	it('keeps one transfer outstanding and hands over every ok or babble result in order', async () => {
		const { device, calls } = scripted([ok(1), { status: 'babble' }, ok(2, 3)]);
		const seen: UsbInResult[] = [];
		const failures: AdapterError[] = [];
		void readBulkIn({
			device,
			endpoint: 1,
			length: 64,
			names: NAMES,
			running: () => true,
			onTransfer: (r) => seen.push(r),
			onFailure: (e) => failures.push(e)
		});
		await settle();
		expect(seen.map((r) => r.status)).toEqual(['ok', 'babble', 'ok']);
		expect(seen[2].data?.getUint8(1)).toBe(3);
		// The fourth transfer is still waiting for the device.
		expect(calls).toHaveLength(4);
		expect(calls.every((c) => c.endpoint === 1 && c.length === 64)).toBe(true);
		expect(failures).toEqual([]);
	});

	it('ends on a stall with AdapterRejectedError naming the endpoint', async () => {
		const { device, calls } = scripted([{ status: 'stall' }, ok(1)]);
		const failures: AdapterError[] = [];
		await readBulkIn({
			device,
			endpoint: 1,
			length: 64,
			names: NAMES,
			endpointName: 'the bulk IN endpoint (EP1)',
			running: () => true,
			onTransfer: () => expect.unreachable(),
			onFailure: (e) => failures.push(e)
		});
		expect(calls).toHaveLength(1);
		expect(failures).toHaveLength(1);
		expect(failures[0]).toBeInstanceOf(AdapterRejectedError);
		expect(failures[0].message).toBe('the bulk IN endpoint (EP1) stalled');
		expect(failures[0].adapter).toBe('test');
	});

	it('turns an unplug into AdapterDisconnectedError with the DOMException as cause', async () => {
		const gone = new DOMException('The device was disconnected.', 'NotFoundError');
		const { device } = scripted([gone]);
		const failures: AdapterError[] = [];
		await readBulkIn({
			device,
			endpoint: 2,
			length: 32,
			names: NAMES,
			running: () => true,
			onTransfer: () => expect.unreachable(),
			onFailure: (e) => failures.push(e)
		});
		expect(failures[0]).toBeInstanceOf(AdapterDisconnectedError);
		expect(failures[0].message).toBe('test device disconnected during bulk IN');
		expect(failures[0].cause).toBe(gone);
	});

	it('reports any other rejection as an AdapterError with its message', async () => {
		const { device } = scripted([new Error('LIBUSB_ERROR_IO')]);
		const failures: AdapterError[] = [];
		await readBulkIn({
			device,
			endpoint: 1,
			length: 64,
			names: NAMES,
			running: () => true,
			onTransfer: () => {},
			onFailure: (e) => failures.push(e)
		});
		expect(failures[0]).not.toBeInstanceOf(AdapterDisconnectedError);
		expect(failures[0].message).toBe('test bulk IN failed: LIBUSB_ERROR_IO');
	});

	it('stays quiet about a transfer that settles after the driver stopped', async () => {
		const aborted = new DOMException('The transfer was cancelled.', 'AbortError');
		for (const outcome of [aborted, ok(9)]) {
			let running = true;
			let settleTransfer: () => void = () => {};
			let calls = 0;
			const device = {
				transferIn(): Promise<UsbInResult> {
					calls++;
					return new Promise((resolve, reject) => {
						settleTransfer = () =>
							outcome instanceof DOMException ? reject(outcome) : resolve(outcome);
					});
				}
			} as unknown as UsbDeviceLike;
			const loop = readBulkIn({
				device,
				endpoint: 1,
				length: 64,
				names: NAMES,
				running: () => running,
				onTransfer: () => expect.unreachable(),
				onFailure: () => expect.unreachable()
			});
			running = false;
			settleTransfer();
			await loop;
			expect(calls).toBe(1);
		}
	});

	it('does not start when the driver is not running', async () => {
		const { device, calls } = scripted([ok(1)]);
		await readBulkIn({
			device,
			endpoint: 1,
			length: 64,
			names: NAMES,
			running: () => false,
			onTransfer: () => expect.unreachable(),
			onFailure: () => expect.unreachable()
		});
		expect(calls).toHaveLength(0);
	});
});
