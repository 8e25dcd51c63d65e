import { afterEach, describe, expect, it, vi } from 'vitest';
import { AdapterRejectedError, AdapterTimeoutError } from '../errors';
import type { UsbInResult } from '../transport/usb';
import { controlTransferOk } from './usb-control';

const CALL = { name: 'GET_STATE', timeoutMs: 1000, kind: 'test' };

afterEach(() => {
	vi.useRealTimers();
});

describe('controlTransferOk', () => {
	it('passes an ok result through, data and all, and leaves no timer behind', async () => {
		vi.useFakeTimers();
		const data = new DataView(Uint8Array.of(1, 2).buffer);
		const result = await controlTransferOk(
			Promise.resolve<UsbInResult>({ status: 'ok', data }),
			CALL
		);
		expect(result.data).toBe(data);
		expect(vi.getTimerCount()).toBe(0);
	});

	it('rejects a stall or babble with AdapterRejectedError naming the request', async () => {
		for (const status of ['stall', 'babble'] as const) {
			const error = await controlTransferOk(Promise.resolve({ status }), CALL).catch((e) => e);
			expect(error).toBeInstanceOf(AdapterRejectedError);
			expect(error).toMatchObject({
				message: `GET_STATE request ended with ${status}`,
				adapter: 'test'
			});
		}
	});

	it('gives up after timeoutMs with AdapterTimeoutError', async () => {
		vi.useFakeTimers();
		let settled = false;
		const outcome = controlTransferOk(new Promise<UsbInResult>(() => {}), CALL).catch((e) => {
			settled = true;
			return e;
		});
		await vi.advanceTimersByTimeAsync(999);
		expect(settled).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		const error = await outcome;
		expect(error).toBeInstanceOf(AdapterTimeoutError);
		expect(error.message).toBe('GET_STATE request got no answer in 1000 ms');
	});

	it('passes a rejected transfer through unchanged', async () => {
		const gone = new DOMException('The device was disconnected.', 'NotFoundError');
		await expect(controlTransferOk(Promise.reject(gone), CALL)).rejects.toBe(gone);
	});
});
