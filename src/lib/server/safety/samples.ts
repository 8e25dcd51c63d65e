import { and, asc, eq, inArray } from 'drizzle-orm';
import type { ChannelSamples } from '../../safety/report';
import type { Db } from '../db';
import { logSeries } from '../db/schema';
import { unpackTimes, unpackValues } from '../timeseries/series-codec';

/**
 * Every stored sample of the named channels of a log, at full resolution and in time order (chunks a restarted
 * recorder wrote out of order are merged). timeseries/queryChannel is for charts: past 20 000 points a window
 * comes back min/max-decimated, which keeps spikes but not their durations or the spacing the safety
 * watchdog judges, so the report reads the packed rows itself through the same codec. The caller checks the
 * log belongs to the shop.
 */
export async function readChannelSamples(
	db: Db,
	logId: string,
	channels: readonly string[]
): Promise<Record<string, ChannelSamples>> {
	const out: Record<string, { t: Float64Array; v: Float32Array }> = {};
	if (channels.length === 0) return out;
	const rows = await db
		.select({
			channel: logSeries.channel,
			t0Us: logSeries.t0Us,
			n: logSeries.n,
			times: logSeries.times,
			values: logSeries.values
		})
		.from(logSeries)
		.where(and(eq(logSeries.logId, logId), inArray(logSeries.channel, [...channels])))
		.orderBy(asc(logSeries.channel), asc(logSeries.t0Us));
	const byChannel = new Map<string, typeof rows>();
	for (const row of rows) {
		const list = byChannel.get(row.channel) ?? [];
		list.push(row);
		byChannel.set(row.channel, list);
	}
	for (const [channel, list] of byChannel) {
		const total = list.reduce((sum, r) => sum + r.n, 0);
		const t = new Float64Array(total);
		const v = new Float32Array(total);
		let k = 0;
		for (const r of list) {
			const offsets = unpackTimes(r.times, r.n);
			for (let i = 0; i < r.n; i++) t[k + i] = r.t0Us + offsets[i];
			v.set(unpackValues(r.values, r.n), k);
			k += r.n;
		}
		out[channel] = sortedByTime(t, v);
	}
	return out;
}

function sortedByTime(t: Float64Array, v: Float32Array): { t: Float64Array; v: Float32Array } {
	let sorted = true;
	for (let i = 1; i < t.length && sorted; i++) if (t[i] < t[i - 1]) sorted = false;
	if (sorted) return { t, v };
	// Stable, so samples sharing a time keep their stored order and the report stays deterministic.
	const order = Array.from(t.keys()).sort((a, b) => t[a] - t[b] || a - b);
	return { t: Float64Array.from(order, (i) => t[i]), v: Float32Array.from(order, (i) => v[i]) };
}
