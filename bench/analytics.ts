// Analytics figures: virtual dyno time for a 10 s pull logged at 1 kHz (batch and live accumulator), and
// per-vehicle baseline update throughput (samples/s into rpm × load cells). Prints numbers, asserts nothing.
import { sliceChannel, type Channel } from '../src/lib/analytics/channel';
import { DynoAccumulator } from '../src/lib/analytics/dyno-accumulator';
import { HATCH, TURBO_TORQUE } from '../src/lib/analytics/dyno-fixtures.test-helper';
import { detectDrift } from '../src/lib/analytics/drift';
import { accumulateCells, logCells, type LogCells } from '../src/lib/analytics/operating-cells';
import type { RunningStats } from '../src/lib/analytics/running-stats';
import { syntheticPull } from '../src/lib/analytics/synthetic-pull.test-helper';
import { computeVirtualDyno } from '../src/lib/analytics/virtual-dyno';

function timeMs(run: () => void, budgetMs = 1000): { medianMs: number; runs: number } {
	const times: number[] = [];
	const start = performance.now();
	while (performance.now() - start < budgetMs || times.length < 3) {
		const t0 = performance.now();
		run();
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	return { medianMs: times[times.length >> 1], runs: times.length };
}

function benchDyno(): void {
	// 4th gear from 2000 rpm takes ≈ 12.7 s to reach 7000 rpm in the reference hatch; the first 10 s are the pull.
	const pull = syntheticPull({
		profile: HATCH,
		gear: 4,
		torqueNm: TURBO_TORQUE,
		rpmHz: 1000,
		jitterUs: 100
	});
	const rpm = sliceChannel(pull.rpm, pull.wotStartUs, pull.wotStartUs + 10e6);
	const seconds = (rpm.t[rpm.t.length - 1] - rpm.t[0]) / 1e6;
	const batch = timeMs(() => computeVirtualDyno({ rpm }, HATCH, { gear: 4 }));
	console.log(
		`virtual dyno, ${seconds.toFixed(1)} s pull at 1 kHz (${rpm.t.length} samples, 1 ms grid, 0.8 s window): ` +
			`${batch.medianMs.toFixed(1)} ms median over ${batch.runs} runs`
	);
	const live = timeMs(() => {
		const acc = new DynoAccumulator({ source: 'kinematic', profile: HATCH, gear: 4, gridUs: 1000 });
		for (let i = 0; i < rpm.t.length; i++) acc.push({ tUs: rpm.t[i], rpm: rpm.v[i] });
		acc.finish();
	});
	console.log(
		`DynoAccumulator, same pull sample by sample: ${live.medianMs.toFixed(1)} ms ` +
			`(${(((rpm.t.length / live.medianMs) * 1000) / 1e6).toFixed(2)} M samples/s)`
	);
}

function benchBaseline(): void {
	const n = 1_000_000;
	const t = new Float64Array(n);
	const rpm = new Float32Array(n);
	const load = new Float32Array(n);
	const value = new Float32Array(n);
	for (let i = 0; i < n; i++) {
		t[i] = i * 1000;
		rpm[i] = 3500 + 2500 * Math.sin(i / 5000);
		load[i] = 110 + 90 * Math.sin(i / 3100);
		value[i] = Math.sin(i / 77);
	}
	const log = {
		rpm: { t, v: rpm } as Channel,
		load: { t, v: load } as Channel,
		value: { t, v: value } as Channel
	};
	const r = timeMs(() => accumulateCells({} as Record<`${number}:${number}`, RunningStats>, log));
	console.log(
		`baseline update (1 kHz rpm, load, value → 500 rpm × 20 kPa cells): ` +
			`${(((n / r.medianMs) * 1000) / 1e6).toFixed(1)} M samples/s`
	);
	const logs: LogCells[] = Array.from({ length: 52 }, (_, k) =>
		logCells(`log-${k}`, new Date(Date.UTC(2026, 0, 1 + 7 * k)).toISOString(), {
			rpm: log.rpm,
			load: log.load,
			value: { t: t.subarray(0, 200_000), v: value.map((x) => x + k * 0.001).subarray(0, 200_000) }
		})
	);
	const d = timeMs(() => detectDrift(logs, { label: 'knock retard', unit: '°' }));
	console.log(
		`drift detection, a year of weekly logs (52 × ${Object.keys(logs[0].cells).length} cells): ${d.medianMs.toFixed(1)} ms`
	);
}

/** Analytics figures (prints, asserts nothing). */
export async function benchAnalytics(): Promise<void> {
	benchDyno();
	benchBaseline();
}
