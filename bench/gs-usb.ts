import { GsUsbAdapter } from '../src/lib/hardware/adapters/gs-usb';
import { GsUsbEmulator } from '../src/lib/hardware/emulators/gs-usb-device';
import type { CanBusSource } from '../src/lib/hardware/emulators/can-bus-source';
import { canFrame, type CanFrame } from '../src/lib/hardware/protocol/can-frame';
import {
	GS_HOST_FRAME_ECHO_ID_RX,
	decodeHostFrame,
	encodeHostFrame
} from '../src/lib/hardware/protocol/gs-usb-frame';

/** gs_usb figures: pure frame decode rate, and emulator → driver → sink throughput (prints, asserts nothing). */
function benchDecode(): void {
	const wire = encodeHostFrame({
		echoId: GS_HOST_FRAME_ECHO_ID_RX,
		canId: 0x7e8,
		dlc: 8,
		channel: 0,
		flags: 0,
		reserved: 0,
		data: new Uint8Array(8),
		timestampUs: 123
	});
	const n = 1_000_000;
	const t0 = performance.now();
	for (let i = 0; i < n; i++) decodeHostFrame(wire, { timestamp: true });
	const ms = performance.now() - t0;
	console.log(`decodeHostFrame: ${(((n / ms) * 1000) / 1e6).toFixed(2)} M frames/s`);
}

async function benchStream(): Promise<void> {
	const total = 200_000;
	const due: CanFrame[] = Array.from({ length: total }, (_, i) =>
		canFrame({ id: 0x100 + (i % 64), data: new Uint8Array(8), timestampUs: i * 100 })
	);
	let next = 0;
	const bus: CanBusSource = {
		poll: (now) => {
			const start = next;
			while (next < due.length && due[next].timestampUs <= now) next++;
			return due.slice(start, next);
		},
		transmit: () => {}
	};
	let now = 0;
	const device = new GsUsbEmulator({
		bus,
		clock: () => now,
		autoPump: false,
		queueCapacity: 1 << 20
	});
	const adapter = new GsUsbAdapter({ device, clock: () => now });
	let received = 0;
	await adapter.open({}, { frame: () => received++, closed: () => {} });
	const t0 = performance.now();
	while (received < total) {
		now += 10_000;
		device.pump(now);
		await new Promise((r) => setImmediate(r));
	}
	const ms = performance.now() - t0;
	console.log(
		`emulator → GsUsbAdapter → sink: ${((total / ms) * 1000).toFixed(0)} frames/s (${total} frames, ${ms.toFixed(0)} ms)`
	);
	await adapter.close();
}

export async function benchGsUsb(): Promise<void> {
	benchDecode();
	await benchStream();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchGsUsb();
