// Frame → decode → ring buffers → safety verdict, as the adapter's worker runs it, fed by the simulated car.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SimulatedVehicle } from '../src/lib/hardware/emulators/vehicle/simulated-vehicle';
import { compileDbc, parseDbc } from '../src/lib/hardware/protocol/dbc';
import type { CanFrame } from '../src/lib/hardware/protocol/can-frame';
import { LivePipeline } from '../src/lib/live/live-pipeline';
import { turboPetrolProfile } from '../src/lib/safety';

const dbcPath = fileURLToPath(
	new URL('../src/lib/hardware/emulators/vehicle/simulated-car.dbc', import.meta.url)
);

export async function benchPipeline(): Promise<void> {
	const dbc = compileDbc(parseDbc(readFileSync(dbcPath, 'latin1')));
	const vehicle = new SimulatedVehicle({ scenario: 'demo', seed: 1 });
	const frames: CanFrame[] = [];
	for (let s = 1; s <= 60; s++) frames.push(...vehicle.poll(s * 1_000_000));

	const pipeline = new LivePipeline({ dbc, profile: turboPetrolProfile });
	for (const f of frames.slice(0, 20_000)) pipeline.ingest(f);
	const rounds = 5;
	const t0 = performance.now();
	for (let r = 0; r < rounds; r++) for (const f of frames) pipeline.ingest(f);
	const ms = performance.now() - t0;
	const perSecond = (frames.length * rounds) / (ms / 1000);
	console.log(
		`pipeline ingest (decode + rings + safety rules): ${(perSecond / 1e6).toFixed(2)}M frames/s, ` +
			`${((ms * 1000) / (frames.length * rounds)).toFixed(3)} µs per frame`
	);

	const latencies = new Float64Array(10_000);
	for (let i = 0; i < latencies.length; i++) {
		const f = frames[i % frames.length];
		const a = performance.now();
		pipeline.ingest(f);
		latencies[i] = performance.now() - a;
	}
	latencies.sort();
	const p = (q: number) => (latencies[Math.floor(q * (latencies.length - 1))] * 1000).toFixed(2);
	console.log(
		`frame → verdict latency: p50 ${p(0.5)} µs, p99 ${p(0.99)} µs, max ${p(1)} µs (target < 1000 µs)`
	);

	const s0 = performance.now();
	for (let i = 0; i < 200; i++) pipeline.snapshot(10_000_000, 400);
	console.log(
		`UI snapshot (all channels, 10 s window, 400 buckets): ${((performance.now() - s0) / 200).toFixed(2)} ms`
	);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPipeline();
