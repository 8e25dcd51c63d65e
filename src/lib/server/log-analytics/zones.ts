import { timeInZones, uniformEdges, type ZoneTable } from '../../analytics';
import type { Db } from '../db';
import type { LogChannelMeta } from '../db/schema';
import { findRoleChannels } from '../dyno/channel-roles';
import { pickLoadChannel } from './channel-kinds';
import { readPicked } from './read-picked';

/** Time in zones is read at 50 Hz: finer than anyone reads a zone table, and light on an hour-long log. */
const ZONE_BIN_US = 20_000;

export type ZoneView =
	| {
			rpmChannel: string;
			loadChannel: string;
			loadUnit: 'kPa' | '%';
			table: ZoneTable;
	  }
	| { message: string };

/**
 * Edges from 0 up to the largest value, `step` apart, at least two bins. Bins are [edge, next edge), so the top
 * edge is nudged up a hair: a throttle at 100 % or an engine on a 7000 rpm limiter counts in the top bin instead of
 * falling outside the table (the page shows edges rounded).
 */
function edgesTo(max: number, step: number): number[] {
	const top = Math.max(2 * step, Math.ceil(Math.max(0, max) / step) * step);
	const edges = uniformEdges(0, top, step);
	edges[edges.length - 1] += step * 1e-6;
	return edges;
}

/**
 * Seconds the engine spent in each rpm × load cell: rpm in 500 rpm columns (1000 above 8000 rpm), load in 20 kPa
 * rows of manifold pressure, or 10 % rows of calculated load or throttle (pickLoadChannel).
 * `peaks` holds each channel's logged maximum in its own unit, to size the table.
 */
export async function storedZones(
	db: Db,
	log: { id: string; durationUs: number; channels: readonly LogChannelMeta[] },
	peaks: ReadonlyMap<string, number | null>
): Promise<ZoneView> {
	const rpm = findRoleChannels(log.channels).rpm;
	const load = pickLoadChannel(log.channels);
	if (!rpm) return { message: 'This log has no engine-speed channel.' };
	if (!load) return { message: 'This log has no manifold pressure, load or throttle channel.' };
	const rpmMax = peaks.get(rpm.name) ?? 0;
	const loadMax = (peaks.get(load.name) ?? 0) * load.scale + load.offset;
	const rpmEdges = edgesTo(rpmMax, rpmMax > 8000 ? 1000 : 500);
	const loadEdges = edgesTo(loadMax, load.loadUnit === 'kPa' ? 20 : 10);
	const table = timeInZones(
		{
			rpm: await readPicked(db, log, rpm, ZONE_BIN_US),
			load: await readPicked(db, log, load, ZONE_BIN_US)
		},
		{ rpmEdges, loadEdges }
	);
	return { rpmChannel: rpm.name, loadChannel: load.name, loadUnit: load.loadUnit, table };
}
