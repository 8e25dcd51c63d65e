import {
	bigint,
	doublePrecision,
	foreignKey,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	real,
	text,
	timestamp
} from 'drizzle-orm/pg-core';
import { shop, user } from './auth';
import { bytea } from './columns';
import { customer } from './shops';
import { createdAt } from './columns';
import { shopId } from './shop-scoped';

export const vehicle = pgTable(
	'vehicle',
	{
		id: text('id').primaryKey(),
		shopId: shopId(),
		/** What the shop calls it ("Blue EG hatch"); make/model/year may be unknown at intake. */
		name: text('name').notNull(),
		make: text('make'),
		model: text('model'),
		year: integer('year'),
		vin: text('vin'),
		/** The customer who owns it; null for a vehicle first seen in a log. Same shop only (composite key). */
		customerId: text('customer_id'),
		createdAt: createdAt()
	},
	(t) => [
		index('vehicle_shop_idx').on(t.shopId),
		index('vehicle_customer_idx').on(t.customerId),
		foreignKey({
			name: 'vehicle_customer_same_shop_fk',
			columns: [t.customerId, t.shopId],
			foreignColumns: [customer.id, customer.shopId]
		})
	]
);

/** One declared channel of a log; `min`/`max` are the display range the recorder used, not measured peaks. */
export interface LogChannelMeta {
	name: string;
	unit: string;
	min: number;
	max: number;
}

export const log = pgTable(
	'log',
	{
		id: text('id').primaryKey(),
		shopId: shopId(),
		vehicleId: text('vehicle_id').references(() => vehicle.id, { onDelete: 'set null' }),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		name: text('name').notNull(),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
		/** startedAt + durationUs; kept as a column so lists sort and filter without arithmetic. */
		endedAt: timestamp('ended_at', { withTimezone: true }),
		/** Latest sample time seen, µs since startedAt (sample times in log_series use the same origin). */
		durationUs: bigint('duration_us', { mode: 'number' }).notNull().default(0),
		channels: jsonb('channels').$type<LogChannelMeta[]>().notNull(),
		sampleCount: bigint('sample_count', { mode: 'number' }).notNull().default(0),
		createdAt: createdAt()
	},
	(t) => [
		index('log_shop_started_idx').on(t.shopId, t.startedAt),
		index('log_vehicle_idx').on(t.vehicleId)
	]
);

/**
 * The idempotency receipt of one uploaded chunk (ARCHITECTURE.md "Recording is loss-proof"): the primary key
 * is the upload's idempotency key, so a retried chunk finds its receipt and stores nothing.
 */
export const logChunk = pgTable(
	'log_chunk',
	{
		logId: text('log_id')
			.notNull()
			.references(() => log.id, { onDelete: 'cascade' }),
		seq: integer('seq').notNull(),
		samples: integer('samples').notNull(),
		receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.logId, t.seq] })]
);

/**
 * One channel's samples from one chunk, packed (ARCHITECTURE.md "Storage layout": ≈15× the ingest rate of
 * row-per-sample). `times` are little-endian uint32 µs offsets from `t0Us`; `values` little-endian float32.
 * `t1Us` and the `v*` summary let range queries and report peaks skip unpacking rows.
 */
export const logSeries = pgTable(
	'log_series',
	{
		logId: text('log_id')
			.notNull()
			.references(() => log.id, { onDelete: 'cascade' }),
		channel: text('channel').notNull(),
		/** First sample time, µs since the log's startedAt. */
		t0Us: bigint('t0_us', { mode: 'number' }).notNull(),
		/** Last sample time, µs since the log's startedAt. */
		t1Us: bigint('t1_us', { mode: 'number' }).notNull(),
		n: integer('n').notNull(),
		times: bytea('times').notNull(),
		values: bytea('values').notNull(),
		/** Over the finite values only; null when the row has none. */
		vMin: real('v_min'),
		vMax: real('v_max'),
		vSum: doublePrecision('v_sum').notNull(),
		vCount: integer('v_count').notNull()
	},
	(t) => [primaryKey({ columns: [t.logId, t.channel, t.t0Us] })]
);

/** A customer-facing read-only link to one log; only SHA-256(token) is stored, as for sessions. */
export const reportLink = pgTable(
	'report_link',
	{
		id: text('id').primaryKey(),
		shopId: shopId(),
		logId: text('log_id')
			.notNull()
			.references(() => log.id, { onDelete: 'cascade' }),
		tokenHash: bytea('token_hash').notNull().unique(),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(t) => [index('report_link_log_idx').on(t.logId)]
);

export type Vehicle = typeof vehicle.$inferSelect;
export type Log = typeof log.$inferSelect;
export type LogChunk = typeof logChunk.$inferSelect;
export type LogSeries = typeof logSeries.$inferSelect;
export type ReportLink = typeof reportLink.$inferSelect;
