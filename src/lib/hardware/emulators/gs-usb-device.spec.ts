import { describe, expect, it } from 'vitest';
import { GsUsbEmulator, type GsUsbEmulatorOptions } from './gs-usb-device';
import type { CanBusSource } from './can-bus-source';
import { canFrame, type CanFrame } from '../protocol/can-frame';
import { GsCanFeature, encodeBitTiming, encodeDeviceMode } from '../protocol/gs-usb-requests';
import {
	GsFrameFlag,
	canFrameToHostFrame,
	decodeHostFrame,
	encodeHostFrame,
	encodeTxHostFrame
} from '../protocol/gs-usb-frame';
import { hex } from './usb-transcript';
import type { UsbControlSetup } from '../transport/usb';

class QueueBus implements CanBusSource {
	readonly transmitted: CanFrame[] = [];
	due: CanFrame[] = [];
	poll(nowUs: number): CanFrame[] {
		const out = this.due.filter((f) => f.timestampUs <= nowUs);
		this.due = this.due.filter((f) => f.timestampUs > nowUs);
		return out;
	}
	transmit(frame: CanFrame): void {
		this.transmitted.push(frame);
	}
}

const vendor = (request: number, value = 0): UsbControlSetup => ({
	requestType: 'vendor',
	recipient: 'interface',
	request,
	value,
	index: 0
});

async function claimed(options: Partial<GsUsbEmulatorOptions> = {}) {
	const clock = { now: 5_000 };
	const bus = new QueueBus();
	const device = new GsUsbEmulator({ bus, clock: () => clock.now, autoPump: false, ...options });
	await device.open();
	await device.selectConfiguration(1);
	await device.claimInterface(0);
	return { device, bus, clock };
}

async function start(device: GsUsbEmulator, flags: number) {
	await device.controlTransferOut(vendor(2), encodeDeviceMode({ mode: 1, flags }));
}

