import { busOfFrames, measureStream } from './adapter-stream';
import { SlcanAdapter } from '../src/lib/hardware/adapters/slcan';
import { SlcanEmulator } from '../src/lib/hardware/emulators/slcan-device';
import { canFrame } from '../src/lib/hardware/protocol/can-frame';
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
	let now = 0;
	const device = new SlcanEmulator({
		bus: busOfFrames(total),
		dialect: 'lawicel',
		clock: () => now,
		autoPump: false
	});
	const stream = await openSerial(device, { baudRate: 115200 });
	const adapter = new SlcanAdapter({
		stream,
		dialect: 'lawicel',
		clock: () => now,
		statusPollMs: 0
	});
	await measureStream({
		label: 'SlcanAdapter',
		total,
		adapter,
		pump: (t) => device.pump(t),
		setNow: (t) => (now = t)
	});
}

export async function benchSlcan(): Promise<void> {
	benchParse();
	await benchStream();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSlcan();
