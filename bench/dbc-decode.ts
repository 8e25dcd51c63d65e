import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileDbc, parseDbc, type CompiledMessage } from '../src/lib/hardware/protocol/dbc';

const DBC_PATH = resolve(
	fileURLToPath(import.meta.url),
	'../../../shared/data/opendbc/toyota_2017_ref_pt.dbc'
);
const FRAME_POOL = 4096;
const ROUNDS = 5;
const ROUND_MS = 1000;

/** Deterministic xorshift32 so runs compare like for like. */
function random(seed: number): () => number {
	let s = seed >>> 0 || 1;
	return () => {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		return s >>> 0;
	};
}

/** The shared machine makes single rounds noisy; the median shows the typical round beside the best. */
function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[sorted.length >> 1];
}

/**
 * Decodes random 8-byte payloads for every message id of toyota_2017_ref_pt.dbc on one core through
 * `CompiledMessage.decodeInto`, and prints frames/s (best and median of ROUNDS one-second rounds,
 * wall-clock and per CPU-second) and signals/s.
 */
export async function benchDbcDecode(): Promise<void> {
	const compiled = compileDbc(parseDbc(readFileSync(DBC_PATH, 'latin1')));
	const next = random(0x2017);
	const messages: CompiledMessage[] = [];
	const payloads: Uint8Array[] = [];
	for (let i = 0; i < FRAME_POOL; i++) {
		const m = compiled.messages[next() % compiled.messages.length];
		const msg = compiled.message(m.id, m.extended);
		if (!msg) throw new Error(`lookup of ${m.id} failed`);
		messages.push(msg);
		payloads.push(Uint8Array.from({ length: 8 }, () => next() & 0xff));
	}
	const ids = Int32Array.from(messages, (m) => m.id);
	const extended = Uint8Array.from(messages, (m) => (m.extended ? 1 : 0));
	const signalsInPool = messages.reduce((a, m) => a + m.signalIndexes.length, 0);
	const out = new Float64Array(compiled.signals.length);

	const wall: number[] = [];
	const perCpu: number[] = [];
	let sink = 0;
	for (let round = 0; round < ROUNDS; round++) {
		let frames = 0;
		const cpu0 = process.cpuUsage();
		const t0 = performance.now();
		let elapsed = 0;
		while (elapsed < ROUND_MS) {
			for (let i = 0; i < FRAME_POOL; i++) {
				// The lookup is part of the measured path: a live decoder gets (id, payload) pairs.
				const msg = compiled.message(ids[i], extended[i] === 1);
				if (msg !== undefined && msg.decodeInto(payloads[i], out))
					sink += out[msg.signalIndexes[0]];
			}
			frames += FRAME_POOL;
			elapsed = performance.now() - t0;
		}
		const cpu = process.cpuUsage(cpu0);
		wall.push((frames / elapsed) * 1000);
		perCpu.push(frames / ((cpu.user + cpu.system) / 1e6));
	}
	const best = Math.max(...wall);
	const signalsPerFrame = signalsInPool / FRAME_POOL;
	console.log(
		`dbc-decode: toyota_2017_ref_pt.dbc, ${compiled.messages.length} messages, ${compiled.signals.length} signals`
	);
	console.log(
		`  frames/s : ${(best / 1e6).toFixed(2)} M wall, ${(Math.max(...perCpu) / 1e6).toFixed(2)} M per CPU-second (best)`
	);
	console.log(
		`             ${(median(wall) / 1e6).toFixed(2)} M wall, ${(median(perCpu) / 1e6).toFixed(2)} M per CPU-second (median)`
	);
	console.log(
		`  signals/s: ${((best * signalsPerFrame) / 1e6).toFixed(1)} M wall (${signalsPerFrame.toFixed(1)} signals/frame)`
	);
	console.log(
		`  (lookup + decodeInto, random 8-byte payloads, one thread; ${ROUNDS} one-second rounds)`
	);
	if (Number.isNaN(sink)) console.log('  (checksum NaN)');
}

if (import.meta.url === `file://${process.argv[1]}`) {
	await benchDbcDecode();
}
