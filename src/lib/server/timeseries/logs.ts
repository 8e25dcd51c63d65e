import { and, desc, eq, lt } from 'drizzle-orm';
import { CHUNK_LIMITS } from '../../logs/chunk-format';
import type { Db } from '../db';
import { log, vehicle, type LogChannelMeta } from '../db/schema';
import { NotFoundError } from './errors';

export interface CreateLogInput {
	shopId: string;
	/** Must be a vehicle of the same shop. */
	vehicleId?: string | null;
	createdBy: string | null;
	name: string;
	startedAt: Date;
	/** Every channel the recorder will upload; chunks naming others are refused. */
	channels: LogChannelMeta[];
}

const utf8 = new TextEncoder();

export async function createLog(db: Db, input: CreateLogInput) {
	const { log: row } = await ensureLog(db, { ...input, id: crypto.randomUUID() });
	return row;
}

/**
 * Creates the log under a client-chosen id (the recorder names its log offline, before it can reach us),
 * or returns the one already created by an earlier attempt, so the create request is safe to retry. The
 * retry's other fields are ignored: the first create wins.
 *
 * @throws NotFoundError when the id is taken in another shop (indistinguishable from a foreign log), or
 *   the vehicle is not in this shop.
 */
export async function ensureLog(db: Db, input: CreateLogInput & { id: string }) {
	validateChannels(input.channels);
	if (input.name.trim() === '') throw new TypeError('log name is empty');
	if (Number.isNaN(input.startedAt.getTime())) throw new TypeError('log startedAt is invalid');
	if (input.vehicleId) {
		const [owned] = await db
			.select({ id: vehicle.id })
			.from(vehicle)
			.where(and(eq(vehicle.id, input.vehicleId), eq(vehicle.shopId, input.shopId)));
		if (!owned) throw new NotFoundError('vehicle', input.vehicleId);
	}
	const [inserted] = await db
		.insert(log)
		.values({
			id: input.id,
			shopId: input.shopId,
			vehicleId: input.vehicleId ?? null,
			createdBy: input.createdBy,
			name: input.name.trim(),
			startedAt: input.startedAt,
			channels: input.channels
		})
		.onConflictDoNothing()
		.returning();
	if (inserted) return { log: inserted, created: true };
	return { log: await getLog(db, input.shopId, input.id), created: false };
}

function validateChannels(channels: LogChannelMeta[]): void {
	if (channels.length === 0) throw new TypeError('a log needs at least one channel');
	if (channels.length > CHUNK_LIMITS.maxChannels)
		throw new TypeError(`a log has at most ${CHUNK_LIMITS.maxChannels} channels`);
	const names = new Set<string>();
	for (const c of channels) {
		const bytes = utf8.encode(c.name).length;
		if (bytes === 0 || bytes > CHUNK_LIMITS.maxNameBytes)
			throw new TypeError(`channel name must be 1..${CHUNK_LIMITS.maxNameBytes} UTF-8 bytes`);
		if (names.has(c.name)) throw new TypeError(`channel "${c.name}" is declared twice`);
		if (!Number.isFinite(c.min) || !Number.isFinite(c.max) || c.min > c.max)
			throw new TypeError(`channel "${c.name}" has an invalid range ${c.min}..${c.max}`);
		names.add(c.name);
	}
}

/** The log if it belongs to `shopId`; otherwise {@link NotFoundError}. */
export async function getLog(db: Db, shopId: string, logId: string) {
	const [row] = await db
		.select()
		.from(log)
		.where(and(eq(log.id, logId), eq(log.shopId, shopId)));
	if (!row) throw new NotFoundError('log', logId);
	return row;
}

export interface ListLogsOptions {
	vehicleId?: string;
	/** Keyset cursor: only logs that started strictly before this. */
	before?: Date;
	/** @default 50, at most 200 */
	limit?: number;
}

/** Newest first. */
export async function listLogs(db: Db, shopId: string, opts: ListLogsOptions = {}) {
	const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 50), 1), 200);
	return db
		.select({
			id: log.id,
			name: log.name,
			vehicleId: log.vehicleId,
			startedAt: log.startedAt,
			endedAt: log.endedAt,
			durationUs: log.durationUs,
			sampleCount: log.sampleCount
		})
		.from(log)
		.where(
			and(
				eq(log.shopId, shopId),
				opts.vehicleId ? eq(log.vehicleId, opts.vehicleId) : undefined,
				opts.before ? lt(log.startedAt, opts.before) : undefined
			)
		)
		.orderBy(desc(log.startedAt), desc(log.id))
		.limit(limit);
}

export async function listChannels(
	db: Db,
	shopId: string,
	logId: string
): Promise<LogChannelMeta[]> {
	const [row] = await db
		.select({ channels: log.channels })
		.from(log)
		.where(and(eq(log.id, logId), eq(log.shopId, shopId)));
	if (!row) throw new NotFoundError('log', logId);
	return row.channels;
}
