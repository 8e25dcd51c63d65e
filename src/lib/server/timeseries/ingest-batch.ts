import type { Db } from '../db';
import { encodeSeriesCopy, SERIES_COPY_COLUMNS, type SeriesCopyRow } from './copy-binary';
import { NotFoundError } from './errors';
import type { IngestResult } from './ingest';
import { ingestPrepared, recordedSamples, undeclaredError, type PreparedChunk } from './ingest-one';
import type { RunInTransaction } from './raw-transaction';

/** One chunk's answer from a batch: what `ingestChunk` would have resolved or thrown for it alone. */
export type ChunkSettlement = { ok: true; result: IngestResult } | { ok: false; error: unknown };

/**
 * Receipts, ownership and the per-log counters of a whole batch in one statement. Each chunk gets a
 * receipt only when its log is in its shop and declares its channels; ON CONFLICT drops the ones stored
 * before (or by a concurrent transaction, after it commits: the insert waits on the key). Log rows are
 * locked in id order before the update so two batches touching the same logs cannot deadlock.
 */
const CLAIM_SQL = `
	with input as (
		select * from jsonb_to_recordset($1::jsonb)
			as i(k int, shop_id text, log_id text, seq int, samples int, end_us bigint, names jsonb)
	), checked as (
		select i.k, i.log_id, i.seq, i.samples, i.end_us, l.id is not null as owned,
			coalesce(l.channels @> i.names, false) as declared
		from input i left join log l on l.id = i.log_id and l.shop_id = i.shop_id
	), receipt as (
		insert into log_chunk (log_id, seq, samples)
		select log_id, seq, samples from checked where declared order by log_id, seq
		on conflict do nothing
		returning log_id, seq
	), stored as (
		select c.* from checked c join receipt r on r.log_id = c.log_id and r.seq = c.seq
	), locked as (
		select id from log where id in (select log_id from stored) order by id for no key update
	), bump as (
		update log set
			sample_count = sample_count + b.samples,
			duration_us = greatest(duration_us, b.end_us),
			ended_at = started_at + greatest(duration_us, b.end_us)::float8 * interval '1 microsecond'
		from (
			select log_id, sum(samples)::bigint as samples, max(end_us) as end_us from stored group by log_id
		) b, locked
		where log.id = b.log_id and locked.id = b.log_id
	)
	select c.k, c.owned, c.declared, exists (select 1 from stored s where s.k = c.k) as stored
	from checked c`;

interface Claim {
	k: number;
	owned: boolean;
	declared: boolean;
	stored: boolean;
}

/**
 * Stores several chunks in one transaction: one statement for receipts and counters, one binary COPY
 * for every stored chunk's series rows, one commit. Answers come only after that commit. When the batch
 * fails as a whole (a chunk overlapping stored samples, a deadlock, a lost connection), nothing of it is
 * kept and each chunk is retried in a transaction of its own, so one bad chunk fails only itself.
 *
 * The (log, seq) keys in `chunks` must be distinct: a batch cannot tell which of two equal keys came
 * first.
 *
 * @param onBatchError told why a batch fell back to per-chunk transactions (for logs and tests).
 */
export async function ingestBatch(
	db: Db,
	run: RunInTransaction,
	chunks: readonly PreparedChunk[],
	onBatchError?: (error: unknown) => void
): Promise<ChunkSettlement[]> {
	let claims: Claim[];
	try {
		claims = await run(async (tx) => {
			const input = chunks.map((c, k) => ({
				k,
				shop_id: c.shopId,
				log_id: c.logId,
				seq: c.seq,
				samples: c.samples,
				end_us: c.endUs,
				names: c.series.map((s) => ({ name: s.channel }))
			}));
			const rows = await tx.query<Claim>(CLAIM_SQL, [JSON.stringify(input)]);
			const series: SeriesCopyRow[] = [];
			for (const claim of rows) {
				if (!claim.stored) continue;
				const chunk = chunks[claim.k];
				for (const s of chunk.series) series.push({ ...s, logId: chunk.logId });
			}
			if (series.length) {
				await tx.copyIn(`log_series (${SERIES_COPY_COLUMNS})`, encodeSeriesCopy(series));
			}
			return rows;
		});
	} catch (error) {
		onBatchError?.(error);
		return Promise.all(chunks.map((c) => settle(() => ingestPrepared(db, c))));
	}
	const byK = new Map(claims.map((c) => [c.k, c]));
	return Promise.all(
		chunks.map((chunk, k) =>
			settle(async (): Promise<IngestResult> => {
				const claim = byK.get(k)!;
				if (!claim.owned) throw new NotFoundError('log', chunk.logId);
				if (!claim.declared) throw await undeclaredError(db, chunk);
				if (claim.stored) return { status: 'stored', samples: chunk.samples };
				const samples = await recordedSamples(db, chunk.logId, chunk.seq, chunk.samples);
				return { status: 'duplicate', samples };
			})
		)
	);
}

async function settle(fn: () => Promise<IngestResult>): Promise<ChunkSettlement> {
	try {
		return { ok: true, result: await fn() };
	} catch (error) {
		return { ok: false, error };
	}
}
