/**
 * The thing asked for does not exist in the caller's shop. A log of another shop reports exactly like a
 * missing one, so ids from other tenants cannot be probed (ARCHITECTURE.md "Tenancy and roles").
 */
export class NotFoundError extends Error {
	override name = 'NotFoundError';
	readonly entity: string;
	readonly id: string;
	constructor(entity: string, id: string, options?: { cause?: unknown }) {
		super(`${entity} ${id} not found`, options);
		this.entity = entity;
		this.id = id;
	}
}

/** A chunk names a channel the log did not declare at creation, so queries would never list it. */
export class UndeclaredChannelError extends Error {
	override name = 'UndeclaredChannelError';
	readonly channel: string;
	constructor(logId: string, channel: string, options?: { cause?: unknown }) {
		super(`log ${logId} has no channel "${channel}"`, options);
		this.channel = channel;
	}
}

/**
 * A new chunk (unseen seq) carries a channel slice whose t0 another chunk already stored: the recorder cut
 * overlapping chunks. Nothing of the chunk is stored; retrying the same bytes fails the same way.
 */
export class ChunkConflictError extends Error {
	override name = 'ChunkConflictError';
	constructor(logId: string, seq: number, options?: { cause?: unknown }) {
		super(`chunk ${seq} of log ${logId} overlaps samples already stored`, options);
	}
}
