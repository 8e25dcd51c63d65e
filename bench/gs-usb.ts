import { busOfFrames, measureStream } from './adapter-stream';
import { GsUsbAdapter } from '../src/lib/hardware/adapters/gs-usb';
import { GsUsbEmulator } from '../src/lib/hardware/emulators/gs-usb-device';
import type { CanBusSource } from '../src/lib/hardware/emulators/can-bus-source';
import { canFrame, type CanFrame } from '../src/lib/hardware/protocol/can-frame';
import {
	GS_HOST_FRAME_ECHO_ID_RX,
	GsFrameFlag,
	decodeHostFrame,
	encodeHostFrame
} from '../src/lib/hardware/protocol/gs-usb-frame';

/**
 * gs_usb figures (prints, asserts nothing): pure frame decode rate, classic and CAN FD, and
 * emulator → driver → sink throughput for classic frames and for 64-byte FD frames.
 */
function benchDecode(label: string, fd: boolean): void {
	const wire = encodeHostFrame({
		echoId: GS_HOST_FRAME_ECHO_ID_RX,
		canId: 0x7e8,
		dlc: fd ? 15 : 8,
		channel: 0,
		flags: fd ? GsFrameFlag.FD | GsFrameFlag.BRS : 0,
		reserved: 0,
		data: new Uint8Array(fd ? 64 : 8),
		timestampUs: 123
	});
	const n = 1_000_000;
	const t0 = performance.now();
	for (let i = 0; i < n; i++) decodeHostFrame(wire, { timestamp: true });
	const ms = performance.now() - t0;
	console.log(`decodeHostFrame ${label}: ${(((n / ms) * 1000) / 1e6).toFixed(2)} M frames/s`);
}

async function benchStream(): Promise<void> {
	const total = 200_000;
	let now = 0;
	const device = new GsUsbEmulator({
		bus: busOfFrames(total),
		clock: () => now,
		autoPump: false,
		queueCapacity: 1 << 20
	});
	const adapter = new GsUsbAdapter({ device, clock: () => now });
	await measureStream({
		label: 'GsUsbAdapter',
		total,
		adapter,
		pump: (t) => device.pump(t),
		setNow: (t) => (now = t)
	});
}

/** `total` 64-byte BRS frames 100 µs apart (a 500 k / 2 M FD bus at ~90 % load is ≈ 150 µs/frame). */
function busOfFdFrames(total: number): CanBusSource {
	const payload = Uint8Array.from({ length: 64 }, (_, i) => i);
	const due: CanFrame[] = Array.from({ length: total }, (_, i) =>
		canFrame({ id: 0x100 + (i % 64), fd: true, brs: true, data: payload, timestampUs: i * 100 })
	);
	let next = 0;
	return {
		poll: (nowUs) => {
			const start = next;
			while (next < due.length && due[next].timestampUs <= nowUs) next++;
			return due.slice(start, next);
		},
		transmit: () => {}
	};
}

async function benchFdStream(): Promise<void> {
	const total = 200_000;
	let now = 0;
	const device = new GsUsbEmulator({
		bus: busOfFdFrames(total),
		fd: true,
		clock: () => now,
		autoPump: false,
		queueCapacity: 1 << 20
	});
	const adapter = new GsUsbAdapter({ device, clock: () => now });
	let received = 0;
	let bytes = 0;
	await adapter.open(
		{ bitrate: 500_000, dataBitrate: 2_000_000 },
		{
			frame: (f) => {
				received++;
				bytes += f.data.length;
			},
			closed: () => {}
		}
	);
	const t0 = performance.now();
	while (received < total) {
		now += 10_000;
		device.pump(now);
		await new Promise((r) => setImmediate(r));
	}
	const ms = performance.now() - t0;
	console.log(
		`emulator → GsUsbAdapter (CAN FD, 64 B) → sink: ${((total / ms) * 1000).toFixed(0)} frames/s, ` +
			`${(((bytes / ms) * 1000) / 1e6).toFixed(1)} MB/s payload (${total} frames, ${ms.toFixed(0)} ms)`
	);
	await adapter.close();
}

export async function benchGsUsb(): Promise<void> {
	benchDecode('classic', false);
	benchDecode('CAN FD 64 B', true);
	await benchStream();
	await benchFdStream();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchGsUsb();
