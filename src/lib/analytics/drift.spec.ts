import { describe, expect, it } from 'vitest';
import { Prng } from '../hardware/emulators/vehicle/prng';
import { channel } from './dyno-fixtures.test-helper';
import { detectDrift, type DriftOptions } from './drift';
import { accumulateCells, logCells, mergeCells, type LogCells } from './operating-cells';
import { emptyStats, mergeStats, pushValue, variance } from './running-stats';

type Shift = (rpm: number, load: number) => number;
const none: Shift = () => 0;

/**
 * A 15-minute drive logged at 20 Hz: the car dwells 2–5 s at random points of 1000–6000 rpm × 20–200 kPa, once
 * briefly above 6500 rpm. The channel (knock retard, °) depends on rpm and load, carries a per-log offset (fuel,
 * weather; 0.3° 1σ) and slow AR(1) noise (0.8° 1σ, φ = 0.95), plus `shift`.
 */
function drive(
	seed: number,
	offset: number,
	shift: Shift = none
): { rpm: number[]; load: number[]; value: number[]; t: number[] } {
	const rng = new Prng(seed);
	const out = {
		t: [] as number[],
		rpm: [] as number[],
		load: [] as number[],
		value: [] as number[]
	};
	const phi = 0.95;
	let ar = 0;
	let k = 0;
	let rare = false;
	const dwell = (rpm: number, load: number, seconds: number) => {
		for (let i = 0; i < seconds * 20; i++, k++) {
			const r = rpm + 40 * rng.gaussian();
			const l = load + 3 * rng.gaussian();
			ar = phi * ar + 0.8 * Math.sqrt(1 - phi * phi) * rng.gaussian();
			out.t.push(k * 50_000);
			out.rpm.push(r);
			out.load.push(l);
			out.value.push(1 + (2 * l) / 200 + r / 4000 + offset + ar + shift(r, l));
		}
	};
	while (k < 900 * 20) {
		dwell(1000 + rng.next() * 5000, 20 + rng.next() * 180, 2 + rng.next() * 3);
		if (!rare && k > 450 * 20) {
			rare = true;
			dwell(6750, 120, 0.5);
		}
	}
	return out;
}

/** The log's own offset from fuel, weather and the like: 0.3° (1σ). */
const logOffset = (seed: number, i: number) => 0.3 * new Prng(seed * 7919 + i).gaussian();

function weekly(count: number, seed: number, shiftFor: (i: number) => Shift): LogCells[] {
	return Array.from({ length: count }, (_, i) => {
		const d = drive(seed * 1000 + i, logOffset(seed, i), shiftFor(i));
		const startedAt = new Date(Date.UTC(2026, 8, 5 + 7 * i, 9)).toISOString();
		return logCells(`log-${i}`, startedAt, {
			rpm: channel(d.t, d.rpm),
			load: channel(d.t, d.load),
			value: channel(d.t, d.value)
		});
	});
}

const KNOCK: DriftOptions = { label: 'cylinder 3 knock retard', unit: '°' };
const retardUp: Shift = (r, l) => (r >= 4000 && r < 5000 && l >= 100 ? 2 : 0);

