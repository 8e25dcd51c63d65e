import { afterEach, describe, expect, it } from 'vitest';
import { SlcanAdapter } from '../adapters/slcan';
import { RecordingSink } from '../adapters/recording-sink.test-helper';
import { AdapterDisconnectedError } from '../errors';
import { SlcanEmulator } from '../emulators/slcan-device';
import { SimulatedVehicle } from '../emulators/vehicle/simulated-vehicle';
import { openSerial } from './serial';
import { connectSerialRelay, serveSerialPort } from './serial-relay';

const channels: MessageChannel[] = [];
afterEach(() => {
	for (const c of channels.splice(0)) {
		c.port1.close();
		c.port2.close();
	}
});

async function relayed() {
	const clock = () => performance.now() * 1000;
	const vehicle = new SimulatedVehicle({ scenario: 'idle', startUs: clock() });
	const emulator = new SlcanEmulator({ bus: vehicle, dialect: 'lawicel', clock });
	const channel = new MessageChannel();
	channels.push(channel);
	serveSerialPort(emulator, channel.port1);
	const port = await connectSerialRelay(channel.port2);
	return { emulator, port };
}

describe('serial relay', () => {
	it('runs a real driver on the page’s port: SLCAN frames from the simulated car reach the worker side', async () => {
		const { port } = await relayed();
		const adapter = new SlcanAdapter({
			stream: await openSerial(port, { baudRate: 115_200 }),
			dialect: 'lawicel'
		});
		const sink = new RecordingSink();
		await adapter.open({ bitrate: 500_000, listenOnly: true }, sink);
		await new Promise((r) => setTimeout(r, 150));
		expect(sink.frames.length).toBeGreaterThan(20);
		expect(sink.frames.some((f) => f.id === 0x360)).toBe(true);
		await adapter.close();
		expect(sink.closes).toEqual([null]);
	});

	it('an unplug on the page side reaches the driver as AdapterDisconnectedError', async () => {
		const { emulator, port } = await relayed();
		const adapter = new SlcanAdapter({
			stream: await openSerial(port, { baudRate: 115_200 }),
			dialect: 'lawicel'
		});
		const sink = new RecordingSink();
		await adapter.open({ bitrate: 500_000, listenOnly: true }, sink);
		emulator.unplug();
		await expect.poll(() => sink.closes[0]).toBeInstanceOf(AdapterDisconnectedError);
	});

	it('reports the port’s USB identity, so the worker can look for its own grant first', async () => {
		const { emulator, port } = await relayed();
		expect(port.getInfo()).toEqual(emulator.getInfo());
		expect(port.readable).toBeNull();
	});
});
