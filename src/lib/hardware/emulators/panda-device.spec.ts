import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PandaEmulator, type PandaEmulatorOptions } from './panda-device';
import { ScriptedBus } from './scripted-bus.test-helper';
import { formatTranscript, hex as toHex } from './usb-transcript';
import { canFrame } from '../protocol/can-frame';
import type { UsbControlSetup } from '../transport/usb';

const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
const bytesOf = (view: DataView | undefined) =>
	view ? new Uint8Array(view.buffer, view.byteOffset, view.byteLength) : new Uint8Array(0);

/** python pack_can_buffer output for 0x100+i on bus 0 with eight bytes of i (computed with that code). */
const P = [
	'8000080000880000000000000000',
	'8008080000800101010101010101',
	'8010080000980202020202020202',
	'8018080000900303030303030303',
	'8020080000a80404040404040404',
	'8028080000a00505050505050505'
];
const OBD_REQUEST = '80f83e00008502010ccccccccccc'; // 0x7DF bus 0: 02 01 0C + padding
const OBD_REQUEST_ECHO = '80fa3e00008702010ccccccccccc'; // same, returned bit
const OBD_REQUEST_REJECTED = '80f93e00008402010ccccccccccc'; // same, rejected bit
const FORBIDDEN = '8000080000800102030405060708'; // 0x100 bus 0
const FORBIDDEN_REJECTED = '8001080000810102030405060708';

/** Byte `i` of a hex packet with bit 0 toggled, as two hex digits. */
const flip = (packet: string, i: number) =>
	(parseInt(packet.slice(i * 2, i * 2 + 2), 16) ^ 1).toString(16).padStart(2, '0');

const vendor = (request: number, value = 0, index = 0): UsbControlSetup => ({
	requestType: 'vendor',
	recipient: 'device',
	request,
	value,
	index
});

async function rig(options: Partial<PandaEmulatorOptions> = {}) {
	const clock = { now: 10_000_000 };
	const bus = new ScriptedBus();
	const device = new PandaEmulator({ bus, clock: () => clock.now, autoPump: false, ...options });
	await device.open();
	await device.selectConfiguration(1);
	await device.claimInterface(0);
	const out = (request: number, value = 0, index = 0) =>
		device.controlTransferOut(vendor(request, value, index));
	const read = async (request: number, length: number, value = 0) =>
		bytesOf((await device.controlTransferIn(vendor(request, value), length)).data);
	const health = async () => {
		const h = await read(0xd2, 48);
		return { safetyMode: h[31], flags: h[28], blocked: h[8] };
	};
	/** Keeps the firmware's heartbeat fed, as a host would, while time passes. */
	const advance = async (us: number, heartbeat = true) => {
		const end = clock.now + us;
		while (clock.now < end) {
			clock.now = Math.min(end, clock.now + 500_000);
			if (heartbeat) await out(0xf3);
			device.pump();
		}
	};
	/** An IN transfer the way a host keeps one queued: it ends at the next poll even with nothing to send. */
	const take = async (length = 16384) => {
		const pending = device.transferIn(1, length);
		device.pump();
		const result = await pending;
		return { status: result.status, bytes: bytesOf(result.data) };
	};
	return { clock, bus, device, out, read, health, advance, take };
}