describe('GsUsbEmulator (candleLight_fw)', () => {
	it('identifies as a candleLight adapter', () => {
		const device = new GsUsbEmulator({ bus: new QueueBus(), autoPump: false });
		expect([device.vendorId, device.productId, device.productName]).toEqual([
			0x1d50,
			0x606f,
			'candleLight USB to CAN adapter'
		]);
	});

	it('stalls requests the firmware rejects', async () => {
		const { device } = await claimed();
		const status = async (p: Promise<{ status: string }>) => (await p).status;
		expect(await status(device.controlTransferIn(vendor(4), 39))).toBe('stall');
		expect(await status(device.controlTransferIn(vendor(4, 1), 40))).toBe('stall');
		expect(await status(device.controlTransferIn(vendor(3), 4))).toBe('stall');
		expect(await status(device.controlTransferIn(vendor(2), 8))).toBe('stall');
		expect(await status(device.controlTransferOut(vendor(4), new Uint8Array(40)))).toBe('stall');
		expect(await status(device.controlTransferOut(vendor(2), new Uint8Array(4)))).toBe('stall');
		expect(
			await status(device.controlTransferIn({ ...vendor(4), requestType: 'standard' }, 40))
		).toBe('stall');
		expect(await status(device.controlTransferIn(vendor(4), 40))).toBe('ok');
	});

	it('refuses control requests to an interface that is not claimed, as WebUSB does', async () => {
		const device = new GsUsbEmulator({ bus: new QueueBus(), autoPump: false });
		await device.open();
		await device.selectConfiguration(1);
		await expect(device.controlTransferIn(vendor(5, 1), 12)).rejects.toMatchObject({
			name: 'InvalidStateError'
		});
	});

	it('acknowledges an out-of-range BITTIMING but keeps the old timing, like the firmware', async () => {
		const { device } = await claimed();
		const bad = { propSeg: 10, phaseSeg1: 10, phaseSeg2: 2, sjw: 1, brp: 6 };
		expect((await device.controlTransferOut(vendor(1), encodeBitTiming(bad))).status).toBe('ok');
		expect(device.channel(0).bitTiming).toBeNull();
	});

	it('delivers no bus frames before MODE START', async () => {
		const { device, bus } = await claimed();
		bus.due.push(canFrame({ id: 1, data: new Uint8Array(1), timestampUs: 4_000 }));
		const pending = device.transferIn(1, 24);
		device.pump();
		await start(device, GsCanFeature.HW_TIMESTAMP);
		bus.due.push(canFrame({ id: 2, data: new Uint8Array(1), timestampUs: 5_000 }));
		device.pump();
		const got = await pending;
		expect(decodeHostFrame(got.data!, { timestamp: true }).canId).toBe(2);
	});

	it('sizes IN transfers by mode: 20 B plain, 24 B with HW_TIMESTAMP, 32 B padded', async () => {
		const sizes: number[] = [];
		for (const flags of [0, GsCanFeature.HW_TIMESTAMP, GsCanFeature.PAD_PKTS_TO_MAX_PKT_SIZE]) {
			const { device, bus } = await claimed();
			await start(device, flags);
			bus.due.push(canFrame({ id: 0x10, data: new Uint8Array(8), timestampUs: 1 }));
			device.pump();
			sizes.push((await device.transferIn(1, 64)).data!.byteLength);
		}
		expect(sizes).toEqual([20, 24, 32]);
	});

	it('echoes a host frame with its echo_id and a timestamp and puts it on the bus', async () => {
		const { device, bus, clock } = await claimed();
		await start(device, GsCanFeature.HW_TIMESTAMP);
		const out = new Uint8Array(20);
		out.set([3, 0, 0, 0, 0xdf, 0x07, 0, 0, 2, 0, 0, 0x55, 1, 2]);
		clock.now = 0x01020304;
		await device.transferOut(2, out);
		const echo = decodeHostFrame((await device.transferIn(1, 24)).data!, { timestamp: true });
		expect(echo).toMatchObject({
			echoId: 3,
			canId: 0x7df,
			dlc: 2,
			reserved: 0,
			timestampUs: 0x01020304
		});
		expect(bus.transmitted.map((f) => [f.id, [...f.data]])).toEqual([[0x7df, [1, 2]]]);
	});

	it('drops host frames in listen-only mode: no echo, nothing on the bus', async () => {
		const { device, bus } = await claimed();
		await start(device, GsCanFeature.HW_TIMESTAMP | GsCanFeature.LISTEN_ONLY);
		await device.transferOut(2, new Uint8Array(20));
		bus.due.push(canFrame({ id: 0x55, data: new Uint8Array(0), timestampUs: 0 }));
		device.pump();
		const next = decodeHostFrame((await device.transferIn(1, 24)).data!, { timestamp: true });
		expect(next.canId).toBe(0x55);
		expect(bus.transmitted).toEqual([]);
	});

	it('ignores a host frame shorter than 20 bytes, as USBD_GS_CAN_DataOut does', async () => {
		const { device, bus } = await claimed();
		await start(device, 0);
		expect((await device.transferOut(2, new Uint8Array(19))).status).toBe('ok');
		expect(bus.transmitted).toEqual([]);
	});

	it('drops frames beyond its queue and flags OVERFLOW on the next one it keeps', async () => {
		const { device, bus } = await claimed({ queueCapacity: 2 });
		await start(device, GsCanFeature.HW_TIMESTAMP);
		bus.due = [1, 2, 3, 4].map((id) => canFrame({ id, data: new Uint8Array(0), timestampUs: 0 }));
		device.pump();
		const read = async () =>
			decodeHostFrame((await device.transferIn(1, 24)).data!, { timestamp: true });
		expect([(await read()).flags, (await read()).flags]).toEqual([0, 0]);
		bus.due = [canFrame({ id: 5, data: new Uint8Array(0), timestampUs: 0 })];
		device.pump();
		const flagged = await read();
		expect([flagged.canId, flagged.flags & GsFrameFlag.OVERFLOW]).toEqual([
			5,
			GsFrameFlag.OVERFLOW
		]);
		expect(device.droppedFrames).toBe(2);
	});

	it('rejects pending and later transfers with NotFoundError after unplug', async () => {
		const { device } = await claimed();
		const pending = device.transferIn(1, 24);
		device.unplug();
		await expect(pending).rejects.toMatchObject({ name: 'NotFoundError' });
		await expect(device.transferOut(2, new Uint8Array(20))).rejects.toMatchObject({
			name: 'NotFoundError'
		});
		expect(device.opened).toBe(false);
	});

	it('pumps itself on a timer and delivers every frame due despite coarse ticks', async () => {
		const bus = new QueueBus();
		const t0 = performance.now() * 1000;
		bus.due = Array.from({ length: 100 }, (_, i) =>
			canFrame({ id: 0x100, data: Uint8Array.of(i), timestampUs: t0 + 500 * i })
		);
		// A loaded machine can delay one tick by 40 ms or more; room for all 100 frames keeps a late
		// tick from overflowing the 64-frame default queue, which this test is not about.
		const device = new GsUsbEmulator({ bus, queueCapacity: 128 });
		await device.open();
		await device.selectConfiguration(1);
		await device.claimInterface(0);
		await start(device, GsCanFeature.HW_TIMESTAMP);
		const got: number[] = [];
		while (got.length < 100) {
			const r = await device.transferIn(1, 24);
			got.push(decodeHostFrame(r.data!, { timestamp: true }).data[0]);
		}
		await device.close();
		expect(got).toEqual(Array.from({ length: 100 }, (_, i) => i));
	});
});

