import type { Db } from '../db';
import type { IngestResult } from './ingest';
import { ingestBatch } from './ingest-batch';
import type { PreparedChunk } from './ingest-one';
import type { RunInTransaction } from './raw-transaction';

export interface GroupCommitOptions {
	db: Db;
	run: RunInTransaction;
	/** Most chunks one transaction takes (≈52 KiB of COPY data each at 6.5k samples). @default 64 */
	maxBatch?: number;
	/**
	 * Batch transactions open at once: with 2, one batch is being sent while the previous one waits for
	 * its commit to reach disk. @default 2
	 */
	maxInFlight?: number;
	/** Told when a batch failed as a whole and its chunks were retried one transaction each. */
	onBatchError?: (error: unknown) => void;
}

export interface GroupCommit {
	/** Resolves or rejects as `ingestChunk` does for this chunk, only after its transaction committed. */
	submit(chunk: PreparedChunk): Promise<IngestResult>;
}

interface Waiting {
	chunk: PreparedChunk;
	resolve(result: IngestResult): void;
	reject(error: unknown): void;
}

/**
 * Group commit: chunks that arrive while earlier batches are in flight wait, then go to the database
 * together as one transaction, so one commit's disk flush answers many uploads. There is no timer: a
 * chunk arriving at an idle store is sent at once, so a lone uploader pays no extra latency.
 */
export function createGroupCommit(options: GroupCommitOptions): GroupCommit {
	const { db, run, onBatchError } = options;
	const maxBatch = options.maxBatch ?? 64;
	const maxInFlight = options.maxInFlight ?? 2;
	if (!Number.isInteger(maxBatch) || maxBatch < 1)
		throw new TypeError(`maxBatch must be a positive integer, got ${maxBatch}`);
	if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
		throw new TypeError(`maxInFlight must be a positive integer, got ${maxInFlight}`);
	let queue: Waiting[] = [];
	let inFlight = 0;

	function pump() {
		while (inFlight < maxInFlight && queue.length) {
			const batch = takeBatch();
			inFlight++;
			void send(batch).finally(() => {
				inFlight--;
				pump();
			});
		}
	}

	/** Up to maxBatch chunks in arrival order; a replay of a key already taken waits for a later batch. */
	function takeBatch(): Waiting[] {
		const batch: Waiting[] = [];
		const keys = new Set<string>();
		const rest: Waiting[] = [];
		for (const w of queue) {
			const key = `${w.chunk.seq}:${w.chunk.logId}`;
			if (batch.length < maxBatch && !keys.has(key)) {
				keys.add(key);
				batch.push(w);
			} else rest.push(w);
		}
		queue = rest;
		return batch;
	}

	async function send(batch: Waiting[]) {
		try {
			const settled = await ingestBatch(
				db,
				run,
				batch.map((w) => w.chunk),
				onBatchError
			);
			settled.forEach((s, i) => (s.ok ? batch[i].resolve(s.result) : batch[i].reject(s.error)));
		} catch (error) {
			for (const w of batch) w.reject(error);
		}
	}

	return {
		submit(chunk) {
			return new Promise<IngestResult>((resolve, reject) => {
				queue.push({ chunk, resolve, reject });
				pump();
			});
		}
	};
}
