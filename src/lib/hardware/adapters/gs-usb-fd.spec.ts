import { describe, expect, it } from 'vitest';
import { canFrame } from '../protocol/can-frame';
import { STANDARD_BITRATES } from '../protocol/bit-timing';
import { hex } from '../emulators/usb-transcript';
import { AdapterRejectedError } from '../errors';
import {
	bulkLines,
	controlLines,
	forward,
	gsUsbRig as rig,
	handWrittenIn,
	settle
} from './gs-usb-rig.test-helper';
import type { UsbControlSetup } from '../transport/usb';
import { GsUsbAdapter } from './gs-usb';
import { RecordingSink } from './recording-sink.test-helper';

const counting = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);
const u32 = (n: number) => hex(Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, n >>> 16, n >>> 24));
const bitTimingLine = (request: string, t: number[]) =>
	`=> 41 ${request} 0000 0000 ${t.map(u32).join('')}`;

const G4_BT_CONST =
	'b335000000b4c404' + '01000000000100000100000080000000800000000100000000020000' + '01000000';
const G4_DATA_LIMITS = '0100000020000000010000001000000010000000010000002000000001000000';

describe('GsUsbAdapter: every standard bit rate from BT_CONST', () => {
	// [bit rate, prop_seg, phase_seg1, phase_seg2, sjw, brp] as Linux can_calc_bittiming picks them.
	const bxcan48 = [
		[10_000, 6, 7, 2, 1, 300],
		[20_000, 6, 7, 2, 1, 150],
		[50_000, 6, 7, 2, 1, 60],
		[100_000, 6, 7, 2, 1, 30],
		[125_000, 6, 7, 2, 1, 24],
		[250_000, 6, 7, 2, 1, 12],
		[500_000, 6, 7, 2, 1, 6],
		[800_000, 7, 8, 4, 2, 3],
		[1_000_000, 5, 6, 4, 2, 3]
	] as const;
	const fdcan80 = [
		[10_000, 87, 87, 25, 12, 40],
		[20_000, 87, 87, 25, 12, 20],
		[50_000, 87, 87, 25, 12, 8],
		[100_000, 87, 87, 25, 12, 4],
		[125_000, 69, 70, 20, 10, 4],
		[250_000, 69, 70, 20, 10, 2],
		[500_000, 69, 70, 20, 10, 1],
		[800_000, 39, 40, 20, 10, 1],
		[1_000_000, 29, 30, 20, 10, 1]
	] as const;

	it('covers the nine CiA rates', () => {
		expect(bxcan48.map((r) => r[0])).toEqual([...STANDARD_BITRATES]);
		expect(fdcan80.map((r) => r[0])).toEqual([...STANDARD_BITRATES]);
	});

	it.each(bxcan48)(
		'candleLight STM32F072 (bxCAN, 48 MHz) at %i bit/s: BITTIMING as Linux sends it',
		async (bitrate, ...registers) => {
			const { device, adapter, sink } = rig();
			await adapter.open({ bitrate }, sink);
			expect(controlLines(device)[8]).toBe(bitTimingLine('01', registers));
			expect(device.channel(0).started).toBe(true);
			expect(adapter.info?.bitTiming.bitrate).toBe(bitrate);
		}
	);

	it.each(fdcan80)(
		'candleLight FD STM32G4 (FDCAN, 80 MHz) at %i bit/s: BITTIMING as Linux sends it',
		async (bitrate, ...registers) => {
			const { device, adapter, sink } = rig({ fd: true });
			await adapter.open({ bitrate }, sink);
			expect(controlLines(device)[10]).toBe(bitTimingLine('01', registers));
			expect(controlLines(device)[12]).toBe('=> 41 02 0000 0000 0100000010000000');
		}
	);
});

