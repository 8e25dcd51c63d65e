import { describe, expect, it } from 'vitest';
import { GsUsbAdapter } from '../adapters/gs-usb';
import type { CanSink } from '../adapters/can-adapter';
import { AdapterDisconnectedError, type AdapterError } from '../errors';
import { GsUsbEmulator } from '../emulators/gs-usb-device';
import { SimulatedVehicle } from '../emulators/vehicle/simulated-vehicle';
import type { CanFrame } from '../protocol/can-frame';
import { connectUsbRelay, serveUsbDevice } from './usb-relay';

function rig() {
	const clock = { now: 10_000_000 };
	const vehicle = new SimulatedVehicle({ scenario: 'idle', startUs: clock.now });
	const device = new GsUsbEmulator({ bus: vehicle, clock: () => clock.now, autoPump: false });
	const channel = new MessageChannel();
	serveUsbDevice(device, channel.port1);
	const frames: CanFrame[] = [];
	const closes: (AdapterError | null)[] = [];
	const sink: CanSink = { frame: (f) => frames.push(f), closed: (r) => closes.push(r) };
	const settle = async (rounds = 20) => {
		for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
	};
	return {
		clock,
		device,
		port: channel.port2,
		frames,
		closes,
		sink,
		settle,
		close: () => channel.port1.close()
	};
}

describe('USB relay (page → worker)', () => {
	it('carries a whole simulated second of a 1 kHz bus to a driver on the other side, in order', async () => {
		const r = rig();
		const relayed = await connectUsbRelay(r.port);
		expect(relayed.vendorId).toBe(0x1d50);
		const adapter = new GsUsbAdapter({ device: relayed, rxTransfers: 30 });
		await adapter.open({ bitrate: 500_000, listenOnly: true }, r.sink);
		for (let ms = 1; ms <= 1000; ms += 4) {
			r.clock.now += 4000;
			r.device.pump();
			await r.settle(2);
		}
		await r.settle();
		const fast = r.frames.filter((f) => f.id === 0x360);
		expect(fast.length).toBeGreaterThanOrEqual(995);
		expect(fast.every((f, i) => i === 0 || f.timestampUs > fast[i - 1].timestampUs)).toBe(true);
		await adapter.close();
		r.close();
	});

	it('reports an unplug on the page side as one AdapterDisconnectedError on the worker side', async () => {
		const r = rig();
		const adapter = new GsUsbAdapter({ device: await connectUsbRelay(r.port) });
		await adapter.open({ bitrate: 500_000, listenOnly: true }, r.sink);
		r.device.unplug();
		await r.settle();
		expect(r.closes).toHaveLength(1);
		expect(r.closes[0]).toBeInstanceOf(AdapterDisconnectedError);
		r.close();
	});
});
