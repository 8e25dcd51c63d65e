import { lookupTable } from '../table/lookup';
import { fitValue, type CellBounds } from '../table/selection';
import {
	DEFAULT_FILTER,
	classifySamples,
	lambdas,
	type LogSample,
	type RejectReason,
	type SampleFilter
} from './samples';
import { cholesky, choleskySolve, inverseDiagonal } from './solve';

/** The table to correct: VE cells over rpm (x, columns) and load (y, rows) bins. */
export interface VeTableInput {
	x: readonly number[];
	y: readonly number[];
	ve: readonly (readonly number[])[];
	/** The definition's lo/hi and digits for VE; proposals are clamped and rounded to them. */
	bounds?: CellBounds;
}

export interface VeAnalyzeOptions {
	filter?: Partial<SampleFilter>;
	/** Stoichiometric AFR, to turn logged AFR into lambda (speeduino.ini `stoich`). */
	stoich?: number;
	/** Least bilinear weight (≈ samples sitting on the cell) before a cell gets a proposal. @default 10 */
	minSamples?: number;
	/** Largest change proposed for a cell in one pass, as a fraction (0.15 = ±15 %). @default 0.15 */
	authority?: number;
	/** Changes smaller than this fraction are not proposed. @default 0.01 */
	deadband?: number;
	/** Transport and sensor delay: the lambda that answers a sample is read this much later. @default 0 */
	lambdaDelayMs?: number;
	/**
	 * `least-squares` solves for the cells whose interpolated VE best explains every sample (exact when the data
	 * cover the table, even where the error changes cell to cell); `weighted-average` is the per-cell weighted mean
	 * correction (TunerStudio's VE Analyze), which blurs an error across neighbouring cells. @default 'least-squares'
	 */
	method?: 'least-squares' | 'weighted-average';
	/**
	 * Least squares only: how strongly each cell is held to its weighted-average estimate, relative to its sample
	 * weight; it keeps the solution unique where the samples only fix sums of neighbouring cells. @default 0.003
	 */
	ridge?: number;
	/**
	 * Least squares only: a cell whose variance inflation (how much worse its estimate is than if its samples had
	 * pinned it down alone) exceeds this gets no proposal and is listed as undetermined. @default 6
	 */
	maxInflation?: number;
}

/** A proposed change of one cell, with the evidence for it. */
export interface CellProposal {
	row: number;
	column: number;
	rpm: number;
	load: number;
	current: number;
	/** The unrounded, unlimited estimate of the right VE. */
	estimate: number;
	/** What to set: the estimate within the authority limit, clamped and rounded to the definition. */
	proposed: number;
	/** (proposed − current) ÷ current, in %. */
	changePercent: number;
	/** Sum of the bilinear weights of the samples that touched the cell. */
	samples: number;
	/** Weighted spread (standard deviation) of measured ÷ target lambda around the cell. */
	spread: number;
	/** 0…1: enough samples (vs 2 × minSamples) and a consistent correction (spread 5 % halves it). */
	confidence: number;
	/** The estimate was beyond the authority limit and was cut to it. */
	limited: boolean;
}

export interface VeAnalyzeResult {
	proposals: CellProposal[];
	/** The VE table with every proposal applied. */
	table: number[][];
	/** Samples used, and why the others were not. */
	used: number;
	rejected: Record<RejectReason, number>;
	/**
	 * Cells with enough sample weight that the data still do not pin down on their own (least squares only): the
	 * drive crossed them along one line. Drive through them in other directions for a proposal.
	 */
	undetermined: { row: number; column: number }[];
	/** Sample weight per cell (rows × columns), for a coverage map. */
	coverage: number[][];
}

/**
 * VE Analyze: from logged lambda against target, the VE each cell should hold. Per sample, the correction is
 * measured ÷ target lambda × EGO correction/100 (the air the engine took over the air the table assumed: VE_true ÷
 * VE_table, whatever the fuel equation's other terms). Samples are filtered (warm-up, acceleration enrichment, decel
 * fuel cut, TPS/MAP transients and the settling after them, implausible sensors, points off the table) and
 * attributed to the four cells around the operating point by their bilinear weights, the same weights the ECU
 * used. Cells with too little weight are left alone; every change is held within the authority limit and comes with
 * its sample weight, spread and confidence for the user to accept or reject.
 */
