import { describe, expect, it } from 'vitest';
import { GsUsbEmulator, type GsUsbEmulatorOptions } from './gs-usb-device';
import type { CanBusSource } from './can-bus-source';
import { canFrame, type CanFrame } from '../protocol/can-frame';
import { GsCanFeature, encodeBitTiming, encodeDeviceMode } from '../protocol/gs-usb-requests';
import { GsFrameFlag, decodeHostFrame } from '../protocol/gs-usb-frame';
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
		const device = new GsUsbEmulator({ bus });
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
