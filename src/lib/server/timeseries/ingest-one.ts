import { and, eq, sql } from 'drizzle-orm';
import { validateChunk } from '../../logs/chunk-format';
import { queryRows, type Db } from '../db';
import { log, logChunk, logSeries } from '../db/schema';
import { ChunkConflictError, NotFoundError, UndeclaredChannelError } from './errors';
import type { IngestChunkInput, IngestResult } from './ingest';
import { packChannel, type PackedSeries } from './series-codec';

/** A chunk that passed the format's rules, packed into its `log_series` rows. */
export interface PreparedChunk {
	shopId: string;
	logId: string;
	seq: number;
	series: (PackedSeries & { channel: string })[];
	samples: number;
	/** Latest sample time in the chunk, µs since the log started; 0 for an empty chunk. */
	endUs: number;
}

/** @throws ChunkFormatError when `channels` break the chunk format's rules or caps. */
export function prepareChunk(input: IngestChunkInput): PreparedChunk {
	const { shopId, logId, seq, channels } = input;
	validateChunk({ seq, channels });
	const series = channels.map((c) => ({ channel: c.name, ...packChannel(c) }));
	let samples = 0;
	let endUs = 0;
	for (const p of series) {
		samples += p.n;
		if (p.t1Us > endUs) endUs = p.t1Us;
	}
	return { shopId, logId, seq, series, samples, endUs };
}

/**
 * Stores one prepared chunk in one statement, hence one transaction of its own (or the caller's, when
 * `db` is a transaction). The receipt insert is the idempotency check: concurrent uploads of the same
 * (log, seq) block on its primary key until the first commits, then see the conflict and report
 * 'duplicate'.
 *
 * @throws NotFoundError when the log does not exist in the chunk's shop.
 * @throws UndeclaredChannelError when a channel was not declared by createLog.
 * @throws ChunkConflictError when a new chunk overlaps a stored one's (channel, t0).
 */
export async function ingestPrepared(db: Db, chunk: PreparedChunk): Promise<IngestResult> {
	const { shopId, logId, seq, series, samples, endUs } = chunk;
	const rows = series.map(
		(p) =>
			sql`(${p.channel}::text, ${p.t0Us}::bigint, ${p.t1Us}::bigint, ${p.n}::int, ${p.times}::bytea, ${p.values}::bytea, ${p.vMin}::real, ${p.vMax}::real, ${p.vSum}::float8, ${p.vCount}::int)`
	);
	const names = JSON.stringify(series.map((p) => ({ name: p.channel })));
	// Each step runs only if the previous one produced a row: no owned, declaring log → no receipt;
	// receipt already there (ON CONFLICT) → no series and no count bump.
	const query = sql`
		with owned as (
			select id, channels @> ${names}::jsonb as declared from ${log}
			where id = ${logId} and shop_id = ${shopId}
		), receipt as (
			insert into ${logChunk} (log_id, seq, samples)
			select id, ${seq}::int, ${samples}::int from owned where declared
			on conflict do nothing
			returning log_id
		)${
			rows.length
				? sql`, series as (
			insert into ${logSeries} (log_id, channel, t0_us, t1_us, n, times, values, v_min, v_max, v_sum, v_count)
			select receipt.log_id, v.* from receipt, (values ${sql.join(rows, sql`, `)}) as v
			returning 1
		)`
				: sql``
		}, bump as (
			update ${log} set
				sample_count = sample_count + ${samples}::bigint,
				duration_us = greatest(duration_us, ${endUs}::bigint),
				ended_at = started_at + greatest(duration_us, ${endUs}::bigint)::float8 * interval '1 microsecond'
			from receipt where ${log.id} = receipt.log_id
			returning 1
		)
		select
			(select count(*) from owned)::int as owned,
			coalesce((select bool_and(declared) from owned), false) as declared,
			(select count(*) from receipt)::int as stored`;

	let outcome: { owned: number; declared: boolean; stored: number };
	try {
		[outcome] = await queryRows<typeof outcome>(db, query);
	} catch (err) {
		// drizzle's wrapper message dumps every parameter (≈100 KiB of hex); keep the driver's error only.
		const cause = driverError(err);
		if ((cause as { code?: unknown }).code === UNIQUE_VIOLATION)
			throw new ChunkConflictError(logId, seq, { cause });
		throw cause;
	}
	if (!outcome.owned) throw new NotFoundError('log', logId);
	if (!outcome.declared) throw await undeclaredError(db, chunk);
	if (outcome.stored) return { status: 'stored', samples };
	return { status: 'duplicate', samples: await recordedSamples(db, logId, seq, samples) };
}

/** The error for a chunk naming a channel its log did not declare. */
export async function undeclaredError(
	db: Db,
	chunk: PreparedChunk
): Promise<UndeclaredChannelError> {
	const [{ channels: declared }] = await db
		.select({ channels: log.channels })
		.from(log)
		.where(eq(log.id, chunk.logId));
	const known = new Set(declared.map((c) => c.name));
	return new UndeclaredChannelError(
		chunk.logId,
		chunk.series.find((p) => !known.has(p.channel))!.channel
	);
}

/** Samples of the chunk as first stored, which a duplicate reports. */
export async function recordedSamples(
	db: Db,
	logId: string,
	seq: number,
	fallback: number
): Promise<number> {
	const [first] = await db
		.select({ samples: logChunk.samples })
		.from(logChunk)
		.where(and(eq(logChunk.logId, logId), eq(logChunk.seq, seq)));
	return first?.samples ?? fallback;
}

const UNIQUE_VIOLATION = '23505';

/** The postgres.js / PGlite error (it carries the SQLSTATE `code`) inside drizzle's DrizzleQueryError. */
function driverError(err: unknown): unknown {
	let e = err;
	for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
		if (typeof (e as { code?: unknown }).code === 'string') return e;
		const next = (e as { cause?: unknown }).cause;
		if (!next) break;
		e = next;
	}
	return e;
}
