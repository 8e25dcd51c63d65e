import { chunksFromImportedLog, type ImportedChannel } from '$lib/logs/formats';
import type { Db } from '../db';
import { vehicle } from '../db/schema';
import { ensureLog, ingestChunk } from '../timeseries';

/** A channel from plain arrays: times in µs. */
export function channel(name: string, unit: string, t: number[], v: number[]): ImportedChannel {
	return { name, unit, t: Float64Array.from(t), v: Float32Array.from(v) };
}

/** Stores channels as a log of the shop, cut into chunks as an import would, and returns its id. */
export async function storeLog(
	db: Db,
	options: {
		shopId: string;
		name: string;
		channels: ImportedChannel[];
		vehicleId?: string | null;
		startedAt?: Date;
		/** @default 60 s: few chunks keeps long synthetic logs fast to store */
		chunkUs?: number;
	}
): Promise<string> {
	const id = crypto.randomUUID();
	await ensureLog(db, {
		id,
		shopId: options.shopId,
		vehicleId: options.vehicleId ?? null,
		createdBy: null,
		name: options.name,
		startedAt: options.startedAt ?? new Date(),
		channels: options.channels.map((c) => ({ name: c.name, unit: c.unit, min: 0, max: 0 }))
	});
	const log = {
		format: 'csv' as const,
		startedAt: null,
		info: '',
		channels: options.channels,
		markers: []
	};
	for (const chunk of chunksFromImportedLog(log, { chunkUs: options.chunkUs ?? 60_000_000 }))
		await ingestChunk(db, { shopId: options.shopId, logId: id, ...chunk });
	return id;
}

export async function storeVehicle(db: Db, shopId: string, name = 'Test car'): Promise<string> {
	const id = crypto.randomUUID();
	await db.insert(vehicle).values({ id, shopId, name });
	return id;
}