describe('PandaEmulator control requests', () => {
	it('answers the bring-up reads with the firmware byte layouts', async () => {
		const { device, read } = await rig();
		expect(toHex(await read(0xdd, 8))).toBe('0f131dfaa46f3e4b');
		expect(toHex(await read(0xc1, 0x40))).toBe('07');
		expect(new TextDecoder().decode(await read(0xd6, 0x40))).toBe('cartech-sim-panda');
		expect(toHex(await read(0xc3, 12))).toBe(device.serialNumber);
		expect(formatTranscript(device.log).slice(0, 4)).toEqual([
			'=> c0 dd 0000 0000 len 8',
			'<= 0f131dfaa46f3e4b',
			'=> c0 c1 0000 0000 len 64',
			'<= 07'
		]);
	});

	it('cuts replies to wLength, as USB_WritePacket(resp, MIN(resp_len, wLength)) does', async () => {
		const { read } = await rig();
		expect(toHex(await read(0xdd, 3))).toBe('0f131d');
		expect((await read(0xd2, 10)).length).toBe(10);
	});

	it('returns a provisioning chunk python get_serial accepts', async () => {
		const { read } = await rig();
		const chunk = await read(0xd0, 0x20);
		expect(chunk.length).toBe(0x20);
		const sha1 = createHash('sha1').update(chunk.subarray(0, 0x1c)).digest();
		expect(toHex(chunk.subarray(0x1c))).toBe(toHex(sha1.subarray(0, 4)));
		expect(new TextDecoder().decode(chunk.subarray(0, 16))).toBe('cartechsim000001');
		expect((await read(0xd0, 0x20, 1)).length).toBe(16);
	});

	it('reports bus speed and FD settings in can_health, ignoring rates it does not list', async () => {
		const { out, read } = await rig();
		await out(0xde, 1, 2500);
		await out(0xde, 1, 3333); // not in speeds[]: ignored
		await out(0xf9, 1, 20000);
		const h = await read(0xc2, 64, 1);
		expect(h.length).toBe(64);
		expect(new DataView(h.buffer).getUint16(41, true)).toBe(250);
		expect(new DataView(h.buffer).getUint16(43, true)).toBe(2000);
		expect([h[45], h[46]]).toEqual([1, 1]);
		expect((await read(0xc2, 64, 3)).length).toBe(0); // no bus 3: empty reply, not a stall
	});

	it('falls back to SILENT for allOutput on a release build and accepts it on a debug one', async () => {
		const release = await rig();
		await release.out(0xdc, 17);
		expect((await release.health()).safetyMode).toBe(0);
		const debug = await rig({ debugBuild: true });
		await debug.out(0xdc, 17);
		expect((await debug.health()).safetyMode).toBe(17);
	});

	it('stalls a non-vendor request and answers an unknown vendor one with an empty data stage', async () => {
		const { device, read } = await rig();
		const standard = await device.controlTransferIn({ ...vendor(0), requestType: 'standard' }, 2);
		expect(standard.status).toBe('stall');
		expect((await read(0x42, 8)).length).toBe(0);
	});
});

