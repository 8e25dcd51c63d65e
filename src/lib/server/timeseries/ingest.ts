import type { ChunkChannel } from '../../logs/chunk-format';
import type { Db } from '../db';
import { createGroupCommit, type GroupCommit } from './group-commit';
import { ingestPrepared, prepareChunk } from './ingest-one';
import { rawTransactions } from './raw-transaction';

export interface IngestChunkInput {
	shopId: string;
	logId: string;
	seq: number;
	channels: ChunkChannel[];
}

export interface IngestResult {
	/** 'duplicate': this (log, seq) was stored before; nothing changed. */
	status: 'stored' | 'duplicate';
	/** Samples the stored chunk holds (for a duplicate, as recorded the first time). */
	samples: number;
}

const groupCommits = new WeakMap<Db, GroupCommit>();

/**
 * Stores one uploaded chunk exactly once (ARCHITECTURE.md "Recording is loss-proof"). When this resolves
 * the chunk is committed and the upload may be acknowledged; when it throws, nothing of the chunk is
 * stored. Replays of a (log, seq), concurrent or not, resolve 'duplicate' and change nothing.
 *
 * On a database handle from createDb, chunks arriving concurrently share one transaction (group commit,
 * see createGroupCommit), each still answered only after that commit and each failing only by itself.
 * On a drizzle transaction the chunk is written inside it, in one statement.
 *
 * @throws ChunkFormatError when `channels` break the chunk format's rules or caps.
 * @throws NotFoundError when the log does not exist in `shopId`.
 * @throws UndeclaredChannelError when a channel was not declared by createLog.
 * @throws ChunkConflictError when a new chunk overlaps a stored one's (channel, t0).
 */
export async function ingestChunk(db: Db, input: IngestChunkInput): Promise<IngestResult> {
	const chunk = prepareChunk(input);
	let group = groupCommits.get(db);
	if (!group) {
		const run = rawTransactions(db);
		if (!run) return ingestPrepared(db, chunk);
		group = createGroupCommit({ db, run });
		groupCommits.set(db, group);
	}
	return group.submit(chunk);
}
