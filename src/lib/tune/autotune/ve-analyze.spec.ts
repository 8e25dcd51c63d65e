import { describe, expect, it } from 'vitest';
import { LOADED, SCHEMA } from '../test-fixtures.test-helper';
import { tableView } from '../table/view';
import { random, syntheticLog } from './synthetic-log.test-helper';
import { editOf, applyEdit, createHistory } from '../table/history';
import { validateTune } from '../validate/validate';
import { newViolations } from '../validate/violation';
import { analyzeVe, applyProposals } from './ve-analyze';

const ve = tableView(LOADED.tune, SCHEMA, 'veTable1Tbl');
const rnd = random(42);
/** A true VE off the table's by up to ±12 % per cell, no two neighbours alike. */
const truth = ve.z.map((row) => row.map((v) => v * (1 + 0.24 * (rnd() - 0.5))));
const engine = { x: ve.x, y: ve.y, table: ve.z, truth };
/** Ten minutes at 100 Hz. */
const log = syntheticLog(engine, { seconds: 600, seed: 7 });
const options = { lambdaDelayMs: 100 };

describe('VE Analyze on a synthetic log with a known VE error', () => {
	const result = analyzeVe({ ...ve, ve: ve.z }, log, options);

	it('filters warm-up, acceleration enrichment, fuel cut, transients and sensor dropouts', () => {
		expect(log).toHaveLength(60_000);
		const r = result.rejected;
		// The first 150 s warm up to 70 °C (about 105 s below it), every tip-in and lift is flagged.
		expect(r['warm-up']).toBeGreaterThan(10_000);
		expect(r['accel-enrichment']).toBeGreaterThan(100);
		expect(r['fuel-cut']).toBeGreaterThan(300);
		expect(r['invalid-sensor']).toBeGreaterThan(50);
		expect(r.transient + r.settling).toBeGreaterThan(200);
		expect(result.used).toBeGreaterThan(25_000);
		expect(result.used + Object.values(r).reduce((a, b) => a + b, 0)).toBe(60_000);
	});

	it('recovers the true VE within 2 % in every cell it proposes, and covers the table', () => {
		const errors = result.proposals.map(
			(p) => Math.abs(p.estimate - truth[p.row][p.column]) / truth[p.row][p.column]
		);
		expect(Math.max(...errors)).toBeLessThan(0.02);
		// Rounded to the table's whole-percent digits, still within 2 % and half a step.
		for (const p of result.proposals) {
			const t = truth[p.row][p.column];
			expect(Math.abs(p.proposed - t)).toBeLessThanOrEqual(0.02 * t + 0.5);
		}
		// Every cell the drive reached (sample weight ≥ 10) and pinned down, whose error is beyond the deadband, is
		// proposed; the rest of the reached cells are listed as undetermined, none silently dropped.
		const proposed = new Set(result.proposals.map((p) => `${p.row},${p.column}`));
		const undetermined = new Set(result.undetermined.map((p) => `${p.row},${p.column}`));
		let reached = 0;
		truth.forEach((row, r) =>
			row.forEach((t, c) => {
				if (result.coverage[r][c] < 10) return;
				reached++;
				const key = `${r},${c}`;
				if (Math.abs(t / ve.z[r][c] - 1) > 0.02) {
					expect(proposed.has(key) || undetermined.has(key), key).toBe(true);
				}
			})
		);
		expect(reached).toBeGreaterThan(200);
		expect(result.proposals.length).toBeGreaterThan(130);
		expect(result.undetermined.length).toBeLessThan(result.proposals.length / 2);
	});

	it('reports per-cell evidence: sample weight, spread and confidence', () => {
		for (const p of result.proposals) {
			expect(p.samples).toBeGreaterThanOrEqual(10);
			expect(p.confidence).toBeGreaterThan(0);
			expect(p.confidence).toBeLessThanOrEqual(1);
			expect(p.changePercent).toBeCloseTo(((p.proposed - p.current) / p.current) * 100, 10);
			expect(result.table[p.row][p.column]).toBe(p.proposed);
		}
		expect(result.proposals.filter((p) => p.confidence > 0.5).length).toBeGreaterThan(
			result.proposals.length / 2
		);
	});

	it('the per-cell weighted average blurs a cell-to-cell error that least squares resolves', () => {
		const average = analyzeVe({ ...ve, ve: ve.z }, log, { ...options, method: 'weighted-average' });
		const worst = Math.max(
			...average.proposals.map(
				(p) => Math.abs(p.estimate - truth[p.row][p.column]) / truth[p.row][p.column]
			)
		);
		expect(worst).toBeGreaterThan(0.02);
	});

	it('without the filters the same log gives wrong answers', () => {
		const unfiltered = analyzeVe({ ...ve, ve: ve.z }, log, {
			...options,
			filter: {
				minCoolant: -Infinity,
				maxTpsRate: Infinity,
				maxMapRate: Infinity,
				settleMs: 0,
				lambdaRange: [0, 100]
			}
		});
		const log2 = log.map((s) => ({ ...s, fuelCut: false, accelEnrichment: 100 }));
		const blind = analyzeVe({ ...ve, ve: ve.z }, log2, {
			...options,
			filter: {
				minCoolant: -Infinity,
				maxTpsRate: Infinity,
				maxMapRate: Infinity,
				settleMs: 0,
				lambdaRange: [0, 100]
			}
		});
		for (const r of [unfiltered, blind]) {
			const worst = Math.max(
				...r.proposals.map(
					(p) => Math.abs(p.estimate - truth[p.row][p.column]) / truth[p.row][p.column]
				)
			);
			expect(worst).toBeGreaterThan(0.05);
		}
	});
});

