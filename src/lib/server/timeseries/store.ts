import type { Db } from '../db';
import { ingestChunk, type IngestChunkInput, type IngestResult } from './ingest';
import {
	channelPeaks,
	queryChannel,
	type ChannelPeak,
	type ChannelWindow,
	type QueryChannelInput
} from './query';

/**
 * Where sample data lives. Log metadata and chunk receipts always stay in Postgres; only the samples may
 * move. The planned InfluxDB store (INFLUX_URL) implements this too: it must write line protocol timed by
 * the ECU's clock so a retried chunk overwrites itself, and `flush()` before `ingestChunk` resolves, since
 * the caller acknowledges the upload as soon as it does (ARCHITECTURE.md "Storage layout").
 */
export interface TimeSeriesStore {
	ingestChunk(input: IngestChunkInput): Promise<IngestResult>;
	queryChannel(input: QueryChannelInput): Promise<ChannelWindow>;
	channelPeaks(shopId: string, logId: string): Promise<ChannelPeak[]>;
}

/** Packed float32 rows in `log_series`; the default store. */
export function postgresStore(db: Db): TimeSeriesStore {
	return {
		ingestChunk: (input) => ingestChunk(db, input),
		queryChannel: (input) => queryChannel(db, input),
		channelPeaks: (shopId, logId) => channelPeaks(db, shopId, logId)
	};
}