describe('PandaEmulator EP1 IN stream', () => {
	const frames = (n: number, t = 10_000_100) =>
		Array.from({ length: n }, (_, i) =>
			canFrame({ id: 0x100 + i, data: new Uint8Array(8).fill(i), timestampUs: t + i })
		);

	it('sends the car’s frames as concatenated CANPackets with the bus in the header', async () => {
		const { bus, device, clock } = await rig();
		bus.add(...frames(3));
		clock.now += 1000;
		const pending = device.transferIn(1, 16384);
		device.pump();
		const result = await pending;
		expect(result.status).toBe('ok');
		expect(toHex(bytesOf(result.data))).toBe(P[0] + P[1] + P[2]);
	});

	it('fills 64-byte USB packets to the brim and splits a CANPacket across transfers', async () => {
		const { bus, device, clock } = await rig();
		bus.add(...frames(6));
		clock.now += 1000;
		device.pump();
		const all = P.join('');
		const first = await device.transferIn(1, 64);
		expect(toHex(bytesOf(first.data))).toBe(all.slice(0, 128));
		expect(toHex(bytesOf(first.data)).slice(112)).toBe(P[4].slice(0, 16)); // 8 of packet 4's 14 bytes
		const second = await device.transferIn(1, 64);
		expect(toHex(bytesOf(second.data))).toBe(P[4].slice(16) + P[5]);
	});

	it('ends a transfer at the first short USB packet, or with a zero-length one after exactly 64', async () => {
		const { bus, device, clock, take } = await rig();
		bus.add(...frames(6));
		clock.now += 1000;
		device.pump();
		expect((await take()).bytes.length).toBe(84); // 64 + short 20
		bus.add(
			...frames(4, clock.now + 1),
			canFrame({ id: 0x7ff, data: Uint8Array.of(0xab, 0xcd), timestampUs: clock.now + 10 })
		);
		clock.now += 1000;
		device.pump();
		const exact = bytesOf((await device.transferIn(1, 16384)).data);
		expect(exact.length).toBe(64); // 4 × 14 + 8, then a zero-length packet
		expect(toHex(exact.subarray(56))).toBe('20f83f000081abcd');
	});

	it('keeps an idle IN transfer open until the next poll, then ends it with no data', async () => {
		const { device } = await rig();
		let settled = false;
		const pending = device.transferIn(1, 16384).then((r) => {
			settled = true;
			return r;
		});
		await Promise.resolve();
		expect(settled).toBe(false);
		device.pump();
		const result = await pending;
		expect(result).toMatchObject({ status: 'ok' });
		expect(result.data?.byteLength).toBe(0);
	});

	it('reports babble when a 64-byte USB packet overruns the host buffer', async () => {
		const { bus, device, clock } = await rig();
		bus.add(...frames(6));
		clock.now += 1000;
		device.pump();
		const result = await device.transferIn(1, 40);
		expect(result.status).toBe('babble');
		expect(result.data?.byteLength).toBe(40);
	});

	it('drops the tail of a split packet on can_reset_communications, restarting on a boundary', async () => {
		const { bus, device, clock, out, take } = await rig();
		bus.add(...frames(6));
		clock.now += 1000;
		device.pump();
		await device.transferIn(1, 64);
		await out(0xc0);
		expect(toHex((await take(64)).bytes)).toBe(P[5]);
	});

	it('flips one payload bit of the next transfer on corruptNextPacket()', async () => {
		const { bus, device, clock, take } = await rig();
		bus.add(...frames(1));
		clock.now += 1000;
		device.pump();
		device.corruptNextPacket();
		expect(toHex((await take()).bytes)).toBe('8000080000880100000000000000');
	});

	it('delivers nothing while the bus runs at another bit rate, and counts receive errors', async () => {
		const { bus, clock, out, read, take } = await rig();
		await out(0xde, 0, 2500);
		bus.add(...frames(100));
		clock.now += 1000;
		expect((await take()).bytes.length).toBe(0);
		const h = await read(0xc2, 64, 0);
		expect(h[11]).toBe(100); // receive_error_cnt
		expect([h[5], h[6]]).toEqual([1, 0]); // warning, not yet passive
	});

	it('sees an FD frame as errors until CAN FD is on for the bus', async () => {
		const { bus, clock, out, read, take } = await rig();
		const fd = () =>
			canFrame({ id: 0x123, fd: true, data: new Uint8Array(12), timestampUs: clock.now + 1 });
		bus.add(fd());
		clock.now += 1000;
		expect((await take()).bytes.length).toBe(0);
		expect((await read(0xc2, 64, 0))[11]).toBe(1);
		await out(0xf9, 0, 20000);
		bus.add(fd());
		clock.now += 1000;
		expect(toHex((await take()).bytes).slice(0, 2)).toBe('91'); // DLC 9 (12 bytes), bus 0, fd
	});

	it('routes an OBD-connector car to bus 1 only while the OBD multiplexer is on', async () => {
		const { bus, device, clock, out, take } = await rig({ vehicleBus: 'obd' });
		bus.add(canFrame({ id: 0x7e8, data: hex('03410d32aaaaaaaa'), timestampUs: clock.now + 1 }));
		clock.now += 1000;
		device.pump();
		expect((await take()).bytes.length).toBe(0);
		await out(0xdb, 1);
		bus.add(canFrame({ id: 0x7e8, data: hex('03410d32aaaaaaaa'), timestampUs: clock.now + 1 }));
		clock.now += 1000;
		device.pump();
		expect(toHex((await take()).bytes)).toBe('82403f00008003410d32aaaaaaaa');
	});

	it('counts frames it had no room for in rx_buffer_overflow', async () => {
		const { bus, device, clock, read, take } = await rig({ rxQueueCapacity: 2 });
		bus.add(...frames(5));
		clock.now += 1000;
		device.pump();
		expect(new DataView((await read(0xd2, 48)).buffer).getUint32(20, true)).toBe(3);
		expect((await take()).bytes.length).toBe(28);
	});
});

