import { afterEach, describe, expect, it, vi } from 'vitest';
import { AdapterDisconnectedError, AdapterRejectedError, AdapterTimeoutError } from '../errors';
import { canFrame } from '../protocol/can-frame';
import { OpenPort2Emulator } from '../emulators/openport2-device';
import { ScriptedBus } from '../emulators/scripted-bus.test-helper';
import type { CanBusSource } from '../emulators/can-bus-source';
import { SimulatedVehicle } from '../emulators/vehicle/simulated-vehicle';
import { BROADCAST } from '../emulators/vehicle/broadcast';
import { OpenPort2CanAdapter } from './openport2-can';
import { RecordingSink } from './recording-sink.test-helper';
import { ScriptedOpenPort, bytes, show } from './openport2-scripted-device.test-helper';

const settle = () => new Promise((r) => setTimeout(r, 0));

function emulatorRig(bus: CanBusSource = new ScriptedBus()) {
	const clock = { now: 10_000 };
	const device = new OpenPort2Emulator({ bus, clock: () => clock.now, autoPump: false });
	const adapter = new OpenPort2CanAdapter({ device, controlTimeoutMs: 2000 });
	const sink = new RecordingSink();
	return { device, adapter, sink, clock };
}

/** Scripted PassThruOpen + connect + pass-all filter, as OpenPort2CanAdapter.open() sends them. */
function scriptedOpen() {
	return new ScriptedOpenPort()
		.on('\r\n\r\nati\r\n', 'ari main code version : 1.17.4877\r\n')
		.on('ata\r\n', 'aro\r\n')
		.on('ato5 2048 500000 0\r\n', 'aro\r\n')
		.on(bytes('atf5 1 0 4\r\n', new Array(8).fill(0)), 'arf5 0\r\n');
}

afterEach(() => {
	vi.useRealTimers();
});

