import { sql } from 'drizzle-orm';
import {
	bigint,
	check,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	real,
	text,
	timestamp,
	unique
} from 'drizzle-orm/pg-core';
import type { CellKey } from '../../../analytics/operating-cells';
import type { RunningStats } from '../../../analytics/running-stats';
import type { DynoMapping, DynoVendor } from '../../../logs/formats/dyno-mapping';
import { shop, user } from './auth';
import { job } from './jobs';
import { log, vehicle } from './telemetry';
import { createdAt } from './columns';
import { shopId } from './shop-scoped';

/**
 * Where a stored dyno run came from: the dyno whose CSV export it was read from (DYNO_VENDORS in
 * logs/formats/dyno-mapping.ts). A live serial/TCP dyno feed gives the same points (DynoPoint) and would add
 * 'live' here.
 */
export const dynoSource = pgEnum('dyno_source', [
	'dynojet',
	'mainline',
	'dynocom',
	'generic'
] as const satisfies readonly DynoVendor[]);

/**
 * The correction the dyno software applied to the figures it exported. The figures are stored as exported; this
 * only says what they are, so a comparison can tell whether two runs are on the same footing. 'as-imported'
 * when the export does not say.
 */
export const dynoCorrection = pgEnum('dyno_correction', [
	'sae-j1349',
	'din-70020',
	'sae-j607',
	'none',
	'as-imported'
]);

/**
 * A run's points, column-wise in CarTech's units (kW, N·m, km/h, N, kPa, s), in the export's row order. The
 * optional columns are present when the export had them; a null is a row without that value.
 */
export interface DynoRunPoints {
	rpm: number[];
	powerKw: number[];
	torqueNm: number[];
	speedKmh?: (number | null)[];
	forceN?: (number | null)[];
	afr?: (number | null)[];
	lambda?: (number | null)[];
	boostKpa?: (number | null)[];
	timeS?: (number | null)[];
}

/** What the import read besides the points: the export's preamble, and which figures were computed. */
export interface DynoRunMetaJson {
	info: string[];
	mappingName?: string;
	derived: { power: boolean; torque: boolean };
	skippedRows: number;
}

/**
 * A run from a real dyno, imported from its CSV export. A few hundred to a few thousand points, so they sit in
 * the row as JSON; the peaks are columns so lists need not unpack them. Linked to the vehicle, optionally the
 * job, and the tune version that was active (a plain id: tunes are a later issue).
 */
export const dynoRun = pgTable(
	'dyno_run',
	{
		id: text('id').primaryKey(),
		shopId: shopId(),
		/** Same shop only; checked by server/dyno-runs (vehicle has no (id, shop_id) key to point a composite at). */
		vehicleId: text('vehicle_id')
			.notNull()
			.references(() => vehicle.id),
		/** Same shop and same vehicle; checked by server/dyno-runs. */
		jobId: text('job_id').references(() => job.id, { onDelete: 'set null' }),
		tuneVersionId: text('tune_version_id'),
		name: text('name').notNull(),
		source: dynoSource('source').notNull(),
		correction: dynoCorrection('correction').notNull(),
		/** 'wheel' for a chassis dyno, 'crank' for an engine dyno. */
		basis: text('basis').notNull().default('wheel'),
		fileName: text('file_name'),
		/** The column mapping the file was read with. */
		mapping: jsonb('mapping').$type<DynoMapping>().notNull(),
		meta: jsonb('meta').$type<DynoRunMetaJson>().notNull(),
		points: jsonb('points').$type<DynoRunPoints>().notNull(),
		pointCount: integer('point_count').notNull(),
		peakPowerKw: doublePrecision('peak_power_kw').notNull(),
		peakPowerRpm: doublePrecision('peak_power_rpm').notNull(),
		peakTorqueNm: doublePrecision('peak_torque_nm').notNull(),
		peakTorqueRpm: doublePrecision('peak_torque_rpm').notNull(),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		index('dyno_run_shop_created_idx').on(t.shopId, t.createdAt),
		index('dyno_run_vehicle_idx').on(t.vehicleId, t.createdAt),
		index('dyno_run_job_idx').on(t.jobId),
		check('dyno_run_basis', sql`${t.basis} in ('wheel', 'crank')`),
		check('dyno_run_point_count', sql`${t.pointCount} >= 2`)
	]
);

/** A shop's saved column mapping for a dyno export template, chosen by name on the next import. */
export const dynoMapping = pgTable(
	'dyno_mapping',
	{
		id: text('id').primaryKey(),
		shopId: shopId(),
		name: text('name').notNull(),
		/** Valid against DynoMappingSchema (logs/formats/dyno-mapping.ts) when written. */
		mapping: jsonb('mapping').$type<DynoMapping>().notNull(),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique('dyno_mapping_shop_name_unique').on(t.shopId, t.name)]
);

/**
 * One log reduced to a channel's statistics per rpm × load cell (analytics/operating-cells.ts): the unit of a
 * vehicle's historical baseline, computed once per log and channel and reused by every later drift check. Stale,
 * and recomputed, when the log has gained samples since (`sampleCount`) or the channels or grid differ.
 */
export const logCellStats = pgTable(
	'log_cell_stats',
	{
		logId: text('log_id')
			.notNull()
			.references(() => log.id, { onDelete: 'cascade' }),
		channel: text('channel').notNull(),
		shopId: shopId(),
		rpmChannel: text('rpm_channel').notNull(),
		loadChannel: text('load_channel').notNull(),
		rpmStep: real('rpm_step').notNull(),
		loadStep: real('load_step').notNull(),
		cells: jsonb('cells').$type<Record<CellKey, RunningStats>>().notNull(),
		/** The log's sample count the cells were computed from. */
		sampleCount: bigint('sample_count', { mode: 'number' }).notNull(),
		computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.logId, t.channel] })]
);

export type DynoRunRow = typeof dynoRun.$inferSelect;
export type DynoMappingRow = typeof dynoMapping.$inferSelect;
export type DynoCorrectionName = (typeof dynoCorrection.enumValues)[number];
export type LogCellStatsRow = typeof logCellStats.$inferSelect;
