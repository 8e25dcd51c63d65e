import { and, asc, eq, gt, gte, lt, sql } from 'drizzle-orm';
import { CHUNK_LIMITS } from '../../logs/chunk-format';
import { minMaxDecimate } from '../../logs/decimate';
import type { Db } from '../db';
import { log, logSeries } from '../db/schema';
import { NotFoundError } from './errors';
import { unpackTimes, unpackValues } from './series-codec';

/** A chart window is a few thousand pixels wide; more points than this only cost bandwidth. */
export const MAX_QUERY_POINTS = 20_000;

export interface QueryChannelInput {
	shopId: string;
	logId: string;
	channel: string;
	/** Window start, µs since the log started, inclusive. */
	fromUs: number;
	/** Window end, exclusive. */
	toUs: number;
	/** Upper bound on returned points; 2 per pixel column is plenty (ARCHITECTURE.md "decimated views"). */
	maxPoints: number;
}

export interface ChannelWindow {
	/** µs since the log started, ascending. */
	t: number[];
	v: number[];
}

/**
 * The channel's samples in [fromUs, toUs): all of them when they fit in `maxPoints`, otherwise min/max
 * decimated over ⌊maxPoints/2⌋ equal buckets, so every spike survives and the browser never receives more
 * than `maxPoints`. An unknown channel yields an empty window. Fractional bounds widen to whole µs.
 */
export async function queryChannel(db: Db, input: QueryChannelInput): Promise<ChannelWindow> {
	const { shopId, logId, channel, maxPoints } = input;
	const fromUs = Math.floor(input.fromUs);
	const toUs = Math.ceil(input.toUs);
	if (!Number.isSafeInteger(fromUs) || !Number.isSafeInteger(toUs) || fromUs >= toUs)
		throw new RangeError(`invalid window ${input.fromUs}..${input.toUs} µs`);
	if (!Number.isInteger(maxPoints) || maxPoints < 2 || maxPoints > MAX_QUERY_POINTS)
		throw new RangeError(`maxPoints must be an integer in 2..${MAX_QUERY_POINTS}`);
	await assertLogInShop(db, shopId, logId);

	// No stored row spans more than maxSpanUs, so this lower bound on t0 lets the primary key index bound
	// the scan on both sides; t1 then drops the rows that end before the window.
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
				gt(logSeries.t0Us, fromUs - CHUNK_LIMITS.maxSpanUs - 1),
				lt(logSeries.t0Us, toUs),
				gte(logSeries.t1Us, fromUs)
			)
		)
		.orderBy(asc(logSeries.t0Us));

	let total = 0;
	for (const r of rows) total += r.n;
	const t = new Float64Array(total);
	const v = new Float32Array(total);
	let k = 0;
	for (const r of rows) {
		const offsets = unpackTimes(r.times, r.n);
		t.set(offsets, k);
		for (let i = 0; i < r.n; i++) t[k + i] += r.t0Us;
		v.set(unpackValues(r.values, r.n), k);
		k += r.n;
	}
	if (total === 0) return { t: [], v: [] };
	const series = isSorted(t) ? { t, v } : sortByTime(t, v);
	// Buckets span the samples actually in the window, so an open-ended window ("to the end") keeps its
	// resolution instead of spending every bucket on empty time.
	const lo = Math.max(fromUs, series.t[0]);
	const hi = Math.min(toUs, series.t[total - 1] + 1);
	const out = minMaxDecimate(series, lo, hi, Math.floor(maxPoints / 2));
	return { t: Array.from(out.t), v: Array.from(out.v) };
}

function isSorted(t: Float64Array): boolean {
	for (let i = 1; i < t.length; i++) if (t[i] < t[i - 1]) return false;
	return true;
}

/** Chunks that overlap in time (a recorder restarted mid-log) interleave; decimation needs one order. */
function sortByTime(t: Float64Array, v: Float32Array) {
	const order = Array.from(t.keys()).sort((a, b) => t[a] - t[b] || a - b);
	return { t: Float64Array.from(order, (i) => t[i]), v: Float32Array.from(order, (i) => v[i]) };
}

export interface ChannelPeak {
	channel: string;
	/** Over finite samples; null when the channel has none. */
	min: number | null;
	max: number | null;
	mean: number | null;
	/** Finite samples counted. */
	count: number;
}

/** Per-channel extremes and mean over the whole log, from the per-row summaries (no sample unpacking). */
export async function channelPeaks(db: Db, shopId: string, logId: string): Promise<ChannelPeak[]> {
	await assertLogInShop(db, shopId, logId);
	const rows = await db
		.select({
			channel: logSeries.channel,
			min: sql<number | null>`min(${logSeries.vMin})::float8`,
			max: sql<number | null>`max(${logSeries.vMax})::float8`,
			sum: sql<number>`sum(${logSeries.vSum})::float8`,
			count: sql<number>`sum(${logSeries.vCount})::float8`
		})
		.from(logSeries)
		.where(eq(logSeries.logId, logId))
		.groupBy(logSeries.channel)
		.orderBy(asc(logSeries.channel));
	return rows.map((r) => {
		const count = Number(r.count);
		return {
			channel: r.channel,
			min: r.min === null ? null : Number(r.min),
			max: r.max === null ? null : Number(r.max),
			mean: count > 0 ? Number(r.sum) / count : null,
			count
		};
	});
}

async function assertLogInShop(db: Db, shopId: string, logId: string): Promise<void> {
	const [owned] = await db
		.select({ id: log.id })
		.from(log)
		.where(and(eq(log.id, logId), eq(log.shopId, shopId)));
	if (!owned) throw new NotFoundError('log', logId);
}
