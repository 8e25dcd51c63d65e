import { and, eq } from 'drizzle-orm';
import { logCells, type CellGrid, type LogCells } from '../../analytics';
import type { Db } from '../db';
import { logCellStats } from '../db/schema';
import type { PickedChannel } from './channel-kinds';
import { readPicked } from './read-picked';

/**
 * Drift cells are built from 20 Hz averages, whatever the logger's rate: a 1 kHz CAN log and a 5 Hz OBD log then
 * weigh alike per second in the baseline (drift.ts counts samples, and rates differ 200-fold between loggers).
 */
const CELL_BIN_US = 50_000;

export interface CellSource {
	id: string;
	startedAt: Date;
	durationUs: number;
	sampleCount: number;
}

/**
 * One log's statistics of `channel` per rpm × load cell: from the cache when it is current (same channels and grid,
 * no samples added since), else computed from the stored samples and cached.
 */
export async function logCellsCached(
	db: Db,
	shopId: string,
	log: CellSource,
	pick: { channel: PickedChannel; rpm: PickedChannel; load: PickedChannel; grid: CellGrid }
): Promise<LogCells> {
	const { channel, rpm, load, grid } = pick;
	const [cached] = await db
		.select()
		.from(logCellStats)
		.where(and(eq(logCellStats.logId, log.id), eq(logCellStats.channel, channel.name)));
	const startedAt = log.startedAt.toISOString();
	if (
		cached &&
		cached.sampleCount === log.sampleCount &&
		cached.rpmChannel === rpm.name &&
		cached.loadChannel === load.name &&
		cached.rpmStep === grid.rpmStep &&
		cached.loadStep === grid.loadStep
	)
		return { logId: log.id, startedAt, grid, cells: cached.cells };
	const cells = logCells(
		log.id,
		startedAt,
		{
			rpm: await readPicked(db, log, rpm, CELL_BIN_US),
			load: await readPicked(db, log, load, CELL_BIN_US),
			value: await readPicked(db, log, channel, CELL_BIN_US)
		},
		grid
	);
	const values = {
		shopId,
		rpmChannel: rpm.name,
		loadChannel: load.name,
		rpmStep: grid.rpmStep,
		loadStep: grid.loadStep,
		cells: cells.cells,
		sampleCount: log.sampleCount,
		computedAt: new Date()
	};
	await db
		.insert(logCellStats)
		.values({ logId: log.id, channel: channel.name, ...values })
		.onConflictDoUpdate({ target: [logCellStats.logId, logCellStats.channel], set: values });
	return cells;
}
