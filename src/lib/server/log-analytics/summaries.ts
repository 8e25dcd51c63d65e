import { summarizeChannel, type ChannelSummary } from '../../analytics';
import type { Db } from '../db';
import type { LogChannelMeta } from '../db/schema';
import { summaryKind, type SummaryKind } from './channel-kinds';
import { readPicked } from './read-picked';

/** Above this many samples a channel is summarised from 1 M bin averages (percentiles of averages, flagged). */
const MAX_RAW_SAMPLES = 1_000_000;
/** A log with more matching channels than this shows the first ones, in the log's order. */
const MAX_SUMMARIES = 40;

export interface SummaryRow {
	channel: string;
	unit: string;
	kind: SummaryKind;
	/** Peak, mean and the p50/p95/p99 by time; null when the channel has no finite sample. */
	summary: ChannelSummary | null;
	/** True when computed from bin averages (a very long or fast channel). */
	binned: boolean;
}

/**
 * Peak and time-weighted percentiles of a log's boost, EGT, temperature, knock and lambda channels (summaryKind),
 * read at full resolution unless a channel holds more than a million samples.
 * `counts` is each channel's sample count (timeseries channelPeaks), which decides raw or binned.
 */
export async function summarizeStoredLog(
	db: Db,
	log: { id: string; durationUs: number; channels: readonly LogChannelMeta[] },
	counts: ReadonlyMap<string, number>
): Promise<SummaryRow[]> {
	const rows: SummaryRow[] = [];
	for (const c of log.channels) {
		const kind = summaryKind(c);
		if (!kind || rows.length >= MAX_SUMMARIES) continue;
		const n = counts.get(c.name) ?? 0;
		const binned = n > MAX_RAW_SAMPLES;
		const binUs = binned ? Math.ceil((log.durationUs + 1) / MAX_RAW_SAMPLES) : undefined;
		const ch = await readPicked(db, log, { name: c.name, scale: 1, offset: 0 }, binUs);
		rows.push({ channel: c.name, unit: c.unit, kind, summary: summarizeChannel(ch), binned });
	}
	return rows;
}
