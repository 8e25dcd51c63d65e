import { customType, timestamp } from 'drizzle-orm/pg-core';

/** Postgres `bytea` as a Uint8Array; postgres.js returns a Buffer (a Uint8Array subclass), PGlite a Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

/** When a row was created; every table that keeps history has one. */
export const createdAt = () =>
	timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
