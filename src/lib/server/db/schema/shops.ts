import { index, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { shop, shopRole, user } from './auth';
import { bytea, createdAt } from './columns';
import { shopId } from './shop-scoped';

/**
 * An owner's invitation for one email to join the shop in one role. Single use and expiring; like report links,
 * only SHA-256(token) is stored, so a leaked row cannot be redeemed. A row is pending while `acceptedAt` and
 * `revokedAt` are null and `expiresAt` is in the future.
 */
export const invitation = pgTable(
	'invitation',
	{
		id: text('id').primaryKey(),
		shopId: shopId(),
		/** Stored lower-cased and trimmed, like `user.email`; the accepting account must have this email. */
		email: text('email').notNull(),
		role: shopRole('role').notNull(),
		tokenHash: bytea('token_hash').notNull().unique(),
		invitedBy: text('invited_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		acceptedAt: timestamp('accepted_at', { withTimezone: true }),
		acceptedBy: text('accepted_by').references(() => user.id, { onDelete: 'set null' }),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(t) => [index('invitation_shop_idx').on(t.shopId, t.email)]
);

/** A shop's customer. `(id, shop_id)` is unique so vehicles can reference a customer of their own shop only. */
export const customer = pgTable(
	'customer',
	{
		id: text('id').primaryKey(),
		shopId: shopId(),
		name: text('name').notNull(),
		/** Lower-cased and trimmed when present; not unique (a family may share one address). */
		email: text('email'),
		phone: text('phone'),
		notes: text('notes').notNull().default(''),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('customer_shop_name_idx').on(t.shopId, t.name),
		unique('customer_id_shop_unique').on(t.id, t.shopId)
	]
);

export type Invitation = typeof invitation.$inferSelect;
export type Customer = typeof customer.$inferSelect;