describe('OpenPort2CanAdapter', () => {
	it('connects raw CAN with CAN_ID_BOTH and a pass-all filter, byte for byte', async () => {
		const { device, adapter, sink } = emulatorRig();
		await adapter.open({ bitrate: 250_000, samplePoint: 0.75 }, sink);
		expect(device.log.filter((r) => r.direction === 'out').map((r) => show(r.data))).toEqual([
			'\\r\\n\\r\\nati\\r\\n',
			'ata\\r\\n',
			'ato5 2048 250000 0\\r\\n',
			'ats5 23 75\\r\\n',
			'atf5 1 0 4\\r\\n<00><00><00><00><00><00><00><00>'
		]);
		expect(device.log.filter((r) => r.direction === 'in').map((r) => show(r.data))).toEqual([
			'ari main code version : 1.17.4877\\r\\n',
			'aro\\r\\n',
			'aro\\r\\n',
			'aro\\r\\n',
			'arf5 0\\r\\n'
		]);
		await adapter.close();
	});

	it('delivers frames with device timestamps unwrapped across the 32-bit wrap', async () => {
		const device = scriptedOpen();
		const adapter = new OpenPort2CanAdapter({ device });
		const sink = new RecordingSink();
		await adapter.open({}, sink);
		device.feed(
			bytes('ar5', [13, 0, 0xff, 0xff, 0xff, 0x00, 0, 0, 1, 0x23, 1, 2, 3, 4]),
			bytes('ar5', [9, 0, 0, 0, 0, 0x10, 0x18, 0xda, 0xf1, 0x10])
		);
		await settle();
		expect(sink.frames).toEqual([
			{
				id: 0x123,
				extended: false,
				rtr: false,
				fd: false,
				brs: false,
				data: Uint8Array.of(1, 2, 3, 4),
				timestampUs: 0xffffff00,
				channel: 0
			},
			{
				id: 0x18daf110,
				extended: true,
				rtr: false,
				fd: false,
				brs: false,
				data: new Uint8Array(0),
				timestampUs: 2 ** 32 + 0x10,
				channel: 0
			}
		]);
	});

	it('hears the simulated car broadcast through the emulator', async () => {
		const vehicle = new SimulatedVehicle({ scenario: 'idle', startUs: 0 });
		const { device, adapter, sink, clock } = emulatorRig(vehicle);
		await adapter.open({}, sink);
		clock.now = 100_000;
		device.pump();
		await settle();
		const ids = new Set(sink.frames.map((f) => f.id));
		for (const m of BROADCAST) if (m.periodUs <= 50_000) expect(ids).toContain(m.id);
		const times = sink.frames.map((f) => f.timestampUs);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		await adapter.close();
	});

	it('resolves send() on the TX-done indication, with CAN_29BIT_ID for extended ids', async () => {
		const bus = new ScriptedBus();
		const { device, adapter, sink } = emulatorRig(bus);
		await adapter.open({}, sink);
		await adapter.send(canFrame({ id: 0x18db33f1, extended: true, data: Uint8Array.of(2, 1, 0) }));
		expect(bus.transmitted.map((f) => [f.id, f.extended, [...f.data]])).toEqual([
			[0x18db33f1, true, [2, 1, 0]]
		]);
		const att = device.log.filter((r) => r.direction === 'out').at(-1)!;
		expect(show(att.data)).toBe('att5 7 256\\r\\n<18><db>3<f1><02><01><00>');
		await adapter.close();
	});

	it('rejects send() when no TX-done comes in time', async () => {
		vi.useFakeTimers();
		const device = scriptedOpen();
		const adapter = new OpenPort2CanAdapter({ device, txTimeoutMs: 1000 });
		await adapter.open({}, new RecordingSink());
		const sent = adapter
			.send(canFrame({ id: 0x7df, data: Uint8Array.of(2, 1, 0) }))
			.catch((e: unknown) => e);
		await vi.advanceTimersByTimeAsync(1000);
		expect(await sent).toBeInstanceOf(AdapterTimeoutError);
	});

	it('refuses listen-only before touching the device, and RTR or FD frames', async () => {
		const { device, adapter, sink } = emulatorRig();
		await expect(adapter.open({ listenOnly: true }, sink)).rejects.toThrow(AdapterRejectedError);
		expect(device.log).toEqual([]);
		await adapter.open({}, sink);
		await expect(
			adapter.send(canFrame({ id: 1, rtr: true, data: new Uint8Array(0) }))
		).rejects.toThrow(/remote frames/);
		await expect(
			adapter.send(canFrame({ id: 1, fd: true, data: new Uint8Array(12) }))
		).rejects.toThrow(/CAN FD/);
		await expect(
			adapter.send(canFrame({ id: 0x800, extended: false, data: new Uint8Array(1) }))
		).rejects.toThrow(TypeError);
		await adapter.close();
	});

	it('closes the sink with AdapterDisconnectedError on unplug and fails the pending send', async () => {
		const device = scriptedOpen();
		const adapter = new OpenPort2CanAdapter({ device });
		const sink = new RecordingSink();
		await adapter.open({}, sink);
		const sent = adapter
			.send(canFrame({ id: 0x7df, data: Uint8Array.of(1) }))
			.catch((e: unknown) => e);
		await settle();
		device.unplug();
		expect(await sent).toBeInstanceOf(AdapterDisconnectedError);
		expect(sink.closes).toHaveLength(1);
		expect(sink.closes[0]).toBeInstanceOf(AdapterDisconnectedError);
		await expect(adapter.send(canFrame({ id: 1, data: new Uint8Array(0) }))).rejects.toBeInstanceOf(
			AdapterDisconnectedError
		);
		await adapter.close();
		expect(sink.closes).toHaveLength(1);
	});

	it('repeats a periodic frame from the driver until stopped', async () => {
		vi.useFakeTimers();
		const bus = new ScriptedBus();
		const { adapter, sink } = emulatorRig(bus);
		await adapter.open({}, sink);
		const id = adapter.startPeriodic(canFrame({ id: 0x7df, data: Uint8Array.of(2, 0x3e, 0) }), 50);
		await vi.advanceTimersByTimeAsync(120);
		expect(bus.transmitted).toHaveLength(3);
		adapter.stopPeriodic(id);
		await vi.advanceTimersByTimeAsync(500);
		expect(bus.transmitted).toHaveLength(3);
		await adapter.close();
	});

	it('disconnects the channel and closes the device on close()', async () => {
		const { device, adapter, sink } = emulatorRig();
		await adapter.open({}, sink);
		await adapter.close();
		const out = device.log.filter((r) => r.direction === 'out').map((r) => show(r.data));
		expect(out.slice(-2)).toEqual(['atc5\\r\\n', 'atz\\r\\n']);
		expect(sink.closes).toEqual([null]);
		expect(device.opened).toBe(false);
	});
});