export function analyzeVe(
	table: VeTableInput,
	samples: readonly LogSample[],
	options: VeAnalyzeOptions = {}
): VeAnalyzeResult {
	const filter = { ...DEFAULT_FILTER, ...options.filter };
	const minSamples = options.minSamples ?? 10;
	const authority = options.authority ?? 0.15;
	const deadband = options.deadband ?? 0.01;
	const rows = table.y.length;
	const columns = table.x.length;
	const n = rows * columns;
	const current = Float64Array.from(table.ve.flat());
	if (current.length !== n) throw new RangeError(`VE table is not ${rows}×${columns}`);

	const measuredAt = delayedLambda(samples, options.stoich, options.lambdaDelayMs ?? 0);
	const verdicts = classifySamples(samples, filter, options.stoich, measuredAt);
	const rejected: Record<RejectReason, number> = {
		'invalid-sensor': 0,
		'warm-up': 0,
		'fuel-cut': 0,
		'accel-enrichment': 0,
		transient: 0,
		settling: 0,
		'outside-table': 0
	};
	const weight = new Float64Array(n);
	const weightC = new Float64Array(n);
	const weightC2 = new Float64Array(n);
	const normal = new Float64Array(n * n);
	const rhs = new Float64Array(n);
	let used = 0;
	for (let i = 0; i < samples.length; i++) {
		const verdict = verdicts[i];
		if (verdict) {
			rejected[verdict]++;
			continue;
		}
		const s = samples[i];
		const point = lookupTable(table.ve, table.x, table.y, s.rpm, s.load);
		if (point.row.clamped || point.column.clamped) {
			rejected['outside-table']++;
			continue;
		}
		const c =
			(measuredAt(i) / lambdas(s, options.stoich).target) * ((s.egoCorrection ?? 100) / 100);
		const target = c * point.value;
		used++;
		const ws = point.weights;
		for (const a of ws) {
			const k = a.row * columns + a.column;
			weight[k] += a.weight;
			weightC[k] += a.weight * c;
			weightC2[k] += a.weight * c * c;
			rhs[k] += a.weight * target;
			for (const b of ws) normal[k * n + b.row * columns + b.column] += a.weight * b.weight;
		}
	}

	const solved = new Uint8Array(n);
	const prior = Float64Array.from(current);
	for (let k = 0; k < n; k++) {
		// Every cell the data touch is solved for, so a sparsely seen cell does not hold its neighbours to its current
		// (wrong) value; only cells with minSamples get a proposal.
		if (weight[k] > 0) {
			solved[k] = 1;
			prior[k] = current[k] * (weightC[k] / weight[k]);
		}
	}
	const averaged = options.method === 'weighted-average';
	const { estimate, inflation } = averaged
		? { estimate: prior, inflation: new Float64Array(n).fill(1) }
		: leastSquares(normal, rhs, weight, solved, current, prior, options.ridge ?? 0.003);
	const maxInflation = options.maxInflation ?? 6;
	const undetermined: { row: number; column: number }[] = [];

	const proposals: CellProposal[] = [];
	const out = table.ve.map((r) => [...r]);
	for (let k = 0; k < n; k++) {
		if (weight[k] < minSamples || !(current[k] > 0)) continue;
		const row = Math.floor(k / columns);
		const column = k % columns;
		if (!(inflation[k] <= maxInflation)) {
			undetermined.push({ row, column });
			continue;
		}
		const mean = weightC[k] / weight[k];
		const spread = Math.sqrt(Math.max(0, weightC2[k] / weight[k] - mean * mean));
		const ratio = estimate[k] / current[k];
		const limitedRatio = Math.min(1 + authority, Math.max(1 - authority, ratio));
		const proposed = fitValue(current[k] * limitedRatio, table.bounds);
		const standardError = spread / Math.sqrt(weight[k]);
		if (Math.abs(ratio - 1) < Math.max(deadband, 2 * standardError) || proposed === current[k])
			continue;
		out[row][column] = proposed;
		proposals.push({
			row,
			column,
			rpm: table.x[column],
			load: table.y[row],
			current: current[k],
			estimate: estimate[k],
			proposed,
			changePercent: ((proposed - current[k]) / current[k]) * 100,
			samples: weight[k],
			spread,
			confidence: Math.min(1, weight[k] / (2 * minSamples)) / (1 + (spread / 0.05) ** 2),
			limited: limitedRatio !== ratio
		});
	}
	const coverage = table.ve.map((r, row) => r.map((_, column) => weight[row * columns + column]));
	return { proposals, table: out, used, rejected, undetermined, coverage };
}

