import { check, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { ProfileOverride } from '../../../safety/profile-schema';
import { shop } from './auth';
import { vehicle } from './telemetry';

/**
 * A vehicle's safety profile history, append-only: each save adds the next version (1, 2, 3… per vehicle, no
 * gaps) and the newest one is in force, as mergeProfile(shipped base, override). Rows are never updated; the
 * (vehicle_id, version) key makes two saves racing for the same version unable to both land. `createdBy` is a
 * plain user id, not a foreign key, so deleting a user leaves the history (and its audit entries) as written.
 */
export const vehicleSafetyProfile = pgTable(
	'vehicle_safety_profile',
	{
		vehicleId: text('vehicle_id')
			.notNull()
			.references(() => vehicle.id, { onDelete: 'cascade' }),
		shopId: text('shop_id')
			.notNull()
			.references(() => shop.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		/** A shipped profile id (src/lib/safety/default-profiles.ts): 'na-petrol' | 'turbo-petrol' | 'e85'. */
		baseProfileId: text('base_profile_id').notNull(),
		/** Validated against the base when written; `override.version` equals `version`. */
		override: jsonb('override').$type<ProfileOverride>().notNull(),
		createdBy: text('created_by').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		note: text('note').notNull().default('')
	},
	(t) => [
		primaryKey({ columns: [t.vehicleId, t.version] }),
		check('vehicle_safety_profile_version_positive', sql`${t.version} >= 1`)
	]
);

export type VehicleSafetyProfileRow = typeof vehicleSafetyProfile.$inferSelect;
