import { busOfFrames, measureStream } from './adapter-stream';
import { OpenPort2CanAdapter } from '../src/lib/hardware/adapters/openport2-can';
import { OpenPort2Emulator } from '../src/lib/hardware/emulators/openport2-device';
import {
	OpenPortRxParser,
	PM_DATA_LEN,
	encodeOk,
	encodeRxPacket
} from '../src/lib/hardware/protocol/openport';

/**
 * OpenPort 2.0 figures: RX-stream parse rate over 4128-byte bulk reads (PassThruReadMsgs' size) that split
 * packets at arbitrary points, and emulator → driver → sink throughput. Prints, asserts nothing.
 */
function streamOf(packets: number, payload: number): { stream: Uint8Array; frames: number } {
	const parts: Uint8Array[] = [];
	const ok = encodeOk();
	let frames = 0;
	for (let i = 0; i < packets; i++) {
		const data = new Uint8Array(payload);
		data[3] = i & 0xff;
		parts.push(encodeRxPacket({ channel: 5, type: 0, timestampUs: i * 100, data }));
		frames++;
		if (i % 100 === 99) parts.push(ok);
	}
	const stream = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		stream.set(p, at);
		at += p.length;
	}
	return { stream, frames };
}

function benchParse(label: string, packets: number, payload: number): void {
	const { stream, frames } = streamOf(packets, payload);
	const chunks: Uint8Array[] = [];
	for (let at = 0; at < stream.length; at += PM_DATA_LEN)
		chunks.push(stream.subarray(at, at + PM_DATA_LEN));
	let seen = 0;
	const rounds = 5;
	const t0 = performance.now();
	for (let r = 0; r < rounds; r++) {
		const parser = new OpenPortRxParser();
		for (const chunk of chunks) seen += parser.push(chunk).length;
	}
	const s = (performance.now() - t0) / 1000;
	const mb = (stream.length * rounds) / 1e6;
	console.log(
		`OpenPortRxParser ${label}: ${((frames * rounds) / s / 1e6).toFixed(2)} M packets/s, ${(mb / s).toFixed(0)} MB/s (${seen} events)`
	);
}

async function benchStream(): Promise<void> {
	const total = 200_000;
	let now = 0;
	const device = new OpenPort2Emulator({
		bus: busOfFrames(total),
		clock: () => now,
		autoPump: false,
		queueCapacityBytes: 1 << 26
	});
	const adapter = new OpenPort2CanAdapter({ device });
	await measureStream({
		label: 'OpenPort2CanAdapter',
		total,
		adapter,
		pump: (t) => device.pump(t),
		setNow: (t) => (now = t)
	});
}

export async function benchOpenPort(): Promise<void> {
	benchParse('CAN (id + 8 bytes)', 500_000, 12);
	benchParse('ISO 15765 chunks (250 bytes)', 50_000, 250);
	await benchStream();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchOpenPort();
