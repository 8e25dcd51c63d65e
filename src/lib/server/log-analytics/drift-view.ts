import { and, asc, desc, eq, lte } from 'drizzle-orm';
import { detectDrift, type CellGrid, type LogCells } from '../../analytics';
import type { Db } from '../db';
import { log, vehicle, type Log } from '../db/schema';
import { findRoleChannels } from '../dyno/channel-roles';
import {
	channelLabel,
	pickLoadChannel,
	sentenceUnit,
	summaryKind,
	type PickedChannel
} from './channel-kinds';
import { logCellsCached } from './cell-cache';

/** The baseline: this log and the vehicle's logs before it, newest first, at most this many. */
const HISTORY_LOGS = 24;
/** Channels checked for drift, in the log's order. */
const MAX_DRIFT_CHANNELS = 8;
const GRIDS: Record<'kPa' | '%', CellGrid> = {
	kPa: { rpmStep: 500, loadStep: 20 },
	'%': { rpmStep: 500, loadStep: 10 }
};

export interface DriftSentence {
	kind: 'drift' | 'anomaly';
	sentence: string;
	since: string;
	/** This log is among the shifted (or is the anomalous) logs. */
	includesThisLog: boolean;
	shiftedLogs: number;
}

export interface DriftView {
	vehicle: { id: string; name: string } | null;
	/** Logs of the vehicle (this one included) the baseline was built from. */
	logsCompared: number;
	channels: { channel: string; label: string; logs: number; findings: DriftSentence[] }[];
	/** Why there is nothing to check (no vehicle, no rpm or load channel, nothing drift applies to). */
	message: string | null;
}

/**
 * Drift and anomalies of this log's knock, EGT and lambda channels against the vehicle's history: the vehicle's
 * logs up to this one are reduced to per-cell statistics (cached per log, cell-cache.ts) and analytics detectDrift
 * judges them, worded as sentences ("cylinder 3 knock retard up 2.0° at 4000–5000 rpm, 100–200 kPa since …").
 * Logs whose load axis is of another kind (kPa vs %) than this log's are left out of the baseline.
 */
export async function storedDrift(db: Db, shopId: string, row: Log): Promise<DriftView> {
	const view: DriftView = { vehicle: null, logsCompared: 0, channels: [], message: null };
	if (!row.vehicleId) {
		view.message = 'Link this log to a vehicle to compare it with the vehicle’s earlier logs.';
		return view;
	}
	const [v] = await db
		.select({ id: vehicle.id, name: vehicle.name })
		.from(vehicle)
		.where(and(eq(vehicle.id, row.vehicleId), eq(vehicle.shopId, shopId)));
	view.vehicle = v ?? null;
	const rpm = findRoleChannels(row.channels).rpm;
	const load = pickLoadChannel(row.channels);
	const values = row.channels
		.filter((c) => ['knock', 'egt', 'lambda'].includes(summaryKind(c) ?? ''))
		.slice(0, MAX_DRIFT_CHANNELS);
	if (!rpm || !load) {
		view.message = 'Drift is judged per rpm × load cell; this log lacks an rpm or load channel.';
		return view;
	}
	if (values.length === 0) {
		view.message = 'This log has no knock, EGT or lambda channel to watch for drift.';
		return view;
	}
	const history = (
		await db
			.select({
				id: log.id,
				startedAt: log.startedAt,
				durationUs: log.durationUs,
				sampleCount: log.sampleCount,
				channels: log.channels
			})
			.from(log)
			.where(
				and(
					eq(log.shopId, shopId),
					eq(log.vehicleId, row.vehicleId),
					lte(log.startedAt, row.startedAt)
				)
			)
			.orderBy(desc(log.startedAt), asc(log.id))
			.limit(HISTORY_LOGS)
	).reverse();
	const grid = GRIDS[load.loadUnit];
	const used = new Set<string>();
	for (const value of values) {
		const cells: LogCells[] = [];
		for (const h of history) {
			const hRpm = findRoleChannels(h.channels).rpm;
			const hLoad = pickLoadChannel(h.channels);
			const hValue = h.channels.find((c) => c.name === value.name);
			if (!hRpm || !hLoad || hLoad.loadUnit !== load.loadUnit || !hValue) continue;
			const channel: PickedChannel = { name: value.name, unit: value.unit, scale: 1, offset: 0 };
			cells.push(await logCellsCached(db, shopId, h, { channel, rpm: hRpm, load: hLoad, grid }));
			used.add(h.id);
		}
		const findings = detectDrift(cells, {
			label: channelLabel(value.name),
			unit: sentenceUnit(value.unit),
			loadUnit: load.loadUnit === 'kPa' ? 'kPa' : '% load',
			decimals: sentenceUnit(value.unit) === '' ? 2 : 1
		});
		view.channels.push({
			channel: value.name,
			label: channelLabel(value.name),
			logs: cells.length,
			findings: findings.map((f) => ({
				kind: f.kind,
				sentence: f.sentence,
				since: f.since,
				includesThisLog: f.logIds.includes(row.id),
				shiftedLogs: f.logIds.length
			}))
		});
	}
	view.logsCompared = used.size;
	return view;
}