describe('GsUsbEmulator as a CONFIG_CANFD build (fd: true)', () => {
	const FD_RUN = GsCanFeature.HW_TIMESTAMP | GsCanFeature.FD;
	const counting = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);

	it('answers BT_CONST and BT_CONST_EXT with the m_can.c limits at 80 MHz', async () => {
		const { device } = await claimed({ fd: true });
		const btConst = await device.controlTransferIn(vendor(4), 40);
		const ext = await device.controlTransferIn(vendor(11), 72);
		const words = (v: DataView) => hex(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
		const nominal =
			'b335000000b4c404' + '01000000000100000100000080000000800000000100000000020000' + '01000000';
		expect(words(btConst.data!)).toBe(nominal);
		expect(words(ext.data!)).toBe(
			nominal + '0100000020000000010000001000000010000000010000002000000001000000'
		);
	});

	it('stalls BT_CONST_EXT and DATA_BITTIMING on a classic build', async () => {
		const { device } = await claimed();
		expect((await device.controlTransferIn(vendor(11), 72)).status).toBe('stall');
		const bt = encodeBitTiming({ propSeg: 14, phaseSeg1: 15, phaseSeg2: 10, sjw: 5, brp: 1 });
		expect((await device.controlTransferOut(vendor(10), bt)).status).toBe('stall');
	});

	it('keeps DATA_BITTIMING within the data-phase limits and ignores it beyond them', async () => {
		const { device } = await claimed({ fd: true });
		const good = { propSeg: 14, phaseSeg1: 15, phaseSeg2: 10, sjw: 5, brp: 1 };
		await device.controlTransferOut(vendor(10), encodeBitTiming(good));
		const tooLong = { propSeg: 20, phaseSeg1: 20, phaseSeg2: 10, sjw: 5, brp: 1 };
		expect((await device.controlTransferOut(vendor(10), encodeBitTiming(tooLong))).status).toBe(
			'ok'
		);
		expect(device.channel(0).dataBitTiming).toEqual(good);
	});

	it('delivers FD bus frames only after MODE START with FD, as 80-byte transfers', async () => {
		const { device, bus } = await claimed({ fd: true });
		const fdFrame = (id: number) =>
			canFrame({ id, fd: true, brs: true, data: counting(64), timestampUs: 0x0a0b0c0d });
		await start(device, GsCanFeature.HW_TIMESTAMP);
		bus.due.push(fdFrame(0x10), canFrame({ id: 0x11, data: Uint8Array.of(1), timestampUs: 1 }));
		device.pump(0x0b000000);
		expect(decodeHostFrame((await device.transferIn(1, 80)).data!, { timestamp: true }).canId).toBe(
			0x11
		);
		await start(device, FD_RUN);
		bus.due.push({ ...fdFrame(0x12), esi: true } as CanFrame);
		device.pump(0x0b000000);
		const got = await device.transferIn(1, 80);
		expect(hex(new Uint8Array(got.data!.buffer))).toBe(
			'ffffffff' + '12000000' + '0f000e00' + hex(counting(64)) + '0d0c0b0a'
		);
	});

	it('echoes a 76-byte FD host frame at 80 bytes and puts it on the bus with BRS', async () => {
		const { device, bus, clock } = await claimed({ fd: true });
		await start(device, FD_RUN);
		const hf = canFrameToHostFrame(
			canFrame({ id: 0x18daf110, extended: true, fd: true, brs: true, data: counting(20) }),
			4,
			0
		);
		clock.now = 0x11223344;
		await device.transferOut(2, encodeHostFrame(hf));
		const echo = await device.transferIn(1, 80);
		expect(hex(new Uint8Array(echo.data!.buffer))).toBe(
			'04000000' + '10f1da98' + '0b000600' + hex(counting(20)) + '00'.repeat(44) + '44332211'
		);
		expect(bus.transmitted).toMatchObject([
			{ id: 0x18daf110, extended: true, fd: true, brs: true, data: counting(20) }
		]);
	});

	it('takes a classic frame sent at FD size (Linux FD mode) and echoes it at classic size', async () => {
		const { device, bus } = await claimed({ fd: true });
		await start(device, FD_RUN);
		const hf = canFrameToHostFrame(canFrame({ id: 0x7df, data: Uint8Array.of(2, 1, 0) }), 1, 0);
		await device.transferOut(2, encodeTxHostFrame(hf, 76));
		expect((await device.transferIn(1, 80)).data!.byteLength).toBe(24);
		expect(bus.transmitted.map((f) => [f.id, f.fd])).toEqual([[0x7df, false]]);
	});

	it('ignores FD host frames shorter than struct canfd or on a channel started without FD', async () => {
		const { device, bus } = await claimed({ fd: true });
		const fd = encodeHostFrame(
			canFrameToHostFrame(canFrame({ id: 1, fd: true, data: new Uint8Array(64) }), 0, 0)
		);
		await start(device, FD_RUN);
		await device.transferOut(2, fd.slice(0, 40));
		await start(device, GsCanFeature.HW_TIMESTAMP);
		await device.transferOut(2, fd);
		expect(bus.transmitted).toEqual([]);
	});
});

