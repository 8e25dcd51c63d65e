import { describe, expect, it } from 'vitest';
import { GsUsbAdapter } from './gs-usb';
import { formatTranscript } from '../emulators/usb-transcript';
import { canFrame } from '../protocol/can-frame';
import {
	AdapterDisconnectedError,
	AdapterRejectedError,
	AdapterTimeoutError,
	MalformedTransferError
} from '../errors';
import type { UsbControlSetup } from '../transport/usb';
import { controlLines, forward, gsUsbRig as rig, settle } from './gs-usb-rig.test-helper';

describe('GsUsbAdapter against the candleLight emulator', () => {
	it('opens with exactly the control requests Linux gs_usb sends, byte for byte', async () => {
		const { device, adapter, sink } = rig();
		await adapter.open({ bitrate: 500_000 }, sink);
		expect(controlLines(device)).toEqual([
			'=> 41 00 0001 0000 efbe0000',
			'<= ok',
			'=> c1 05 0001 0000 len 12',
			'<= 000000000200000001000000',
			'=> c1 04 0000 0000 len 40',
			'<= b3000000006cdc0201000000100000000100000008000000040000000100000000040000' + '01000000',
			'=> 41 02 0000 0000 0000000000000000',
			'<= ok',
			'=> 41 01 0000 0000 0600000007000000020000000100000006000000',
			'<= ok',
			'=> 41 02 0000 0000 0100000010000000',
			'<= ok'
		]);
		expect(device.channel(0)).toMatchObject({
			started: true,
			flags: 0x10,
			bitTiming: { propSeg: 6, phaseSeg1: 7, phaseSeg2: 2, sjw: 1, brp: 6 }
		});
		expect(adapter.info?.bitTiming).toMatchObject({ bitrate: 500_000, samplePoint: 0.875 });
	});

	it('delivers each bus frame from one 24-byte IN transfer as a CanFrame', async () => {
		const { bus, device, adapter, sink, clock } = rig();
		await adapter.open({}, sink);
		bus.add(
			canFrame({ id: 0x7e8, data: Uint8Array.of(2, 0x41, 0x0c), timestampUs: 1_000_100 }),
			canFrame({
				id: 0x18daf110,
				extended: true,
				data: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8),
				timestampUs: 1_000_200
			}),
			canFrame({ id: 0x123, rtr: true, data: new Uint8Array(0), timestampUs: 1_000_300 })
		);
		clock.now = 1_001_000;
		device.pump();
		await settle();
		const ins = device.log.filter((r) => r.kind === 'bulk' && r.direction === 'in');
		expect(ins.map((r) => r.data.length)).toEqual([24, 24, 24]);
		expect(formatTranscript(ins)[0]).toBe(
			'<= bulk 81 ffffffffe8070000030000000241' + '0c0000000000' + 'a4420f00'
		);
		expect(sink.frames).toEqual([
			{
				id: 0x7e8,
				extended: false,
				rtr: false,
				fd: false,
				brs: false,
				data: Uint8Array.of(2, 0x41, 0x0c),
				timestampUs: 1_000_100,
				channel: 0
			},
			{
				id: 0x18daf110,
				extended: true,
				rtr: false,
				fd: false,
				brs: false,
				data: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8),
				timestampUs: 1_000_200,
				channel: 0
			},
			{
				id: 0x123,
				extended: false,
				rtr: true,
				fd: false,
				brs: false,
				data: new Uint8Array(0),
				timestampUs: 1_000_300,
				channel: 0
			}
		]);
	});

	it('keeps a 1 kHz bus complete and on time when polled only every 4 ms', async () => {
		const { bus, device, adapter, sink, clock } = rig();
		await adapter.open({}, sink);
		const start = clock.now;
		bus.add(
			...Array.from({ length: 1000 }, (_, i) =>
				canFrame({ id: 0x100, data: Uint8Array.of(i & 0xff), timestampUs: start + 1000 * (i + 1) })
			)
		);
		for (let t = 0; t <= 1_004_000; t += 4000) {
			clock.now = start + t;
			device.pump();
			await settle();
		}
		expect(sink.frames).toHaveLength(1000);
		expect(sink.frames.every((f, i) => f.timestampUs === start + 1000 * (i + 1))).toBe(true);
	});

	it('unwraps the 32-bit microsecond timestamp across its wrap', async () => {
		const { bus, device, adapter, sink, clock } = rig();
		clock.now = 2 ** 32 - 2500;
		await adapter.open({}, sink);
		bus.add(
			...Array.from({ length: 5 }, (_, i) =>
				canFrame({ id: 0x200, data: new Uint8Array(1), timestampUs: 2 ** 32 - 2000 + 1000 * i })
			)
		);
		clock.now = 2 ** 32 + 3000;
		device.pump();
		await settle();
		expect(sink.frames.map((f) => f.timestampUs)).toEqual([
			2 ** 32 - 2000,
			2 ** 32 - 1000,
			2 ** 32,
			2 ** 32 + 1000,
			2 ** 32 + 2000
		]);
	});

	it('sends a frame as a 20-byte OUT transfer and resolves when its echo returns', async () => {
		const { bus, device, adapter, sink } = rig();
		await adapter.open({}, sink);
		await adapter.send(canFrame({ id: 0x7df, data: Uint8Array.of(2, 1, 0x0c) }));
		const bulk = formatTranscript(device.log.filter((r) => r.kind === 'bulk'));
		expect(bulk).toEqual([
			'=> bulk 02 00000000df07000003000000' + '02010c0000000000',
			'<= bulk 81 00000000df07000003000000' + '02010c0000000000' + '40420f00'
		]);
		expect(bus.transmitted.map((f) => f.id)).toEqual([0x7df]);
		expect(sink.frames).toEqual([]);
		expect(adapter.stats.txFrames).toBe(1);
	});

	it('keeps at most 10 frames in flight and sends the rest as echoes free their ids', async () => {
		const { device, adapter, sink } = rig();
		await adapter.open({}, sink);
		device.setTxBlocked(true);
		const sends = Array.from({ length: 12 }, (_, i) =>
			adapter.send(canFrame({ id: 0x600 + i, data: Uint8Array.of(i) }))
		);
		await settle();
		const outs = () => device.log.filter((r) => r.kind === 'bulk' && r.direction === 'out');
		expect(outs().map((r) => r.data[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		device.setTxBlocked(false);
		await Promise.all(sends);
		expect(outs().map((r) => r.data[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
		expect(adapter.stats.txFrames).toBe(12);
	});

	it('fails send() with AdapterTimeoutError when echoes stop, and never reuses an id before its echo', async () => {
		const { device, adapter, sink, warnings } = rig({ txTimeoutMs: 30 });
		await adapter.open({}, sink);
		device.setTxBlocked(true);
		const results = await Promise.allSettled(
			Array.from({ length: 11 }, (_, i) =>
				adapter.send(canFrame({ id: 0x600 + i, data: new Uint8Array(0) }))
			)
		);
		expect(
			results.every((r) => r.status === 'rejected' && r.reason instanceof AdapterTimeoutError)
		).toBe(true);
		device.setTxBlocked(false);
		await settle();
		expect(warnings).toEqual([]);
		await adapter.send(canFrame({ id: 0x700, data: new Uint8Array(0) }));
		expect(adapter.stats.txFrames).toBe(1);
	});

	it('ignores an echo id nobody sent and reports it as a warning', async () => {
		const { bus, device, adapter, sink, warnings, clock } = rig();
		await adapter.open({}, sink);
		device.injectHostFrame({
			echoId: 7,
			canId: 0x123,
			dlc: 0,
			channel: 0,
			flags: 0,
			reserved: 0,
			data: new Uint8Array(8),
			timestampUs: clock.now
		});
		bus.add(canFrame({ id: 0x100, data: new Uint8Array(1), timestampUs: clock.now }));
		device.pump();
		await settle();
		expect(warnings).toEqual([{ kind: 'unknown-echo', echoId: 7 }]);
		expect(sink.frames.map((f) => f.id)).toEqual([0x100]);
	});

	it('turns error frames into bus-state reports, never into frames', async () => {
		const { device, adapter, sink } = rig();
		await adapter.open({}, sink);
		device.setBusState('warning', { tx: 100, rx: 3 });
		device.setBusState('passive', { tx: 130, rx: 3 });
		device.setBusState('bus-off', { tx: 255, rx: 3 });
		await settle();
		expect(sink.frames).toEqual([]);
		expect(sink.states).toEqual([
			{ state: 'warning', counters: { tx: 100, rx: 3 } },
			{ state: 'passive', counters: { tx: 130, rx: 3 } },
			{ state: 'bus-off', counters: { tx: 0, rx: 0 } }
		]);
		expect(adapter.stats.errorFrames).toBe(3);
	});

	it('reports an unplug exactly once as AdapterDisconnectedError and fails pending sends', async () => {
		const { device, adapter, sink } = rig();
		await adapter.open({}, sink);
		device.setTxBlocked(true);
		const pending = adapter.send(canFrame({ id: 0x100, data: new Uint8Array(0) }));
		await settle();
		device.unplug();
		await expect(pending).rejects.toBeInstanceOf(AdapterDisconnectedError);
		await settle();
		expect(sink.closes).toHaveLength(1);
		expect(sink.closes[0]).toBeInstanceOf(AdapterDisconnectedError);
		expect((sink.closes[0]?.cause as DOMException).name).toBe('NotFoundError');
		await expect(
			adapter.send(canFrame({ id: 0x100, data: new Uint8Array(0) }))
		).rejects.toBeInstanceOf(AdapterDisconnectedError);
		await adapter.close();
		expect(sink.closes).toHaveLength(1);
	});

	it('skips a short IN transfer with a MalformedTransferError warning and keeps streaming', async () => {
		const { bus, device, adapter, sink, warnings, clock } = rig();
		await adapter.open({}, sink);
		device.corruptNextIn(10);
		bus.add(
			canFrame({ id: 0x101, data: new Uint8Array(1), timestampUs: clock.now }),
			canFrame({ id: 0x102, data: new Uint8Array(1), timestampUs: clock.now })
		);
		device.pump();
		await settle();
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatchObject({ kind: 'malformed' });
		expect((warnings[0] as { error: unknown }).error).toBeInstanceOf(MalformedTransferError);
		expect(sink.frames.map((f) => f.id)).toEqual([0x102]);
		expect(sink.closes).toEqual([]);
		expect(adapter.stats.malformed).toBe(1);
	});

	it('rejects open() with MalformedTransferError when DEVICE_CONFIG comes back short', async () => {
		const { device, sink } = rig();
		const shortConfig = forward(device);
		shortConfig.controlTransferIn = async (setup: UsbControlSetup, length: number) => {
			const reply = await device.controlTransferIn(setup, length);
			if (setup.request !== 5 || !reply.data) return reply;
			return { status: 'ok', data: new DataView(reply.data.buffer, 0, 8) };
		};
		const adapter = new GsUsbAdapter({ device: shortConfig });
		await expect(adapter.open({}, sink)).rejects.toBeInstanceOf(MalformedTransferError);
		expect(device.opened).toBe(false);
		expect(device.channel(0).started).toBe(false);
		expect(sink.closes).toEqual([]);
	});

	it('starts listen-only with the LISTEN_ONLY flag and refuses to transmit without touching USB', async () => {
		const { device, adapter, sink } = rig();
		await adapter.open({ listenOnly: true }, sink);
		expect(controlLines(device).at(-2)).toBe('=> 41 02 0000 0000 0100000011000000');
		await expect(
			adapter.send(canFrame({ id: 0x7df, data: new Uint8Array(8) }))
		).rejects.toBeInstanceOf(AdapterRejectedError);
		expect(device.log.filter((r) => r.kind === 'bulk')).toEqual([]);
	});

	it('rejects open() with the exact error for a bit rate the clock cannot make', async () => {
		const { device, adapter, sink } = rig({ fclk: 10_000_000 });
		const err = await adapter.open({ bitrate: 3_000_000 }, sink).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(AdapterRejectedError);
		expect((err as Error).message).toBe(
			'bit rate error 11.1% too high for 3000000 bit/s from a 10000000 Hz clock'
		);
		expect(device.channel(0).bitTiming).toBeNull();
	});

	it('reports frames the device dropped while the host was not reading', async () => {
		const { bus, device, adapter, sink, warnings, clock } = rig({
			queueCapacity: 2,
			rxTransfers: 1
		});
		await adapter.open({}, sink);
		bus.add(
			...Array.from({ length: 5 }, (_, i) =>
				canFrame({ id: 0x300 + i, data: new Uint8Array(1), timestampUs: clock.now })
			)
		);
		device.pump();
		await settle();
		bus.add(canFrame({ id: 0x3ff, data: new Uint8Array(1), timestampUs: clock.now }));
		device.pump();
		await settle();
		expect(sink.frames.map((f) => f.id)).toEqual([0x300, 0x301, 0x3ff]);
		expect(warnings).toEqual([{ kind: 'rx-overflow' }]);
		expect(device.droppedFrames).toBe(3);
	});

	it('closes with MODE RESET, releases the device, and reports closed(null) once', async () => {
		const { device, adapter, sink } = rig();
		await adapter.open({}, sink);
		await Promise.all([adapter.close(), adapter.close()]);
		await adapter.close();
		expect(controlLines(device).slice(-2)).toEqual([
			'=> 41 02 0000 0000 0000000000000000',
			'<= ok'
		]);
		expect(device.channel(0).started).toBe(false);
		expect(device.opened).toBe(false);
		expect(sink.closes).toEqual([null]);
	});
});