describe('VE Analyze safeguards', () => {
	it('proposes nothing when the table is already right (a clean control)', () => {
		const right = { x: ve.x, y: ve.y, table: ve.z, truth: ve.z };
		const control = analyzeVe(
			{ ...ve, ve: ve.z },
			syntheticLog(right, { seconds: 600, seed: 3 }),
			options
		);
		expect(control.used).toBeGreaterThan(25_000);
		expect(control.proposals).toEqual([]);
		expect(control.table).toEqual(ve.z);
	});

	it('holds a change within the authority limit and says so', () => {
		const far = ve.z.map((row) => row.map((v) => v * 1.3));
		const r = analyzeVe(
			{ ...ve, ve: ve.z },
			syntheticLog({ ...engine, truth: far }, { seconds: 600, seed: 5 }),
			{ ...options, authority: 0.15 }
		);
		expect(r.proposals.length).toBeGreaterThan(100);
		for (const p of r.proposals) {
			expect(p.limited).toBe(true);
			expect(p.estimate / p.current).toBeCloseTo(1.3, 1);
			expect(p.proposed).toBeLessThanOrEqual(Math.round(p.current * 1.15) + 0.5);
		}
	});

	it('leaves cells with too few samples alone, and clamps proposals to the definition', () => {
		const short = syntheticLog(engine, { seconds: 200, seed: 9 }).slice(16_000);
		const strict = analyzeVe({ ...ve, ve: ve.z }, short, { ...options, minSamples: 200 });
		const loose = analyzeVe({ ...ve, ve: ve.z }, short, { ...options, minSamples: 5 });
		expect(strict.proposals.length).toBeLessThan(loose.proposals.length);
		for (const p of strict.proposals) expect(p.samples).toBeGreaterThanOrEqual(200);
		const capped = analyzeVe(
			{ ...ve, ve: ve.z, bounds: { min: 0, max: 40, digits: 0 } },
			log,
			options
		);
		expect(capped.proposals.every((p) => p.proposed <= 40)).toBe(true);
	});

	it('reads AFR with stoich when lambda is not logged', () => {
		const afrLog = log.map(({ lambda, targetLambda, ...s }) => ({
			...s,
			afr: lambda! * 14.7,
			targetAfr: targetLambda! * 14.7
		}));
		const r = analyzeVe({ ...ve, ve: ve.z }, afrLog, { ...options, stoich: 14.7 });
		const same = result();
		expect(r.used).toBe(same.used);
		expect(r.proposals.map((p) => [p.row, p.column, p.proposed])).toEqual(
			same.proposals.map((p) => [p.row, p.column, p.proposed])
		);
	});
});

describe('accepting proposals', () => {
	it('applies the chosen cells as one undoable edit that is validated like any other', () => {
		const r = result();
		const confident = applyProposals(ve.z, r.proposals, (p) => p.confidence > 0.5);
		const chosen = r.proposals.filter((p) => p.confidence > 0.5);
		expect(chosen.length).toBeGreaterThan(0);
		for (const p of chosen) expect(confident[p.row][p.column]).toBe(p.proposed);
		const h = applyEdit(
			createHistory(LOADED.tune),
			editOf(LOADED.tune, 'VE Analyze', { veTable: confident })
		);
		expect(h.done[0].label).toBe('VE Analyze');
		const before = validateTune(LOADED.tune, SCHEMA);
		expect(
			newViolations(before, validateTune(h.tune, SCHEMA)).filter((v) => v.rule === 'bounds')
		).toEqual([]);
	});
});

function result() {
	return analyzeVe({ ...ve, ve: ve.z }, log, options);
}
