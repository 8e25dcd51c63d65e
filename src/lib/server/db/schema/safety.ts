import {
	bigint,
	check,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { JsonValue } from '../../../safety/audit-chain';
import { shop } from './auth';
import { log } from './telemetry';

/**
 * The shop's append-only, hash-chained audit log (src/lib/safety/audit-chain.ts): safety overrides and
 * acknowledgements, and later tune writes. Rows are never updated or deleted by the application; `seq` counts
 * from 1 per shop with no gaps, and (shop_id, seq) is the key, so two appends racing for the same place cannot
 * both land. `actor` is a plain user id, not a foreign key: deleting a user must not rewrite history (a
 * cascade would break the hashes). Deleting the shop deletes its log.
 */
export const auditEntry = pgTable(
	'audit_entry',
	{
		shopId: text('shop_id')
			.notNull()
			.references(() => shop.id, { onDelete: 'cascade' }),
		seq: integer('seq').notNull(),
		/** Hashed as its ISO string with milliseconds; timestamptz keeps microseconds, so ms round-trips. */
		at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
		actor: text('actor').notNull(),
		role: text('role').notNull(),
		action: text('action').notNull(),
		ruleId: text('rule_id'),
		reason: text('reason').notNull(),
		payload: jsonb('payload').$type<JsonValue>().notNull(),
		prevHash: text('prev_hash').notNull(),
		hash: text('hash').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.shopId, t.seq] }),
		check('audit_entry_seq_positive', sql`${t.seq} >= 1`)
	]
);

/**
 * A log's post-run safety report (src/lib/safety/report-schema.ts), recomputed by the server from the stored
 * samples; one per log, replaced when recomputed (a new profile version, more chunks uploaded).
 */
export const logSafetyReport = pgTable(
	'log_safety_report',
	{
		logId: text('log_id')
			.primaryKey()
			.references(() => log.id, { onDelete: 'cascade' }),
		shopId: text('shop_id')
			.notNull()
			.references(() => shop.id, { onDelete: 'cascade' }),
		/** The report's schema version, so a reader can refuse (and recompute) one it does not understand. */
		version: integer('version').notNull(),
		profileId: text('profile_id').notNull(),
		profileVersion: integer('profile_version').notNull(),
		/** 'clean' | 'warning' | 'critical', for log lists without unpacking the report. */
		verdict: text('verdict').notNull(),
		report: jsonb('report').notNull(),
		/** The log's sample count the report was computed from; a later upload makes it stale. */
		sampleCount: bigint('sample_count', { mode: 'number' }).notNull(),
		computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('log_safety_report_shop_idx').on(t.shopId, t.verdict)]
);

export type AuditEntryRow = typeof auditEntry.$inferSelect;
export type LogSafetyReportRow = typeof logSafetyReport.$inferSelect;
