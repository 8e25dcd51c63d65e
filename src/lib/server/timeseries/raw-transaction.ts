import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type { Sql, TransactionSql } from 'postgres';
import type { Db } from '../db';

/** The two things batched ingest needs inside one transaction, on either driver. */
export interface RawTx {
	/** Rows of one statement with `$n` parameters; cast parameters in SQL, results as the driver parses them. */
	query<T>(text: string, params: unknown[]): Promise<T[]>;
	/**
	 * `COPY <target> FROM STDIN (FORMAT binary)` with `data` as the whole stream. Resolves once the server
	 * has completed the COPY; rejects (and the transaction rolls back) when it failed, though the server's
	 * own error may be replaced by "current transaction is aborted".
	 */
	copyIn(target: string, data: Uint8Array): Promise<void>;
}

export type RunInTransaction = <T>(fn: (tx: RawTx) => Promise<T>) => Promise<T>;

/**
 * A transaction runner over the driver client behind `db`, or undefined when `db` is itself a drizzle
 * transaction (which has no `$client`): batching must not open a transaction of its own inside the
 * caller's. The runner resolves only after COMMIT succeeded.
 */
export function rawTransactions(db: Db): RunInTransaction | undefined {
	const client = (db as { $client?: unknown }).$client;
	if (isPostgresJs(client)) return (fn) => client.begin((tx) => fn(postgresJsTx(tx))) as never;
	if (isPglite(client)) return (fn) => client.transaction((tx) => fn(pgliteTx(tx)));
	return undefined;
}

function isPostgresJs(client: unknown): client is Sql {
	return typeof client === 'function' && typeof (client as Sql).begin === 'function';
}

function isPglite(client: unknown): client is PGlite {
	return (
		typeof client === 'object' &&
		client !== null &&
		typeof (client as PGlite).transaction === 'function' &&
		typeof (client as PGlite).query === 'function'
	);
}

function postgresJsTx(tx: TransactionSql): RawTx {
	return {
		query: (text, params) => tx.unsafe(text, params as never[]) as unknown as Promise<never[]>,
		async copyIn(target, data) {
			const stream = await tx.unsafe(`copy ${target} from stdin (format binary)`).writable();
			// postgres.js 3.4 never finishes the stream when the server rejects the COPY after CopyDone (its
			// `final` callback waits for a CommandComplete that does not come), so completion is observed
			// through the next statement instead: it runs only after the COPY ended, and fails when the COPY
			// aborted the transaction. postgres.js refuses statements until the stream's `_final` has run,
			// which is after the written data flushed and `end()` was called.
			const failed = new Promise<never>((_, reject) => stream.once('error', reject));
			failed.catch(() => {});
			await Promise.race([
				new Promise<void>((resolve, reject) =>
					stream.write(data, (err) => (err ? reject(err) : resolve()))
				),
				failed
			]);
			stream.end();
			await new Promise((resolve) => setImmediate(resolve));
			await Promise.race([tx.unsafe('select 1'), failed]);
		}
	};
}

function pgliteTx(tx: PgliteTransaction): RawTx {
	return {
		query: async (text, params) => (await tx.query<never>(text, params)).rows,
		async copyIn(target, data) {
			// PGlite has no COPY sub-protocol; it reads the stream from the virtual file /dev/blob.
			const blob = new Blob([data as Uint8Array<ArrayBuffer>]);
			await tx.query(`copy ${target} from '/dev/blob' (format binary)`, [], { blob });
		}
	};
}
