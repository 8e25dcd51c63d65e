import { asc, eq } from 'drizzle-orm';
import { FUELS, type FuelKind } from '../../analytics';
import type { Db } from '../db';
import { vehicle } from '../db/schema';
import { channelPeaks, getLog } from '../timeseries';
import { SUMMARY_KIND_LABELS, SUMMARY_KINDS, type SummaryKind } from './channel-kinds';
import { storedDrift, type DriftView } from './drift-view';
import { storedFuelEconomy, type EconomyView } from './economy';
import { summarizeStoredLog, type SummaryRow } from './summaries';
import { storedZones, type ZoneView } from './zones';

export interface LogAnalyticsView {
	log: {
		id: string;
		name: string;
		startedAt: string;
		durationUs: number;
		vehicleId: string | null;
	};
	summaries: { kind: SummaryKind; label: string; rows: SummaryRow[] }[];
	zones: ZoneView;
	fuel: FuelKind;
	economy: EconomyView;
	drift: DriftView;
	/** The shop's vehicles, to link the log to one. */
	vehicles: { id: string; name: string }[];
}

export const FUEL_KINDS = Object.keys(FUELS) as FuelKind[];

/**
 * Everything the log's analytics page shows: per-channel summaries by kind, time in rpm × load zones, fuel
 * economy (`?fuel=petrol|e85|diesel` for the MAF path) and drift against the vehicle's earlier logs.
 * @throws NotFoundError when the log is not the shop's.
 */
export async function loadLogAnalytics(
	db: Db,
	shopId: string,
	logId: string,
	params: URLSearchParams
): Promise<LogAnalyticsView> {
	const row = await getLog(db, shopId, logId);
	const asked = params.get('fuel') as FuelKind | null;
	const fuel: FuelKind = asked && FUEL_KINDS.includes(asked) ? asked : 'petrol';
	const peaks = await channelPeaks(db, shopId, row.id);
	const counts = new Map(peaks.map((p) => [p.channel, p.count]));
	const maxima = new Map(peaks.map((p) => [p.channel, p.max]));
	const rows = await summarizeStoredLog(db, row, counts);
	return {
		log: {
			id: row.id,
			name: row.name,
			startedAt: row.startedAt.toISOString(),
			durationUs: row.durationUs,
			vehicleId: row.vehicleId
		},
		summaries: SUMMARY_KINDS.map((kind) => ({
			kind,
			label: SUMMARY_KIND_LABELS[kind],
			rows: rows.filter((r) => r.kind === kind)
		})).filter((g) => g.rows.length > 0),
		zones: await storedZones(db, row, maxima),
		fuel,
		economy: await storedFuelEconomy(db, row, fuel),
		drift: await storedDrift(db, shopId, row),
		vehicles: await db
			.select({ id: vehicle.id, name: vehicle.name })
			.from(vehicle)
			.where(eq(vehicle.shopId, shopId))
			.orderBy(asc(vehicle.name))
	};
}
