import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PandaAdapter, type PandaAdapterOptions, type PandaWarning } from './panda';
import { RecordingSink } from './recording-sink.test-helper';
import { PandaEmulator, type PandaEmulatorOptions } from '../emulators/panda-device';
import { ScriptedBus } from '../emulators/scripted-bus.test-helper';
import { formatTranscript, hex } from '../emulators/usb-transcript';
import type { CanBusSource } from '../emulators/can-bus-source';
import { SimulatedVehicle } from '../emulators/vehicle/simulated-vehicle';
import { ObdResponder } from '../emulators/vehicle/obd-responder';
import { BROADCAST } from '../emulators/vehicle/broadcast';
import { canFrame, type CanFrame } from '../protocol/can-frame';
import { PandaChecksumError, PandaVersionMismatchError } from '../protocol/panda';
import {
	AdapterDisconnectedError,
	AdapterError,
	AdapterRejectedError,
	AdapterTimeoutError
} from '../errors';

/** A bus that remembers what it handed the emulator, so delivery can be checked frame for frame. */
class TappedBus implements CanBusSource {
	readonly polled: CanFrame[] = [];
	constructor(readonly inner: CanBusSource) {}
	poll(nowUs: number): CanFrame[] {
		const frames = this.inner.poll(nowUs);
		this.polled.push(...frames);
		return frames;
	}
	transmit(frame: CanFrame, nowUs: number): void {
		this.inner.transmit(frame, nowUs);
	}
}

function rig(
	options: {
		bus?: CanBusSource;
		emulator?: Partial<PandaEmulatorOptions>;
		adapter?: Partial<Omit<PandaAdapterOptions, 'device'>>;
	} = {}
) {
	/** Host stalls are modelled by moving the panda's clock ahead of the host's timers. */
	const skew = { us: 0 };
	const clock = () => Date.now() * 1000 + skew.us;
	const bus = options.bus ?? new ScriptedBus();
	const device = new PandaEmulator({ bus, clock, ...options.emulator });
	const warnings: PandaWarning[] = [];
	const adapter = new PandaAdapter({
		device,
		clock,
		onWarning: (w) => warnings.push(w),
		...options.adapter
	});
	const sink = new RecordingSink();
	return { skew, clock, bus, device, adapter, sink, warnings };
}

/** Advances fake time 1 ms at a time until `task` settles; 10 simulated seconds at most. */
async function run<T>(task: Promise<T>): Promise<T> {
	let settled = false;
	const watched = task.finally(() => {
		settled = true;
	});
	watched.catch(() => {});
	for (let ms = 0; !settled && ms < 10_000; ms++) await vi.advanceTimersByTimeAsync(1);
	return watched;
}

const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const obdRequest = (pid: number) =>
	canFrame({ id: 0x7df, data: Uint8Array.of(0x02, 0x01, pid, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc) });
const controlLines = (device: PandaEmulator) =>
	formatTranscript(device.log.filter((r) => r.kind === 'control'));
const bulkOut = (device: PandaEmulator) =>
	device.log.filter((r) => r.kind === 'bulk' && r.direction === 'out');

