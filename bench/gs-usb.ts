import { busOfFrames, measureStream } from './adapter-stream';
import { GsUsbAdapter } from '../src/lib/hardware/adapters/gs-usb';
import { GsUsbEmulator } from '../src/lib/hardware/emulators/gs-usb-device';
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

export async function benchGsUsb(): Promise<void> {
	benchDecode();
	await benchStream();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchGsUsb();