describe('detectDrift', () => {
	it('flags injected drift with where, how much and since when', () => {
		const logs = weekly(12, 1, (i) => (i >= 7 ? retardUp : none));
		const findings = detectDrift(logs, KNOCK);
		expect(findings).toHaveLength(1);
		const [f] = findings;
		expect(f).toMatchObject({
			kind: 'drift',
			rpmRange: [4000, 5000],
			loadRange: [100, 200],
			since: '2026-10-24T09:00:00.000Z',
			logIds: ['log-7', 'log-8', 'log-9', 'log-10', 'log-11']
		});
		// Relative to the rest of the map, which the drifted cells pull up slightly: ≈ 1.9 ± 0.1 (1σ).
		expect(f.delta).toBeGreaterThan(1.6);
		expect(f.delta).toBeLessThan(2.3);
		expect(f.sentence).toMatch(
			/^cylinder 3 knock retard up [12]\.\d° at 4000–5000 rpm, 100–200 kPa since 2026-10-24$/
		);
		expect(f.cells).toHaveLength(10);
	});

	it('flags nothing in clean logs (ten vehicles, twelve logs each)', () => {
		for (let seed = 1; seed <= 10; seed++)
			expect(
				detectDrift(
					weekly(12, 100 + seed, () => none),
					KNOCK
				)
			).toEqual([]);
	});

	it('reports a shift of the whole map once, not once per cell', () => {
		const logs = weekly(12, 6, (i) => (i >= 8 ? () => 1.5 : none));
		const findings = detectDrift(logs, KNOCK);
		expect(findings).toHaveLength(1);
		expect(findings[0].cells).toEqual([]);
		expect(findings[0].sentence).toMatch(
			/^cylinder 3 knock retard up \d\.\d° across the whole map since 2026-10-31$/
		);
		// The logs' own offsets add to the injected 1.5°; the estimate should see exactly that.
		const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
		const offsets = Array.from({ length: 12 }, (_, i) => logOffset(6, i));
		const expected = 1.5 + mean(offsets.slice(8)) - mean(offsets.slice(0, 8));
		expect(findings[0].delta).toBeCloseTo(expected, 1);
	});

	it('does not flag a shift in a cell too rarely visited to judge', () => {
		const rare: Shift = (r) => (r >= 6500 ? 3 : 0);
		const logs = weekly(12, 2, (i) => (i >= 7 ? rare : none));
		expect(logs[0].cells['13:6']?.n).toBeLessThan(20);
		expect(detectDrift(logs, KNOCK)).toEqual([]);
	});

	it('does not call one odd log in the middle a drift', () => {
		const everywhere: Shift = () => 3;
		expect(
			detectDrift(
				weekly(12, 3, (i) => (i === 5 ? everywhere : none)),
				KNOCK
			)
		).toEqual([]);
	});

	it('reports the newest log as an anomaly when it alone departs from the baseline', () => {
		const lowLoad: Shift = (r, l) => (r >= 2000 && r < 3000 && l < 60 ? 3 : 0);
		const logs = weekly(10, 4, (i) => (i === 9 ? lowLoad : none));
		const [f, ...rest] = detectDrift(logs, KNOCK);
		expect(rest).toEqual([]);
		expect(f).toMatchObject({
			kind: 'anomaly',
			rpmRange: [2000, 3000],
			loadRange: [20, 60],
			logIds: ['log-9']
		});
		expect(f.sentence).toMatch(
			/^cylinder 3 knock retard [23]\.\d° above baseline at 2000–3000 rpm, 20–60 kPa in the log of 2026-11-07$/
		);
	});

	it('ignores a shift smaller than minDelta', () => {
		const logs = weekly(12, 1, (i) => (i >= 7 ? retardUp : none));
		expect(detectDrift(logs, { ...KNOCK, minDelta: 3.5 })).toEqual([]);
	});

	it('works from stored cells: JSON round trip and any log order give the same findings', () => {
		const logs = weekly(12, 1, (i) => (i >= 7 ? retardUp : none));
		const stored = JSON.parse(JSON.stringify([...logs].reverse())) as LogCells[];
		const gist = (fs: ReturnType<typeof detectDrift>) =>
			fs.map((f) => ({ ...f, delta: f.delta.toFixed(9), cells: f.cells.map((c) => c.key) }));
		expect(gist(detectDrift(stored, KNOCK))).toEqual(gist(detectDrift(logs, KNOCK)));
	});

	it('rejects options it cannot honour', () => {
		expect(() => detectDrift([], { label: '' })).toThrow(/label/);
		expect(() => detectDrift([], { ...KNOCK, minBaselineLogs: 1 })).toThrow(/baseline/);
		expect(() => detectDrift([], { ...KNOCK, minT: -1 })).toThrow(/minT/);
	});
});

describe('operating cells', () => {
	it('puts each sample in the rpm × load cell of its moment', () => {
		const cells = accumulateCells(
			{},
			{
				rpm: channel([0, 10e6], [1000, 6000]),
				load: channel([0, 10e6], [40, 140]),
				value: channel([1e6, 5e6, 9e6, 11e6], [1, 2, 3, 4])
			}
		);
		// 1 s: 1500 rpm, 50 kPa → (3, 2); 5 s: 3500, 90 → (7, 4); 9 s: 5500, 130 → (11, 6); 11 s: outside, skipped
		expect(Object.keys(cells).sort()).toEqual(['11:6', '3:2', '7:4']);
		expect(cells['7:4']).toEqual({ n: 1, mean: 2, m2: 0 });
	});

	it('merges per-log cells into a vehicle baseline and refuses mixed grids', () => {
		const a = logCells('a', '2026-01-01', {
			rpm: channel([0, 1], [1000, 1000]),
			load: channel([0, 1], [30, 30]),
			value: channel([0, 1], [1, 3])
		});
		const b = logCells('b', '2026-01-02', {
			rpm: channel([0, 1], [1000, 1000]),
			load: channel([0, 1], [30, 30]),
			value: channel([0], [5])
		});
		expect(mergeCells([a, b])['2:1']).toEqual({ n: 3, mean: 3, m2: 8 });
		expect(() => mergeCells([a, { ...b, grid: { rpmStep: 250, loadStep: 20 } }])).toThrow(
			/different cell grid/
		);
		expect(() =>
			logCells('c', 'yesterday', { rpm: a as never, load: a as never, value: a as never })
		).toThrow(/ISO date/);
	});
});

describe('running stats', () => {
	it('merge of parts equals one pass over the whole (Welford / Chan)', () => {
		const rng = new Prng(8);
		const xs = Array.from({ length: 1000 }, () => 100 + 5 * rng.gaussian());
		const whole = emptyStats();
		xs.forEach((x) => pushValue(whole, x));
		const parts = [0, 137, 600, 1000].slice(1).map((end, i, ends) => {
			const s = emptyStats();
			xs.slice(i === 0 ? 0 : ends[i - 1], end).forEach((x) => pushValue(s, x));
			return s;
		});
		const merged = parts.reduce(mergeStats, emptyStats());
		expect(merged.n).toBe(1000);
		expect(merged.mean).toBeCloseTo(whole.mean, 10);
		expect(variance(merged)).toBeCloseTo(variance(whole), 8);
		const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
		expect(variance(whole)).toBeCloseTo(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / 999, 8);
	});
});