describe('PandaAdapter against the panda emulator', () => {
	beforeEach(() => {
		vi.useFakeTimers({ now: 1_000_000 });
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('opens with python Panda.connect’s requests, byte for byte, and leaves the panda SILENT', async () => {
		const { device, adapter, sink } = rig();
		await run(adapter.open({ bitrate: 500_000 }, sink));
		const lines = controlLines(device);
		expect(lines.slice(0, 26)).toEqual([
			'=> c0 dd 0000 0000 len 8',
			'<= 0f131dfaa46f3e4b',
			'=> c0 c1 0000 0000 len 64',
			'<= 07',
			'=> c0 d6 0000 0000 len 64',
			`<= ${hex(new TextEncoder().encode('cartech-sim-panda'))}`,
			'=> 40 f3 0000 0000',
			'<= ok',
			'=> 40 c0 0000 0000',
			'<= ok',
			'=> 40 e7 0000 0000',
			'<= ok',
			'=> 40 de 0000 1388',
			'<= ok',
			'=> 40 de 0001 1388',
			'<= ok',
			'=> 40 de 0002 1388',
			'<= ok',
			'=> 40 dc 0000 0000',
			'<= ok',
			'=> 40 f3 0000 0000',
			'<= ok',
			'=> c0 d2 0000 0000 len 48',
			expect.stringMatching(/^<= [0-9a-f]{96}$/),
			'=> c0 c2 0000 0000 len 64',
			expect.stringMatching(/^<= [0-9a-f]{128}$/)
		]);
		expect(adapter.info).toEqual({
			hwType: 0x07,
			version: 'cartech-sim-panda',
			packetVersions: { health: 0xfa1d130f, canPacket: 0x4b3e6fa4 },
			serialNumber: device.serialNumber
		});
		expect(device.firmware.safetyMode).toBe(0);
		expect(device.firmware.powerSave).toBe(false);
		await run(adapter.close());
	});

	it('delivers the simulated car’s frames intact, in order, with the bus as channel', async () => {
		const bus = new TappedBus(
			new SimulatedVehicle({ scenario: 'idle', startUs: Date.now() * 1000 })
		);
		const { adapter, sink } = rig({ bus });
		await run(adapter.open({}, sink));
		await wait(1000);
		expect(sink.frames.length).toBeGreaterThan(50);
		expect(bus.polled.length - sink.frames.length).toBeLessThanOrEqual(bus.polled.length / 10);
		const delivered = sink.frames.map((f) => [f.id, hex(f.data), f.channel, f.extended]);
		const sent = bus.polled.slice(0, sink.frames.length).map((f) => [f.id, hex(f.data), 0, false]);
		expect(delivered).toEqual(sent);
		expect(new Set(sink.frames.map((f) => f.id))).toEqual(new Set(BROADCAST.map((m) => m.id)));
		expect(adapter.stats.rxFrames).toBe(sink.frames.length);
		await run(adapter.close());
	});

	it('in elm327 mode sends an OBD request, resolves on the echo and hears the car’s answer', async () => {
		const vehicle = new SimulatedVehicle({ scenario: 'idle', startUs: Date.now() * 1000 });
		vehicle.responders.push(new ObdResponder());
		const { device, adapter, sink } = rig({ bus: vehicle, adapter: { safetyMode: 'elm327' } });
		await run(adapter.open({}, sink));
		expect(device.firmware.safetyMode).toBe(3);
		await run(adapter.send(obdRequest(0x0c)));
		expect(hex(bulkOut(device)[0].data)).toBe('80f83e00008502010ccccccccccc');
		expect(adapter.stats.txFrames).toBe(1);
		await wait(20);
		const answer = sink.frames.find((f) => f.id === 0x7e8);
		expect(answer?.data.subarray(0, 3)).toEqual(Uint8Array.of(0x04, 0x41, 0x0c));
		expect(answer?.channel).toBe(0);
		expect(sink.frames.some((f) => f.id === 0x7df)).toBe(false); // echoes are not received frames
		await run(adapter.close());
	});

	it('refuses, before USB, an id the elm327 safety mode would block', async () => {
		const { device, adapter, sink } = rig({ adapter: { safetyMode: 'elm327' } });
		await run(adapter.open({}, sink));
		const send = adapter.send(canFrame({ id: 0x100, data: new Uint8Array(8) }));
		await expect(send).rejects.toThrow(AdapterRejectedError);
		await expect(send).rejects.toThrow(
			'elm327 safety sends only 8-byte ISO 15765-4 frames to 0x600–0x7FF, 0x18DB33F1, 0x18DAxxF1 or GM 0x24B; ' +
				'CAN id 0x100 with 8 bytes is not one'
		);
		await expect(
			adapter.send(canFrame({ id: 0x7df, data: Uint8Array.of(2, 1, 0) }))
		).rejects.toThrow(/0x7df with 3 bytes is not one/);
		expect(bulkOut(device)).toEqual([]);
		await run(adapter.close());
	});

	it('never transmits in the default SILENT mode', async () => {
		const { device, adapter, sink } = rig();
		await run(adapter.open({}, sink));
		await expect(adapter.send(obdRequest(0x0c))).rejects.toThrow(
			"the panda's safety mode is silent, which never transmits; make the adapter with safetyMode 'elm327' to send diagnostic requests"
		);
		expect(bulkOut(device)).toEqual([]);
		await run(adapter.close());
	});

	it('sends a heartbeat every second, which keeps elm327 mode alive', async () => {
		const { device, adapter, sink } = rig({ adapter: { safetyMode: 'elm327' } });
		await run(adapter.open({}, sink));
		const before = controlLines(device).filter((l) => l.startsWith('=> 40 f3')).length;
		await wait(10_000);
		const after = controlLines(device).filter((l) => l.startsWith('=> 40 f3')).length;
		expect(after - before).toBe(10);
		expect(device.firmware.safetyMode).toBe(3);
		await run(adapter.close());
	});

	it('after a heartbeat lapse the panda falls back to SILENT and a send rejects naming that mode', async () => {
		const { skew, device, adapter, sink, warnings } = rig({ adapter: { safetyMode: 'elm327' } });
		await run(adapter.open({}, sink));
		skew.us += 3_000_000; // the host stalled for 3 s: the panda's 1 Hz check ran three times unfed
		await wait(2);
		expect(device.firmware.safetyMode).toBe(0);
		const send = adapter.send(obdRequest(0x0d));
		await expect(run(send)).rejects.toThrow(
			"the panda's safety mode silent refused CAN id 0x7df on bus 0 " +
				'(it was set to elm327; a lapsed heartbeat drops it to silent)'
		);
		expect(adapter.stats.rejected).toBe(1);
		expect(warnings).toContainEqual({
			kind: 'safety-mode-changed',
			expected: 3,
			actual: 0,
			heartbeatLost: false
		});
		await expect(adapter.send(obdRequest(0x0d))).rejects.toThrow(/silent, which never transmits/);
		await run(adapter.close());
	});

	it('reassembles CANPackets that straddle 64-byte transfers', async () => {
		const bus = new ScriptedBus();
		const { adapter, sink, clock } = rig({ bus, adapter: { rxTransferSize: 64, rxTransfers: 1 } });
		await run(adapter.open({}, sink));
		const t = clock();
		const frames = Array.from({ length: 50 }, (_, i) =>
			canFrame({
				id: i % 2 ? 0x18daf100 + i : 0x100 + i,
				data: Uint8Array.from({ length: i % 9 }, (_, j) => i + j),
				timestampUs: t + 10 + i
			})
		);
		bus.add(...frames);
		await wait(5);
		expect(sink.frames.map((f) => [f.id, f.extended, hex(f.data)])).toEqual(
			frames.map((f) => [f.id, f.extended, hex(f.data)])
		);
		await run(adapter.close());
	});

	it('reassembles a burst larger than one 16 KiB transfer', async () => {
		const bus = new ScriptedBus();
		const { adapter, sink, clock } = rig({ bus, adapter: { rxTransfers: 2 } });
		await run(adapter.open({}, sink));
		const t = clock();
		bus.add(
			...Array.from({ length: 1300 }, (_, i) =>
				canFrame({
					id: 0x200 + (i % 100),
					data: Uint8Array.of(i & 0xff, i >> 8),
					timestampUs: t + 1 + i / 10
				})
			)
		);
		await wait(3);
		expect(sink.frames).toHaveLength(1300);
		expect(sink.frames.every((f, i) => f.data[0] === (i & 0xff) && f.data[1] === i >> 8)).toBe(
			true
		);
		await run(adapter.close());
	});

	it('with a dataBitrate turns CAN FD on for every bus and receives FD frames', async () => {
		const bus = new ScriptedBus();
		const { device, adapter, sink, clock } = rig({ bus, adapter: { dataBitrate: 2_000_000 } });
		await run(adapter.open({ bitrate: 500_000 }, sink));
		expect(controlLines(device).filter((l) => l.startsWith('=> 40 f9'))).toEqual([
			'=> 40 f9 0000 4e20',
			'=> 40 f9 0001 4e20',
			'=> 40 f9 0002 4e20'
		]);
		const data = Uint8Array.from({ length: 24 }, (_, i) => i);
		bus.add(canFrame({ id: 0x18ff0001, fd: true, data, timestampUs: clock() + 1 }));
		await wait(3);
		expect(sink.frames).toMatchObject([
			{ id: 0x18ff0001, extended: true, fd: true, data, channel: 0 }
		]);
		await run(adapter.close());
	});

	it('refuses an FD frame without a dataBitrate', async () => {
		const { adapter, sink } = rig({ adapter: { safetyMode: 'elm327' } });
		await run(adapter.open({}, sink));
		await expect(
			adapter.send(canFrame({ id: 0x7e0, fd: true, data: new Uint8Array(8) }))
		).rejects.toThrow('CAN FD frames need the adapter made with a dataBitrate');
		await run(adapter.close());
	});

	it('drops a packet with a bad checksum, warns with its offset and resyncs the stream', async () => {
		const bus = new ScriptedBus();
		const { device, adapter, sink, clock, warnings } = rig({ bus });
		await run(adapter.open({}, sink));
		const resetsBefore = controlLines(device).filter((l) => l === '=> 40 c0 0000 0000').length;
		device.corruptNextPacket();
		bus.add(canFrame({ id: 0x123, data: Uint8Array.of(1, 2, 3, 4), timestampUs: clock() + 1 }));
		await wait(3);
		bus.add(canFrame({ id: 0x124, data: Uint8Array.of(5), timestampUs: clock() + 1 }));
		await wait(3);
		expect(sink.frames.map((f) => f.id)).toEqual([0x124]);
		const malformed = warnings.flatMap((w) => (w.kind === 'malformed' ? [w.error] : []));
		expect(malformed).toHaveLength(1);
		expect(malformed[0]).toBeInstanceOf(PandaChecksumError);
		expect(malformed[0]).toMatchObject({ streamOffset: 0, xor: 1 });
		expect(malformed[0].message).toMatch(/^panda CAN packet at stream byte 0 \(10 bytes/);
		expect(controlLines(device).filter((l) => l === '=> 40 c0 0000 0000')).toHaveLength(
			resetsBefore + 1
		);
		expect(adapter.stats).toMatchObject({ malformed: 1, resyncs: 1 });
		await run(adapter.close());
	});

	it('rejects a pending send promptly and closes the sink when the panda is unplugged', async () => {
		const { device, adapter, sink } = rig({ adapter: { safetyMode: 'elm327', txTimeoutMs: 5000 } });
		await run(adapter.open({}, sink));
		device.setTxBlocked(true); // the frame sits un-echoed in the panda's TX queue
		const send = adapter.send(obdRequest(0x0c));
		send.catch(() => {});
		await wait(5);
		device.unplug();
		await wait(1);
		await expect(send).rejects.toBeInstanceOf(AdapterDisconnectedError);
		expect(sink.closes).toHaveLength(1);
		expect(sink.closes[0]).toBeInstanceOf(AdapterDisconnectedError);
		await expect(adapter.send(obdRequest(0x0c))).rejects.toBeInstanceOf(AdapterDisconnectedError);
	});

	it('times out a send whose echo never comes', async () => {
		const { device, adapter, sink } = rig({ adapter: { safetyMode: 'elm327', txTimeoutMs: 200 } });
		await run(adapter.open({}, sink));
		device.setTxBlocked(true);
		await expect(run(adapter.send(obdRequest(0x0c)))).rejects.toThrow(AdapterTimeoutError);
		device.setTxBlocked(false); // the late echo is recognised as the abandoned send's
		await wait(5);
		expect(adapter.stats).toMatchObject({ txFrames: 1, unknownEchoes: 0 });
		await run(adapter.close());
	});

	it('batches queued frames into bulk writes of at most 256 bytes', async () => {
		const { device, adapter, sink } = rig({ adapter: { safetyMode: 'elm327' } });
		await run(adapter.open({}, sink));
		const sends = Array.from({ length: 40 }, (_, i) =>
			adapter.send(canFrame({ id: 0x7e0, data: Uint8Array.of(0x02, 0x3e, 0, 0, 0, 0, 0, i) }))
		);
		await run(Promise.all(sends));
		expect(bulkOut(device).map((r) => r.data.length)).toEqual([252, 252, 56]);
		expect(adapter.stats.txFrames).toBe(40);
		await run(adapter.close());
	});

	it('reports can_health error state on the next health poll', async () => {
		const { device, adapter, sink } = rig();
		await run(adapter.open({}, sink));
		device.setBusState(0, 'passive', { rx: 130, tx: 8 });
		await wait(1000);
		device.setBusState(0, 'bus-off', { rx: 0, tx: 255 });
		await wait(1000);
		expect(sink.states).toEqual([
			{ state: 'passive', counters: { rx: 130, tx: 8 } },
			{ state: 'bus-off', counters: { rx: 0, tx: 255 } }
		]);
		expect(adapter.canHealth).toMatchObject({ busOff: true, busOffCount: 1 });
		await run(adapter.close());
	});

	it('refuses firmware with other packet versions, explaining why, without touching the safety mode', async () => {
		const { device, adapter, sink } = rig({
			emulator: { packetVersions: { health: 0x11111111, canPacket: 0x4b3e6fa4 } }
		});
		const open = run(adapter.open({}, sink));
		await expect(open).rejects.toBeInstanceOf(PandaVersionMismatchError);
		await expect(open).rejects.toThrow(
			'panda packet version mismatch: firmware reports CAN packet 0x4b3e6fa4 / health 0x11111111, ' +
				'this driver speaks CAN packet 0x4b3e6fa4 / health 0xfa1d130f. Reflash the panda'
		);
		expect(controlLines(device).some((l) => l.startsWith('=> 40 dc'))).toBe(false);
		expect(device.opened).toBe(false);
	});

	it('refuses a bit rate the firmware would silently ignore, before touching USB', async () => {
		const { device, adapter, sink } = rig();
		await expect(adapter.open({ bitrate: 83_333 }, sink)).rejects.toThrow(
			'the panda cannot run CAN at 83333 bit/s'
		);
		expect(device.log).toEqual([]);
	});

	it('refuses listenOnly with a transmitting safety mode', async () => {
		const { adapter, sink } = rig({ adapter: { safetyMode: 'elm327' } });
		await expect(adapter.open({ listenOnly: true }, sink)).rejects.toThrow(TypeError);
	});

	it('closes by stopping the heartbeat, setting SILENT and releasing the device', async () => {
		const { device, adapter, sink } = rig({ adapter: { safetyMode: 'elm327' } });
		await run(adapter.open({}, sink));
		await run(adapter.close());
		expect(controlLines(device).slice(-2)).toEqual(['=> 40 dc 0000 0000', '<= ok']);
		expect(device.firmware.safetyMode).toBe(0);
		expect(device.opened).toBe(false);
		expect(sink.closes).toEqual([null]);
		const count = device.log.length;
		await wait(3000);
		expect(device.log.length).toBe(count);
		await expect(adapter.send(obdRequest(0x0c))).rejects.toBeInstanceOf(AdapterError);
	});

	it('refuses a device that is not a panda', () => {
		const device = new PandaEmulator({ bus: new ScriptedBus(), vendorId: 0x1d50 });
		expect(() => new PandaAdapter({ device })).toThrow(/is not a panda's/);
	});
});