describe('GsUsbEmulator bus-off', () => {
	const state = async (device: GsUsbEmulator) => {
		const r = await device.controlTransferIn(vendor(14), 12);
		return hex(new Uint8Array(r.data!.buffer, r.data!.byteOffset, r.data!.byteLength));
	};

	it('sends CAN_ERR_BUSOFF with zero data when the controller goes bus-off', async () => {
		const { device, clock } = await claimed();
		await start(device, GsCanFeature.HW_TIMESTAMP);
		clock.now = 0x00c0ffee;
		device.injectBusOff();
		const got = await device.transferIn(1, 24);
		expect(hex(new Uint8Array(got.data!.buffer))).toBe(
			'ffffffff' + '40000020' + '08000000' + '0000000000000000' + 'eeffc000'
		);
	});

	it('neither receives nor transmits while bus-off; GET_STATE says BUS_OFF with TEC 255', async () => {
		const { device, bus } = await claimed({ fd: true });
		await start(device, GsCanFeature.HW_TIMESTAMP);
		device.injectBusOff();
		await device.transferIn(1, 80);
		bus.due.push(canFrame({ id: 0x55, data: new Uint8Array(0), timestampUs: 0 }));
		device.pump();
		await device.transferOut(2, new Uint8Array(20));
		const next = device.transferIn(1, 80);
		const ins = device.log.filter((r) => r.kind === 'bulk' && r.direction === 'in');
		expect(ins).toHaveLength(1);
		expect(bus.transmitted).toEqual([]);
		expect(await state(device)).toBe('03000000' + '00000000' + 'ff000000');
		device.unplug();
		await expect(next).rejects.toMatchObject({ name: 'NotFoundError' });
	});

	it('drops the waiting frames on MODE RESET and restarts error-active with zero counters', async () => {
		const { device, bus } = await claimed({ fd: true });
		await start(device, GsCanFeature.HW_TIMESTAMP);
		device.setBusState('passive', { tx: 140, rx: 9 });
		device.injectBusOff();
		await device.transferOut(2, new Uint8Array(20));
		await device.controlTransferOut(vendor(2), encodeDeviceMode({ mode: 0, flags: 0 }));
		expect(await state(device)).toBe('04000000' + '09000000' + 'ff000000');
		await start(device, GsCanFeature.HW_TIMESTAMP);
		expect(await state(device)).toBe('00000000' + '00000000' + '00000000');
		expect(bus.transmitted).toEqual([]);
	});

	it('on automatic recovery reports error-active, then sends the frames that waited', async () => {
		const { device, bus } = await claimed();
		await start(device, GsCanFeature.HW_TIMESTAMP);
		device.injectBusOff();
		await device.transferIn(1, 24);
		const out = new Uint8Array(20);
		out.set([6, 0, 0, 0, 0x23, 0x01]);
		await device.transferOut(2, out);
		device.setBusState('active', { tx: 0, rx: 0 });
		const recovered = decodeHostFrame((await device.transferIn(1, 24)).data!, { timestamp: true });
		expect([recovered.canId, hex(recovered.data)]).toEqual([0x20000204, '0040000000000000']);
		const echo = decodeHostFrame((await device.transferIn(1, 24)).data!, { timestamp: true });
		expect([echo.echoId, echo.canId]).toEqual([6, 0x123]);
		expect(bus.transmitted.map((f) => f.id)).toEqual([0x123]);
	});
});
