import { busOfFrames, measureStream } from './adapter-stream';
import { PandaAdapter } from '../src/lib/hardware/adapters/panda';
import { PandaEmulator } from '../src/lib/hardware/emulators/panda-device';
import {
	PANDA_RX_TRANSFER_SIZE,
	PandaPacketUnpacker,
	encodeCanPacket
} from '../src/lib/hardware/protocol/panda';

/**
 * panda figures: CANPacket unpack rate over 16 KiB transfers (8-byte frames, so packets straddle transfer
 * boundaries as on the wire), and emulator → driver → sink throughput (prints, asserts nothing).
 */
function benchUnpack(): void {
	const packet = encodeCanPacket({
		bus: 0,
		id: 0x7e8,
		data: Uint8Array.of(4, 0x41, 0x0c, 0x1a, 0xf8, 0, 0, 0)
	});
	// A whole number of packets, cut into 16 KiB transfers: most packets at a cut straddle two transfers.
	const stream = new Uint8Array(packet.length * 65_536);
	for (let at = 0; at < stream.length; at += packet.length) stream.set(packet, at);
	const transfers: Uint8Array[] = [];
	for (let at = 0; at < stream.length; at += PANDA_RX_TRANSFER_SIZE) {
		transfers.push(stream.subarray(at, at + PANDA_RX_TRANSFER_SIZE));
	}
	const unpacker = new PandaPacketUnpacker();
	let frames = 0;
	const count = () => frames++;
	for (const t of transfers) unpacker.push(t, count); // warm-up
	frames = 0;
	const rounds = 20;
	const t0 = performance.now();
	for (let r = 0; r < rounds; r++) for (const t of transfers) unpacker.push(t, count);
	const ms = performance.now() - t0;
	const mb = (stream.length * rounds) / 1e6;
	console.log(
		`PandaPacketUnpacker: ${(((frames / ms) * 1000) / 1e6).toFixed(2)} M frames/s ` +
			`(${((mb / ms) * 1000).toFixed(0)} MB/s, ${frames} frames of 14 bytes)`
	);
}

async function benchStream(): Promise<void> {
	const total = 200_000;
	let now = 0;
	const device = new PandaEmulator({
		bus: busOfFrames(total),
		clock: () => now,
		autoPump: false,
		rxQueueCapacity: 1 << 20
	});
	const adapter = new PandaAdapter({ device, clock: () => now, heartbeatIntervalMs: 60_000 });
	await measureStream({
		label: 'PandaAdapter',
		total,
		adapter,
		pump: (t) => device.pump(t),
		setNow: (t) => (now = t)
	});
}

export async function benchPanda(): Promise<void> {
	benchUnpack();
	await benchStream();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPanda();