/**
 * The VE values that best explain the samples: minimise Σ (Σ_k w_sk VE_k − c_s · VE_table(p_s))² over the cells with
 * any sample weight (the others held at their current value), plus `ridge` × W_k × (VE_k − prior_k)² toward each cell's
 * weighted-average estimate. Also returns each cell's variance inflation W_k · (A⁻¹)_kk: about 1 when the samples
 * pin the cell down on their own, large when they only fix it in combination with a neighbour (a drive that crossed
 * the cell along one line), where the estimate leans on the ridge instead of the data.
 */
function leastSquares(
	normal: Float64Array,
	rhs: Float64Array,
	weight: Float64Array,
	solved: Uint8Array,
	current: Float64Array,
	prior: Float64Array,
	ridge: number
): { estimate: Float64Array; inflation: Float64Array } {
	const n = rhs.length;
	const index: number[] = [];
	for (let k = 0; k < n; k++) if (solved[k]) index.push(k);
	const m = index.length;
	const estimate = Float64Array.from(current);
	const inflation = new Float64Array(n).fill(Infinity);
	if (m === 0) return { estimate, inflation };
	const a = new Float64Array(m * m);
	const b = new Float64Array(m);
	for (let i = 0; i < m; i++) {
		const k = index[i];
		let fixed = 0;
		for (let l = 0; l < n; l++) if (!solved[l]) fixed += normal[k * n + l] * current[l];
		b[i] = rhs[k] - fixed + ridge * weight[k] * prior[k];
		for (let j = 0; j < m; j++) a[i * m + j] = normal[k * n + index[j]];
		a[i * m + i] += ridge * weight[k];
	}
	if (!cholesky(a, m)) return { estimate: prior, inflation };
	const x = choleskySolve(a, m, b);
	const diag = inverseDiagonal(a, m);
	for (let i = 0; i < m; i++) {
		estimate[index[i]] = x[i];
		inflation[index[i]] = diag[i] * weight[index[i]];
	}
	return { estimate, inflation };
}

/** Sample i's lambda as the sensor reported it `delayMs` later (the first sample at or after t + delay). */
function delayedLambda(
	samples: readonly LogSample[],
	stoich: number | undefined,
	delayMs: number
): (i: number) => number {
	const own = (i: number) => lambdas(samples[i], stoich).measured;
	if (delayMs <= 0) return own;
	const delay = delayMs / 1000;
	let j = 0;
	const cache = new Float64Array(samples.length).fill(NaN);
	return (i) => {
		if (!Number.isNaN(cache[i])) return cache[i];
		const t = samples[i].time;
		if (t === undefined) return own(i);
		if (j < i) j = i;
		while (j < samples.length && (samples[j].time ?? Infinity) < t + delay) j++;
		const value = j < samples.length ? own(j) : NaN;
		cache[i] = value;
		return value;
	};
}

/**
 * The table with the accepted proposals applied (the user accepts or rejects each; `accept` decides), ready for
 * editOf and validateTune like any other edit.
 */
export function applyProposals(
	ve: readonly (readonly number[])[],
	proposals: readonly CellProposal[],
	accept: (proposal: CellProposal) => boolean = () => true
): number[][] {
	const out = ve.map((r) => [...r]);
	for (const p of proposals) if (accept(p)) out[p.row][p.column] = p.proposed;
	return out;
}
