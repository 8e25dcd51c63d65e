import { SlcanAdapter } from '../src/lib/hardware/adapters/slcan';
import { SlcanEmulator } from '../src/lib/hardware/emulators/slcan-device';
import type { CanBusSource } from '../src/lib/hardware/emulators/can-bus-source';
import { canFrame, type CanFrame } from '../src/lib/hardware/protocol/can-frame';
import { encodeFrameLine, parseFrameLine } from '../src/lib/hardware/protocol/slcan/frame-line';
import { SlcanLineSplitter } from '../src/lib/hardware/protocol/slcan/line-splitter';
import { openSerial } from '../src/lib/hardware/transport/serial';

/** SLCAN figures: line split + frame parse rate, and emulator → driver → sink throughput (prints, asserts nothing). */
function benchParse(): void {
	const lines = Array.from({ length: 1000 }, (_, i) =>
		encodeFrameLine(
			canFrame({ id: 0x100 + (i % 64), data: Uint8Array.from({ length: 8 }, (_, j) => i + j) }),
			i
		)
	).join('\r');
	const text = lines + '\r';
	const stream = Uint8Array.from(text, (c) => c.charCodeAt(0));
	const chunks: Uint8Array[] = [];
	for (let i = 0; i < stream.length; i += 64) chunks.push(stream.subarray(i, i + 64));
	const rounds = 1000;
	let parsed = 0;
	const splitter = new SlcanLineSplitter();
	const onLine = (buf: Uint8Array, start: number, end: number) => {
		if (parseFrameLine(buf, start, end)) parsed++;
	};
	const t0 = performance.now();
	for (let r = 0; r < rounds; r++) for (const chunk of chunks) splitter.push(chunk, onLine);
	const ms = performance.now() - t0;
	console.log(
		`split + parseFrameLine (8-byte, Z1, 64-byte chunks): ${(((parsed / ms) * 1000) / 1e6).toFixed(2)} M frames/s (${parsed} frames)`
	);
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
	const device = new SlcanEmulator({ bus, dialect: 'lawicel', clock: () => now, autoPump: false });
	const stream = await openSerial(device, { baudRate: 115200 });
	const adapter = new SlcanAdapter({
		stream,
		dialect: 'lawicel',
		clock: () => now,
		statusPollMs: 0
	});
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
		`emulator → SlcanAdapter → sink: ${((total / ms) * 1000).toFixed(0)} frames/s (${total} frames, ${ms.toFixed(0)} ms)`
	);
	await adapter.close();
}

export async function benchSlcan(): Promise<void> {
	benchParse();
	await benchStream();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSlcan();
