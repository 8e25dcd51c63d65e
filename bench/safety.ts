// Safety engine figures: decode-free rules throughput for a 64-channel profile, per-sample latency, decode +
// rules on the simulated car's frames with the shipped turbo profile (one core), and the frame → verdict latency of
// the scripted faults. Prints numbers, asserts nothing.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScenarioName } from '../src/lib/hardware/emulators/vehicle/scenarios';
import { SimulatedVehicle } from '../src/lib/hardware/emulators/vehicle/simulated-vehicle';
import { compileDbc, parseDbc, type CompiledDbc } from '../src/lib/hardware/protocol/dbc';
import type { CanFrame } from '../src/lib/hardware/protocol/can-frame';
import { signalPeriodsUs, signalRanges } from '../src/lib/safety/decoder-inputs';
import { turboPetrolProfile } from '../src/lib/safety/default-profiles';
import { parseProfile } from '../src/lib/safety/profile-merge';
import type { SafetyRule } from '../src/lib/safety/rule-schema';
import { SafetyEngine } from '../src/lib/safety/safety-engine';

const CHANNELS = 64;

/** One rule per channel cycling through the kinds, plus conditions on a quarter of them: 64 channels, 80 rules. */
function wideProfile() {
	const ch = (i: number) => `ch${i % CHANNELS}`;
	const rules: SafetyRule[] = [];
	for (let i = 0; i < CHANNELS; i++) {
		const when = i % 4 === 0 ? [{ channel: ch(i + 1), above: 10 }] : undefined;
		const id = `r${i}`;
		switch (i % 8) {
			case 0:
			case 1:
			case 2:
				rules.push({
					kind: 'bounds',
					id,
					channel: ch(i),
					warnHigh: 90,
					critHigh: 95,
					warnLow: 5,
					hysteresis: 1,
					forMs: 20,
					when
				});
				break;
			case 3:
				rules.push({ kind: 'rate', id, channel: ch(i), windowMs: 500, warnHigh: 500, when });
				break;
			case 4:
				rules.push({
					kind: 'difference',
					id,
					a: ch(i),
					b: ch(i + 1),
					warnHigh: 80,
					critHigh: 90,
					when
				});
				break;
			case 5:
				rules.push({
					kind: 'injector-duty',
					id,
					rpm: ch(i),
					pulseWidth: ch(i + 1),
					warnHigh: 80,
					critHigh: 85,
					when
				});
				break;
			case 6:
				rules.push({
					kind: 'knock-count',
					id,
					channel: ch(i),
					windowMs: 1000,
					wrap: 4096,
					warnHigh: 1e6,
					when
				});
				break;
			case 7:
				rules.push({
					kind: 'knock-retard',
					id,
					channels: [ch(i), ch(i + 1), ch(i + 2), ch(i + 3)],
					warnHigh: 90,
					when
				});
				break;
		}
	}
	for (let i = 0; i < 16; i++)
		rules.push({
			kind: 'bounds',
			id: `extra${i}`,
			channel: ch(i * 4),
			warnHigh: 97,
			critHigh: 99,
			latch: 'critical'
		});
	return parseProfile({
		id: 'bench',
		name: 'Bench',
		version: 1,
		actions: { warn: [{ kind: 'alarm' }] },
		rules
	});
}

function percentiles(samples: Float64Array): string {
	samples.sort();
	const p = (q: number) => (samples[Math.floor(q * (samples.length - 1))] * 1000).toFixed(2);
	return `p50 ${p(0.5)} µs, p99 ${p(0.99)} µs, max ${p(1)} µs`;
}

function benchRules(): void {
	const profile = wideProfile();
	const channels = Array.from({ length: CHANNELS }, (_, i) => `ch${i}`);
	let verdicts = 0;
	const engine = new SafetyEngine({ profile, channels, onVerdict: () => verdicts++ });
	// 8 kHz of frames × 8 signals each: every channel at 1 kHz, values wandering through the limits now and then.
	const n = 1 << 20;
	const ch = new Int32Array(n);
	const val = new Float64Array(n);
	const time = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		ch[i] = i % CHANNELS;
		time[i] = Math.floor(i / CHANNELS) * 1000;
		val[i] = 50 + 47 * Math.sin(i / 9973 + ch[i]);
	}
	for (let i = 0; i < n; i++) engine.sample(ch[i], val[i], time[i]);
	const rounds = 5;
	const t0 = performance.now();
	for (let r = 1; r <= rounds; r++) {
		const offset = r * time[n - 1] + 1000;
		for (let i = 0; i < n; i++) engine.sample(ch[i], val[i], time[i] + offset);
	}
	const ms = performance.now() - t0;
	console.log(
		`rules only, ${CHANNELS} channels / ${engine.rules.length} rules: ${((n * rounds) / ms / 1000).toFixed(2)}M samples/s ` +
			`(${((ms * 1e6) / (n * rounds)).toFixed(0)} ns per sample, ${verdicts} verdicts emitted)`
	);

	// One 8-signal frame's worth of samples per measurement: what a frame costs in the worker at 8 kHz × 64 ch.
	const frames = new Float64Array(100_000);
	const base = (rounds + 2) * time[n - 1];
	for (let f = 0; f < frames.length; f++) {
		const a = performance.now();
		for (let k = 0; k < 8; k++) {
			const i = (f * 8 + k) % n;
			engine.sample(ch[i], val[i], time[i] + base);
		}
		frames[f] = performance.now() - a;
	}
	console.log(`8-sample frame through all ${engine.rules.length} rules: ${percentiles(frames)}`);
}

