import { sql } from 'drizzle-orm';
import {
	check,
	foreignKey,
	index,
	integer,
	pgEnum,
	pgTable,
	text,
	timestamp,
	unique,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { shop, user } from './auth';
import { customer } from './shops';
import { vehicle } from './telemetry';
import { createdAt } from './columns';
import { shopId } from './shop-scoped';

/** A work place in the shop (lift, dyno cell, alignment rack); appointments are shown per bay. */
export const bay = pgTable(
	'bay',
	{
		id: text('id').primaryKey(),
		shopId: shopId(),
		name: text('name').notNull(),
		createdAt: createdAt()
	},
	(t) => [
		unique('bay_shop_name_unique').on(t.shopId, t.name),
		unique('bay_id_shop_unique').on(t.id, t.shopId)
	]
);

/** Issue 7's work-order flow; the allowed moves and who may make them are in shops/permissions.ts. */
export const jobStatus = pgEnum('job_status', [
	'quoted',
	'booked',
	'in_progress',
	'awaiting_approval',
	'done',
	'invoiced'
]);

/**
 * A work order. The composite foreign keys are a second wall behind the server modules' shop checks: a job can
 * only point at a customer and bay of its own shop. (The vehicle's is checked by the server module only: a
 * composite key to `vehicle` would need a unique (id, shop_id) there, which drizzle-kit adds after the keys
 * that need it.)
 */
export const job = pgTable(
	'job',
	{
		id: text('id').primaryKey(),
		shopId: shopId(),
		/** The shop's work-order number, 1, 2, 3… per shop. */
		number: integer('number').notNull(),
		vehicleId: text('vehicle_id')
			.notNull()
			.references(() => vehicle.id),
		/** The vehicle's customer when the job was booked; kept if the car later changes hands. */
		customerId: text('customer_id'),
		title: text('title').notNull(),
		status: jobStatus('status').notNull(),
		bayId: text('bay_id'),
		technicianId: text('technician_id').references(() => user.id, { onDelete: 'set null' }),
		/**
		 * Appointment times are shop wall-clock times (`timestamp without time zone`): "09:00 on 3 March" in the
		 * shop, whatever zone the server or browser runs in. Shops get a time-zone setting with shop settings.
		 */
		scheduledStart: timestamp('scheduled_start', { mode: 'string' }),
		scheduledEnd: timestamp('scheduled_end', { mode: 'string' }),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('job_shop_number_unique').on(t.shopId, t.number),
		index('job_shop_status_idx').on(t.shopId, t.status),
		index('job_shop_scheduled_idx').on(t.shopId, t.scheduledStart),
		index('job_vehicle_idx').on(t.vehicleId),
		foreignKey({
			name: 'job_customer_same_shop_fk',
			columns: [t.customerId, t.shopId],
			foreignColumns: [customer.id, customer.shopId]
		}),
		foreignKey({
			name: 'job_bay_same_shop_fk',
			columns: [t.bayId, t.shopId],
			foreignColumns: [bay.id, bay.shopId]
		}),
		check(
			'job_schedule_order',
			sql`${t.scheduledEnd} is null or (${t.scheduledStart} is not null and ${t.scheduledEnd} > ${t.scheduledStart})`
		)
	]
);

/** Every status a job has been in, for its history and (later) notifications and invoices. */
export const jobStatusChange = pgTable(
	'job_status_change',
	{
		id: text('id').primaryKey(),
		shopId: shopId(),
		jobId: text('job_id')
			.notNull()
			.references(() => job.id, { onDelete: 'cascade' }),
		/** Null for the status a job was created in. */
		fromStatus: jobStatus('from_status'),
		toStatus: jobStatus('to_status').notNull(),
		byUserId: text('by_user_id').references(() => user.id, { onDelete: 'set null' }),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('job_status_change_job_idx').on(t.jobId, t.at)]
);

/**
 * Labour on a job: a running timer has no `endedAt`. A technician runs at most one timer at a time (the partial
 * unique index), so a double-clicked "Start" cannot open two.
 */
export const timeEntry = pgTable(
	'time_entry',
	{
		id: text('id').primaryKey(),
		shopId: shopId(),
		jobId: text('job_id')
			.notNull()
			.references(() => job.id, { onDelete: 'cascade' }),
		technicianId: text('technician_id').references(() => user.id, { onDelete: 'set null' }),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
		endedAt: timestamp('ended_at', { withTimezone: true }),
		note: text('note').notNull().default(''),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		index('time_entry_job_idx').on(t.jobId),
		uniqueIndex('time_entry_one_running_idx')
			.on(t.technicianId)
			.where(sql`${t.endedAt} is null`),
		check('time_entry_order', sql`${t.endedAt} is null or ${t.endedAt} >= ${t.startedAt}`)
	]
);

export const jobNote = pgTable(
	'job_note',
	{
		id: text('id').primaryKey(),
		shopId: shopId(),
		jobId: text('job_id')
			.notNull()
			.references(() => job.id, { onDelete: 'cascade' }),
		authorId: text('author_id').references(() => user.id, { onDelete: 'set null' }),
		body: text('body').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('job_note_job_idx').on(t.jobId, t.createdAt)]
);

export type Bay = typeof bay.$inferSelect;
export type Job = typeof job.$inferSelect;
export type JobStatus = (typeof jobStatus.enumValues)[number];
export type JobStatusChange = typeof jobStatusChange.$inferSelect;
export type TimeEntry = typeof timeEntry.$inferSelect;
export type JobNote = typeof jobNote.$inferSelect;
