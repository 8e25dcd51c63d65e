import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { AdapterConnectError } from './node-tcp';
import { openNodeSerial } from './node-serial';

const createPort = (o: { path: string; baudRate: number; autoOpen: false }) =>
	new SerialPortMock(o);

afterEach(() => SerialPortMock.binding.reset());

describe('openNodeSerial', () => {
	it('carries bytes both ways through the serialport package', async () => {
		SerialPortMock.binding.createPort('/dev/ttyMOCK0', { echo: true, record: true });
		const stream = await openNodeSerial({ path: '/dev/ttyMOCK0', baudRate: 38400, createPort });
		const writer = stream.writable.getWriter();
		await writer.write(new TextEncoder().encode('ATI\r'));
		const reader = stream.readable.getReader();
		let text = '';
		while (!text.includes('\r')) text += new TextDecoder().decode((await reader.read()).value);
		expect(text).toBe('ATI\r');
		reader.releaseLock();
		writer.releaseLock();
		await stream.close();
	});

	it('rejects a missing device with AdapterConnectError naming the path', async () => {
		const err = await openNodeSerial({ path: '/dev/ttyMOCK9', baudRate: 38400, createPort }).catch(
			(e: unknown) => e
		);
		expect(err).toBeInstanceOf(AdapterConnectError);
		expect((err as Error).message).toBe(
			'no serial device at /dev/ttyMOCK9 (is the adapter plugged in?)'
		);
	});

	it('rejects a device another program holds as in use', async () => {
		SerialPortMock.binding.createPort('/dev/ttyMOCK1', { lock: true });
		const first = await openNodeSerial({ path: '/dev/ttyMOCK1', baudRate: 38400, createPort });
		const err = await openNodeSerial({ path: '/dev/ttyMOCK1', baudRate: 38400, createPort }).catch(
			(e: unknown) => e
		);
		expect((err as Error).message).toBe('/dev/ttyMOCK1 is in use by another program');
		await first.close();
	});
});
