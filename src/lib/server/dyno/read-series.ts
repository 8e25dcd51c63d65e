import { and, asc, eq, gt, gte, lt } from 'drizzle-orm';
import type { Channel } from '../../analytics';
import { CHUNK_LIMITS } from '../../logs/chunk-format';
import type { Db } from '../db';
import { logSeries } from '../db/schema';
import { unpackTimes, unpackValues } from '../timeseries/series-codec';

export interface ReadSeriesInput {
	/** The caller has checked the log belongs to the shop asking. */
	logId: string;
	channel: string;
	/** Window, µs since the log started: [fromUs, toUs). */
	fromUs: number;
	toUs: number;
	/**
	 * Average samples over bins this long (times and values both), for analyses that need a rate, not every
	 * sample: pull detection works on a 20 Hz grid, an overlay on a screen's width. @default no binning
	 */
	binUs?: number;
	/** Refuse a raw window holding more samples than this. @default 5_000_000 (≈ 60 MB as analytics arrays) */
	maxSamples?: number;
	/** Unit conversion applied to every value: v·scale + offset. */
	scale?: number;
	offset?: number;
}

/** Rows fetched per query: ≈ 500 × 8 KiB for a 1 kHz channel, so a long log streams through in pages. */
const PAGE_ROWS = 500;
const MAX_BINS = 2_000_000;

/**
 * A stored channel at full resolution, as analytics take it ({ t: µs, v: float32 }), or averaged into bins. Unlike
 * the chart query (timeseries queryChannel, min/max decimated for drawing) this keeps the signal's shape, which
 * a derivative (the virtual dyno) or a correlation needs. Rows are read in pages.
 * @throws RangeError when the window is invalid or holds more than `maxSamples` (raw) / too many bins.
 */
export async function readSeries(db: Db, input: ReadSeriesInput): Promise<Channel> {
	const { logId, channel, fromUs, toUs, binUs } = input;
	const scale = input.scale ?? 1;
	const offset = input.offset ?? 0;
	const maxSamples = input.maxSamples ?? 5_000_000;
	if (!(Number.isSafeInteger(fromUs) && Number.isSafeInteger(toUs) && fromUs < toUs))
		throw new RangeError(`invalid window ${fromUs}..${toUs} µs`);
	if (binUs !== undefined) {
		if (!(binUs >= 1)) throw new RangeError(`binUs must be ≥ 1, got ${binUs}`);
		if ((toUs - fromUs) / binUs > MAX_BINS)
			throw new RangeError(`${(toUs - fromUs) / binUs} bins exceed ${MAX_BINS}`);
	}
	const bins = binUs === undefined ? null : new Bins(fromUs, toUs, binUs);
	const t: number[] = [];
	const v: number[] = [];
	let after = fromUs - CHUNK_LIMITS.maxSpanUs - 1;
	for (;;) {
		const rows = await db
			.select({
				t0Us: logSeries.t0Us,
				n: logSeries.n,
				times: logSeries.times,
				values: logSeries.values
			})
			.from(logSeries)
			.where(
				and(
					eq(logSeries.logId, logId),
					eq(logSeries.channel, channel),
					gt(logSeries.t0Us, after),
					lt(logSeries.t0Us, toUs),
					gte(logSeries.t1Us, fromUs)
				)
			)
			.orderBy(asc(logSeries.t0Us))
			.limit(PAGE_ROWS);
		for (const r of rows) {
			const offsets = unpackTimes(r.times, r.n);
			const values = unpackValues(r.values, r.n);
			for (let i = 0; i < r.n; i++) {
				const ti = r.t0Us + offsets[i];
				if (ti < fromUs || ti >= toUs) continue;
				const vi = values[i] * scale + offset;
				if (bins) bins.add(ti, vi);
				else {
					t.push(ti);
					v.push(vi);
				}
			}
			if (t.length > maxSamples)
				throw new RangeError(
					`${channel} holds more than ${maxSamples} samples in this window; choose a shorter one`
				);
		}
		if (rows.length < PAGE_ROWS) break;
		after = rows[rows.length - 1].t0Us;
	}
	return bins ? bins.channel() : sortedChannel(t, v);
}

/** Chunks that overlap in time (a recorder restarted mid-log) interleave; analytics need one order. */
function sortedChannel(t: number[], v: number[]): Channel {
	let sorted = true;
	for (let i = 1; i < t.length && sorted; i++) sorted = t[i] >= t[i - 1];
	if (sorted) return { t: Float64Array.from(t), v: Float32Array.from(v) };
	const order = Array.from(t.keys()).sort((a, b) => t[a] - t[b] || a - b);
	return { t: Float64Array.from(order, (i) => t[i]), v: Float32Array.from(order, (i) => v[i]) };
}

/** Mean time and mean finite value per bin; bins without a finite value are left out. */
class Bins {
	private readonly sumT: Float64Array;
	private readonly sumV: Float64Array;
	private readonly n: Uint32Array;
	constructor(
		private readonly fromUs: number,
		toUs: number,
		private readonly binUs: number
	) {
		const count = Math.ceil((toUs - fromUs) / binUs);
		this.sumT = new Float64Array(count);
		this.sumV = new Float64Array(count);
		this.n = new Uint32Array(count);
	}

	add(t: number, v: number): void {
		if (!Number.isFinite(v)) return;
		const k = Math.floor((t - this.fromUs) / this.binUs);
		this.sumT[k] += t;
		this.sumV[k] += v;
		this.n[k]++;
	}

	channel(): Channel {
		let m = 0;
		for (let k = 0; k < this.n.length; k++) if (this.n[k]) m++;
		const t = new Float64Array(m);
		const v = new Float32Array(m);
		for (let k = 0, j = 0; k < this.n.length; k++) {
			if (!this.n[k]) continue;
			t[j] = this.sumT[k] / this.n[k];
			v[j++] = this.sumV[k] / this.n[k];
		}
		return { t, v };
	}
}
