import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseIni } from '../src/lib/tune/ini';
import {
	EnvelopeDecoder,
	compileOutputChannels,
	decodeOutputChannels,
	encodeEnvelope
} from '../src/lib/hardware/protocol/tunerstudio';
import { TunerStudioAdapter } from '../src/lib/hardware/adapters/tunerstudio';
import { SpeeduinoEmulator } from '../src/lib/hardware/emulators/speeduino-device';
import { SimulatedVehicle } from '../src/lib/hardware/emulators/vehicle/simulated-vehicle';
import { openSerial } from '../src/lib/hardware/transport/serial';

const definition = parseIni(
	readFileSync(path.resolve('../shared/data/speeduino/speeduino.ini'), 'utf8')
);

/** Realtime replies (RC + 117 bytes) back to back, fed in 64-byte USB packets as a port delivers them. */
function benchEnvelopeDecode(): void {
	const frames = 2000;
	const one = encodeEnvelope(new Uint8Array(1 + definition.outputChannels.blockSize).fill(7));
	const stream = new Uint8Array(one.length * frames);
	for (let i = 0; i < frames; i++) stream.set(one, i * one.length);
	const decoder = new EnvelopeDecoder();
	const rounds = 50;
	let decoded = 0;
	const t0 = performance.now();
	for (let r = 0; r < rounds; r++) {
		for (let i = 0; i < stream.length; i += 64)
			decoded += decoder.push(stream.subarray(i, i + 64)).length;
	}
	const ms = performance.now() - t0;
	const mb = (stream.length * rounds) / 1e6;
	console.log(
		`EnvelopeDecoder: ${((mb / ms) * 1000).toFixed(1)} MB/s (${decoded} frames of ${one.length} B in 64 B chunks, CRC checked)`
	);
}

function benchOutputDecode(): void {
	const layout = compileOutputChannels(definition);
	const block = Uint8Array.from({ length: definition.outputChannels.blockSize }, (_, i) => i * 13);
	const into: Record<string, number> = {};
	const n = 200_000;
	const t0 = performance.now();
	for (let i = 0; i < n; i++) {
		block[0] = i;
		decodeOutputChannels(layout, block, into);
	}
	const ms = performance.now() - t0;
	console.log(
		`decodeOutputChannels: ${(((n / ms) * 1000) / 1e3).toFixed(0)} k blocks/s (${layout.fields.length} channels per ${block.length}-byte block)`
	);
}

async function benchPolling(baudRate: number): Promise<void> {
	const vehicle = new SimulatedVehicle({ startUs: performance.now() * 1000 });
	const port = new SpeeduinoEmulator({ definition, vehicle, baudRate });
	const ts = new TunerStudioAdapter({ stream: await openSerial(port, { baudRate }), definition });
	await ts.connect({ delayAfterOpenMs: 0 });
	const poll = ts.startPolling({ sample: () => {}, closed: () => {} });
	await new Promise((r) => setTimeout(r, 200));
	poll.measuredRate();
	await new Promise((r) => setTimeout(r, 1000));
	const rate = poll.measuredRate();
	await poll.stop();
	const expected = ts.expectedRate({ baud: baudRate });
	console.log(
		`poll through SpeeduinoEmulator at ${baudRate} baud: ${rate.samplesPerSecond.toFixed(1)} samples/s measured, ${expected.hz.toFixed(1)} expected (${expected.explanation})`
	);
	port.unplug();
}

export async function benchTunerStudio(): Promise<void> {
	benchEnvelopeDecode();
	benchOutputDecode();
	await benchPolling(115200);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTunerStudio();