const dbc = compileDbc(
	parseDbc(
		readFileSync(
			fileURLToPath(
				new URL('../src/lib/hardware/emulators/vehicle/simulated-car.dbc', import.meta.url)
			),
			'latin1'
		)
	)
);

/** The engine the live pipeline builds for the simulated car: its DBC's channels, periods and ranges. */
function carEngine(onVerdict?: () => void): SafetyEngine {
	return new SafetyEngine({
		profile: turboPetrolProfile,
		channels: dbc.signals.map((s) => s.name),
		periodsUs: signalPeriodsUs(dbc.signals, dbc.messages),
		ranges: signalRanges(dbc.signals),
		onVerdict
	});
}

function carFrames(scenario: ScenarioName, seconds: number): CanFrame[] {
	const car = new SimulatedVehicle({ scenario, seed: 1 });
	const frames: CanFrame[] = [];
	for (let ms = 10; ms <= seconds * 1000; ms += 10) frames.push(...car.poll(ms * 1000));
	return frames;
}

/** What the worker does per frame: look up the message, decode into the scratch array, sample each signal. */
function feed(
	engine: SafetyEngine,
	table: CompiledDbc,
	out: Float64Array,
	f: CanFrame,
	offsetUs: number
): void {
	const message = table.message(f.id, f.extended);
	if (!message || !message.decodeInto(f.data, out)) return;
	const ix = message.signalIndexes;
	for (let k = 0; k < ix.length; k++) engine.sample(ix[k], out[ix[k]], f.timestampUs + offsetUs);
}

function benchDecodePlusRules(): void {
	const frames = carFrames('demo', 60);
	const engine = carEngine();
	const out = new Float64Array(dbc.signals.length);
	const span = frames[frames.length - 1].timestampUs + 1000;
	const run = (offset: number) => {
		for (let i = 0; i < frames.length; i++) feed(engine, dbc, out, frames[i], offset);
	};
	run(0);
	// Each round is a minute of driving. Wall time counts whatever else the box runs; process CPU time does not,
	// so both are printed (medians of 9 rounds).
	const wall: number[] = [];
	const cpu: number[] = [];
	for (let r = 1; r <= 9; r++) {
		const c0 = process.cpuUsage();
		const t0 = performance.now();
		run(r * span);
		const ms = performance.now() - t0;
		const c = process.cpuUsage(c0);
		wall.push(frames.length / ms / 1000);
		cpu.push(frames.length / ((c.user + c.system) / 1000) / 1000);
	}
	const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1].toFixed(2);
	console.log(
		`decode + turbo profile (${engine.rules.length} rules) on the simulated car, one core: ` +
			`${median(cpu)}M frames per CPU-second, ${median(wall)}M frames/s wall (target ≥ 3M)`
	);
}

/**
 * Frame arrival → verdict callback, in Node, through decode and every rule, for the scripted faults: every frame
 * is timed, and the frames that raised or cleared a verdict are reported on their own.
 */
function benchFrameToVerdict(): void {
	const scenarios: [ScenarioName, number][] = [
		['overboost-at-12s', 14],
		['lean-spike', 6],
		['knock-burst-cyl3', 11],
		['egt-ramp', 12],
		['coolant-dropout', 10]
	];
	const all: number[] = [];
	const toVerdict: number[] = [];
	for (let pass = 0; pass < 3; pass++) {
		for (const [scenario, seconds] of scenarios) {
			const frames = carFrames(scenario, seconds);
			let arrival = 0;
			let firstVerdictMs = -1;
			const engine = carEngine(() => {
				if (firstVerdictMs < 0) firstVerdictMs = performance.now() - arrival;
			});
			const out = new Float64Array(dbc.signals.length);
			for (const f of frames) {
				firstVerdictMs = -1;
				arrival = performance.now();
				feed(engine, dbc, out, f, 0);
				const done = performance.now() - arrival;
				// The first pass warms the JIT up; only later passes count.
				if (pass === 0) continue;
				all.push(done);
				if (firstVerdictMs >= 0) toVerdict.push(firstVerdictMs);
			}
		}
	}
	console.log(
		`frame → verdict in Node, scripted faults (${toVerdict.length} verdict frames): ${percentiles(Float64Array.from(toVerdict))}`
	);
	console.log(
		`frame through decode + all rules (${all.length} frames): ${percentiles(Float64Array.from(all))} (target p99 ≤ 1000 µs)`
	);
}

export async function benchSafety(): Promise<void> {
	benchRules();
	benchDecodePlusRules();
	benchFrameToVerdict();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSafety();