describe('PandaEmulator EP3 OUT and safety', () => {
	it('bounces every frame back as rejected in SILENT, the boot mode', async () => {
		const { bus, device, health, take } = await rig();
		await device.transferOut(3, hex(OBD_REQUEST));
		expect(toHex((await take()).bytes)).toBe(OBD_REQUEST_REJECTED);
		expect(bus.transmitted).toEqual([]);
		expect((await health()).blocked).toBe(1);
	});

	it('in elm327 mode sends an OBD request to the car and echoes it with the returned bit', async () => {
		const { bus, device, out, take } = await rig();
		await out(0xdc, 3, 1);
		await device.transferOut(3, hex(OBD_REQUEST));
		expect(toHex((await take()).bytes)).toBe(OBD_REQUEST_ECHO);
		expect(bus.transmitted).toMatchObject([{ id: 0x7df, data: hex('02010ccccccccccc') }]);
	});

	it('in elm327 mode rejects a non-diagnostic id', async () => {
		const { bus, device, out, take } = await rig();
		await out(0xdc, 3, 1);
		await device.transferOut(3, hex(FORBIDDEN));
		expect(toHex((await take()).bytes)).toBe(FORBIDDEN_REJECTED);
		expect(bus.transmitted).toEqual([]);
	});

	it('reassembles packets split across bulk OUT transfers and across 64-byte USB packets', async () => {
		const { bus, device, out, take } = await rig();
		await out(0xdc, 3, 1);
		await device.transferOut(3, hex(OBD_REQUEST).subarray(0, 5));
		await device.transferOut(3, hex(OBD_REQUEST).subarray(5));
		// 84 bytes: the firmware gets 64 + 20, so packet 4 (bytes 56–69) is cut by the USB packet boundary.
		await device.transferOut(3, hex(P.join('')));
		const stream = toHex((await take()).bytes);
		// 0x100–0x105 are not diagnostic ids: each comes back with the rejected bit (byte 1 bit 0, checksum bit 0).
		const rejected = P.map(
			(p) => p.slice(0, 2) + flip(p, 1) + p.slice(4, 10) + flip(p, 5) + p.slice(12)
		);
		expect(stream).toBe(OBD_REQUEST_ECHO + rejected.join(''));
		expect(bus.transmitted.map((f) => f.id)).toEqual([0x7df]);
	});

	it('drops a host packet with a bad checksum and counts it in can_health', async () => {
		const { bus, device, out, read, take } = await rig();
		await out(0xdc, 3, 1);
		const bad = hex(OBD_REQUEST);
		bad[5] ^= 0xff;
		await device.transferOut(3, bad);
		device.pump();
		expect((await take()).bytes.length).toBe(0);
		expect(bus.transmitted).toEqual([]);
		expect(new DataView((await read(0xc2, 64, 0)).buffer).getUint32(37, true)).toBe(1);
	});
});

describe('PandaEmulator heartbeat', () => {
	it('drops elm327 to SILENT with power saving after 2 s without a heartbeat', async () => {
		const { out, health, advance } = await rig();
		await out(0xf3);
		await out(0xdc, 3, 1);
		await advance(5_000_000);
		expect(await health()).toMatchObject({ safetyMode: 3, flags: 0 });
		await advance(2_000_000, false);
		// heartbeat_lost is only set for car modes; power saving (flag bit 3) comes on.
		expect(await health()).toMatchObject({ safetyMode: 0, flags: 0x08 });
	});

	it('waits 5 s with the ignition on', async () => {
		const { device, out, health, advance } = await rig({ ignition: true });
		await out(0xf3);
		await out(0xdc, 3, 1);
		await advance(4_000_000, false);
		expect((await health()).safetyMode).toBe(3);
		await advance(1_000_000, false);
		expect((await health()).safetyMode).toBe(0);
		device.setIgnition(false);
	});

	it('in power saving hears only bus 0', async () => {
		const { bus, device, clock, out, advance, take } = await rig({ vehicleBus: 1 });
		await advance(3_000_000, false);
		bus.add(canFrame({ id: 0x123, data: new Uint8Array(1), timestampUs: clock.now + 1 }));
		clock.now += 1000;
		device.pump();
		expect((await take()).bytes.length).toBe(0);
		await out(0xe7, 0);
		bus.add(canFrame({ id: 0x123, data: new Uint8Array(1), timestampUs: clock.now + 1 }));
		clock.now += 1000;
		device.pump();
		expect((await take()).bytes.length).toBe(7);
	});
});

describe('PandaEmulator unplug', () => {
	it('rejects pending and later transfers with NotFoundError', async () => {
		const { device } = await rig();
		const pending = device.transferIn(1, 16384);
		device.unplug();
		await expect(pending).rejects.toMatchObject({ name: 'NotFoundError' });
		await expect(device.transferOut(3, new Uint8Array(1))).rejects.toMatchObject({
			name: 'NotFoundError'
		});
	});
});