describe('GsUsbAdapter: CAN FD on a CONFIG_CANFD candleLight', () => {
	it('opens FD byte for byte: BT_CONST_EXT, DATA_BITTIMING, MODE START with FD', async () => {
		const { device, adapter, sink } = rig({ fd: true });
		await adapter.open({ bitrate: 500_000, dataBitrate: 2_000_000 }, sink);
		expect(controlLines(device)).toEqual([
			'=> 41 00 0001 0000 efbe0000',
			'<= ok',
			'=> c1 05 0001 0000 len 12',
			'<= 000000000200000001000000',
			'=> c1 04 0000 0000 len 40',
			'<= ' + G4_BT_CONST,
			'=> c1 0b 0000 0000 len 72',
			'<= ' + G4_BT_CONST + G4_DATA_LIMITS,
			'=> 41 02 0000 0000 0000000000000000',
			'<= ok',
			'=> 41 01 0000 0000 4500000046000000140000000a00000001000000',
			'<= ok',
			'=> 41 0a 0000 0000 0e0000000f0000000a0000000500000001000000',
			'<= ok',
			'=> 41 02 0000 0000 0100000010010000',
			'<= ok'
		]);
		expect(device.channel(0)).toMatchObject({
			started: true,
			flags: 0x110,
			dataBitTiming: { propSeg: 14, phaseSeg1: 15, phaseSeg2: 10, sjw: 5, brp: 1 }
		});
		expect(adapter.info).toMatchObject({
			fd: true,
			rxSize: 80,
			txSize: 76,
			dataBitTiming: { bitrate: 2_000_000, samplePoint: 0.75 }
		});
	});

	it('sends a 64-byte BRS frame as one 76-byte transfer and resolves on its 80-byte echo', async () => {
		const { device, bus, adapter, sink } = rig({ fd: true });
		await adapter.open({ bitrate: 500_000, dataBitrate: 2_000_000 }, sink);
		const frame = canFrame({ id: 0x123, fd: true, brs: true, data: counting(64) });
		await adapter.send(frame);
		expect(bulkLines(device)).toEqual([
			'=> bulk 02 00000000' + '23010000' + '0f000600' + hex(counting(64)),
			'<= bulk 81 00000000' + '23010000' + '0f000600' + hex(counting(64)) + '40420f00'
		]);
		expect(bus.transmitted).toMatchObject([{ id: 0x123, fd: true, brs: true, data: counting(64) }]);
		expect(adapter.stats.txFrames).toBe(1);
	});

	it('sends classic frames at FD size in FD mode, as Linux (hf_size_tx is per session)', async () => {
		const { device, adapter, sink } = rig({ fd: true });
		await adapter.open({ bitrate: 500_000, dataBitrate: 2_000_000 }, sink);
		await adapter.send(canFrame({ id: 0x7df, data: Uint8Array.of(2, 1, 0x0c) }));
		expect(bulkLines(device)).toEqual([
			'=> bulk 02 00000000df07000003000000' + '02010c0000000000' + '00'.repeat(56),
			'<= bulk 81 00000000df07000003000000' + '02010c0000000000' + '40420f00'
		]);
	});

	it('passes ESI through to the OUT transfer', async () => {
		const { device, adapter, sink } = rig({ fd: true });
		await adapter.open({ bitrate: 500_000, dataBitrate: 2_000_000 }, sink);
		const frame = { ...canFrame({ id: 0x10, fd: true, data: counting(12) }), esi: true };
		await adapter.send(frame);
		expect(bulkLines(device)[0]).toBe(
			'=> bulk 02 00000000' + '10000000' + '09000a00' + hex(counting(12)) + '00'.repeat(52)
		);
	});

	it('receives FD frames of every DLC from the bus with their lengths and BRS', async () => {
		const { device, bus, adapter, sink, clock } = rig({ fd: true });
		await adapter.open({ bitrate: 500_000, dataBitrate: 2_000_000 }, sink);
		const lengths = [0, 5, 8, 12, 16, 20, 24, 32, 48, 64];
		bus.add(
			...lengths.map((n, i) =>
				canFrame({
					id: 0x200 + i,
					fd: true,
					brs: i % 2 === 0,
					data: counting(n),
					timestampUs: clock.now + i
				})
			)
		);
		clock.now += 100;
		device.pump();
		await settle();
		expect(sink.frames.map((f) => [f.fd, f.data.length, f.brs])).toEqual(
			lengths.map((n, i) => [true, n, i % 2 === 0])
		);
		expect(sink.frames.at(-1)!.data).toEqual(counting(64));
	});

	it('decodes a hand-written FD transfer with ESI into a frame that says so', async () => {
		const { device: emulator } = rig({ fd: true });
		const { device, push } = handWrittenIn(emulator);
		const adapter = new GsUsbAdapter({ device, rxTransfers: 1 });
		const sink = new RecordingSink();
		await adapter.open({ bitrate: 500_000, dataBitrate: 2_000_000 }, sink);
		push('ffffffff 10f1da98 0a000e00' + hex(counting(16)) + '00'.repeat(48) + '10000000');
		await settle();
		expect(sink.frames).toEqual([
			{
				id: 0x18daf110,
				extended: true,
				rtr: false,
				fd: true,
				brs: true,
				esi: true,
				data: counting(16),
				timestampUs: 16,
				channel: 0
			}
		]);
		await adapter.close();
	});

	it('refuses FD frames on a channel opened without a data bit rate', async () => {
		const { device, adapter, sink } = rig({ fd: true });
		await adapter.open({ bitrate: 500_000 }, sink);
		const err = await adapter
			.send(canFrame({ id: 1, fd: true, data: new Uint8Array(12) }))
			.catch((e: unknown) => e);
		expect(err).toBeInstanceOf(AdapterRejectedError);
		expect((err as Error).message).toBe(
			'CAN FD is not enabled on this channel; open it with a dataBitrate'
		);
		expect(bulkLines(device)).toEqual([]);
	});

	it('drops FD frames from the bus while the channel runs classic', async () => {
		const { device, bus, adapter, sink, clock } = rig({ fd: true });
		await adapter.open({ bitrate: 500_000 }, sink);
		bus.add(
			canFrame({ id: 1, fd: true, data: new Uint8Array(12), timestampUs: clock.now }),
			canFrame({ id: 2, data: new Uint8Array(8), timestampUs: clock.now })
		);
		device.pump();
		await settle();
		expect(sink.frames.map((f) => f.id)).toEqual([2]);
	});

	it('rejects a data bit rate the clock cannot make, naming the rate and the clock', async () => {
		const { device, adapter, sink } = rig({ fd: true });
		const err = await adapter
			.open({ bitrate: 500_000, dataBitrate: 15_000_000 }, sink)
			.catch((e: unknown) => e);
		expect(err).toBeInstanceOf(AdapterRejectedError);
		expect((err as Error).message).toBe(
			'CAN FD data phase: bit rate error 6.6% too high for 15000000 bit/s from a 80000000 Hz clock'
		);
		expect(device.channel(0).started).toBe(false);
		expect(device.opened).toBe(false);
	});

	it('opens FD listen-only with MODE flags FD|HW_TIMESTAMP|LISTEN_ONLY', async () => {
		const { device, adapter, sink } = rig({ fd: true });
		await adapter.open({ bitrate: 500_000, dataBitrate: 2_000_000, listenOnly: true }, sink);
		expect(controlLines(device).at(-2)).toBe('=> 41 02 0000 0000 0100000011010000');
	});
});

