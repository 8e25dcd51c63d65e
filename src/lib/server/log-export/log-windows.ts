import { and, asc, eq, gt } from 'drizzle-orm';
import type { ImportedChannel } from '../../logs/formats';
import type { Db } from '../db';
import { logSeries } from '../db/schema';
import { unpackTimes, unpackValues } from '../timeseries/series-codec';

/**
 * Stored rows fetched per channel per query: 32 one-second chunks, so a 1 kHz channel holds ≈ 32k samples at a time
 * and an hour-long log takes about 110 queries per channel.
 */
const PAGE_ROWS = 32;

class ChannelCursor {
	t: number[] = [];
	v: number[] = [];
	/** t0 of the last row fetched; every row not yet fetched starts later (rows are keyed and ordered by t0). */
	lastT0 = -1;
	done = false;

	constructor(
		private readonly db: Db,
		private readonly logId: string,
		readonly name: string
	) {}

	/** Samples at or before this time are all buffered (or already handed out). */
	get horizon(): number {
		return this.done ? Infinity : this.lastT0;
	}

	async fetch(): Promise<void> {
		const rows = await this.db
			.select({
				t0Us: logSeries.t0Us,
				n: logSeries.n,
				times: logSeries.times,
				values: logSeries.values
			})
			.from(logSeries)
			.where(
				and(
					eq(logSeries.logId, this.logId),
					eq(logSeries.channel, this.name),
					gt(logSeries.t0Us, this.lastT0)
				)
			)
			.orderBy(asc(logSeries.t0Us))
			.limit(PAGE_ROWS);
		for (const r of rows) {
			const offsets = unpackTimes(r.times, r.n);
			const values = unpackValues(r.values, r.n);
			for (let i = 0; i < r.n; i++) {
				this.t.push(r.t0Us + offsets[i]);
				this.v.push(values[i]);
			}
		}
		if (rows.length > 0) this.lastT0 = rows[rows.length - 1].t0Us;
		if (rows.length < PAGE_ROWS) this.done = true;
	}

	/** Hands out the buffered samples at or before `untilUs`, in time order. */
	take(untilUs: number): { t: Float64Array; v: Float32Array } {
		const order = this.t.map((_, i) => i);
		if (this.t.some((x, i) => i > 0 && x < this.t[i - 1]))
			// Rows that overlap in time (a recorder restarted mid-log) interleave.
			order.sort((a, b) => this.t[a] - this.t[b] || a - b);
		const out = order.filter((i) => this.t[i] <= untilUs);
		const keep = order.filter((i) => this.t[i] > untilUs);
		const result = {
			t: Float64Array.from(out, (i) => this.t[i]),
			v: Float32Array.from(out, (i) => this.v[i])
		};
		this.t = keep.map((i) => this.t[i]);
		this.v = keep.map((i) => this.v[i]);
		return result;
	}
}

/**
 * A stored log's channels in consecutive time windows, for exports that write rows in time order without holding
 * the log: each channel is read a page of rows at a time, and a window closes at the earliest time up to which
 * every channel has been read, so no sample of a later page can belong in it. The caller has checked the log
 * is the shop's.
 */
export async function* logWindows(
	db: Db,
	logId: string,
	channels: readonly { name: string; unit: string }[]
): AsyncGenerator<ImportedChannel[]> {
	const cursors = channels.map((c) => new ChannelCursor(db, logId, c.name));
	await Promise.all(cursors.map((c) => c.fetch()));
	for (;;) {
		const until = Math.min(...cursors.map((c) => c.horizon));
		const window = cursors.map((c, i) => ({ ...channels[i], ...c.take(until) }));
		if (window.some((c) => c.t.length > 0)) yield window;
		if (until === Infinity) return;
		for (const c of cursors) if (c.horizon === until) await c.fetch();
	}
}