describe('GsUsbAdapter: CANtact Pro firmware ≤ 2 quirks (gs_make_candev)', () => {
	it('sends DATA_BITTIMING on request 8 and pads OUT transfers by one byte (LPC546xx)', async () => {
		const { device: emulator } = rig({ fd: true });
		// The emulated firmware is candleLight; let it take the CANtact Pro's request 8 as 10.
		const sent: number[] = [];
		const device = {
			...forward(emulator),
			manufacturerName: 'LinkLayer Labs',
			productName: 'CANtact Pro',
			controlTransferOut: (setup: UsbControlSetup, data?: BufferSource) => {
				sent.push(setup.request);
				return emulator.controlTransferOut(
					setup.request === 8 ? { ...setup, request: 10 } : setup,
					data
				);
			}
		};
		const adapter = new GsUsbAdapter({ device });
		const sink = new RecordingSink();
		await adapter.open({ bitrate: 500_000, dataBitrate: 2_000_000 }, sink);
		expect(sent).toEqual([0, 2, 1, 8, 2]);
		expect(adapter.info?.txSize).toBe(77);
		expect(emulator.channel(0).dataBitTiming).toMatchObject({ propSeg: 14, brp: 1 });
		await adapter.send(canFrame({ id: 0x123, fd: true, data: counting(8) }));
		expect(bulkLines(emulator)[0]).toBe(
			'=> bulk 02 00000000' + '23010000' + '08000200' + hex(counting(8)) + '00'.repeat(57)
		);
		await adapter.close();
	});
});

describe('GsUsbAdapter: CAN FD on a device without it', () => {
	it('rejects open() with a dataBitrate before touching the channel', async () => {
		const { device, adapter, sink } = rig();
		const err = await adapter
			.open({ bitrate: 500_000, dataBitrate: 2_000_000 }, sink)
			.catch((e: unknown) => e);
		expect(err).toBeInstanceOf(AdapterRejectedError);
		expect((err as Error).message).toBe(
			'the device does not support CAN FD (BT_CONST feature 0xb3 has no FD bit)'
		);
		expect(controlLines(device).filter((l) => l.startsWith('=>'))).toHaveLength(3);
	});

	it('refuses to send an FD frame, saying the device cannot', async () => {
		const { device, adapter, sink } = rig();
		await adapter.open({}, sink);
		await expect(
			adapter.send(canFrame({ id: 1, fd: true, data: new Uint8Array(12) }))
		).rejects.toThrow('CAN FD is not enabled on this channel: the device does not support it');
		expect(bulkLines(device)).toEqual([]);
	});
});

describe('GsUsbAdapter open() options', () => {
	it.each([
		[{ bitrate: 0 }, 'bitrate must be a positive integer (bit/s), got 0'],
		[{ bitrate: 500.5 }, 'bitrate must be a positive integer (bit/s), got 500.5'],
		[{ dataBitrate: -1 }, 'dataBitrate must be a positive integer (bit/s), got -1'],
		[{ samplePoint: 87.5 }, 'samplePoint must be a fraction between 0 and 1, got 87.5'],
		[{ dataSamplePoint: 0.8 }, 'dataSamplePoint needs a dataBitrate (CAN FD)'],
		[{ restartMs: -5 }, 'restartMs must be 0 (manual) or a delay in ms, got -5'],
		[{ restartMs: Number.NaN }, 'restartMs must be 0 (manual) or a delay in ms, got NaN'],
		[{ channel: 256 }, 'channel must be 0–255, got 256']
	])('rejects %o with a TypeError and no USB traffic', async (options, message) => {
		const { device, adapter, sink } = rig({ fd: true });
		await expect(adapter.open(options, sink)).rejects.toThrow(new TypeError(message));
		expect(device.log).toEqual([]);
		await adapter.open({}, sink);
	});

	it('uses an explicit data sample point', async () => {
		const { adapter, sink } = rig({ fd: true });
		await adapter.open({ dataBitrate: 2_000_000, dataSamplePoint: 0.8 }, sink);
		expect(adapter.info?.dataBitTiming).toMatchObject({ samplePoint: 0.8, phaseSeg2: 8 });
	});
});
