import { pgEnum, pgTable, primaryKey, text, timestamp, index } from 'drizzle-orm/pg-core';
import { bytea, createdAt } from './columns';

export const shop = pgTable('shop', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	createdAt: createdAt()
});

export const user = pgTable('user', {
	id: text('id').primaryKey(),
	/** Stored lower-cased and trimmed; unique. */
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	passwordHash: text('password_hash').notNull(),
	createdAt: createdAt()
});

/** ARCHITECTURE.md "Tenancy and roles". front_desk arrives with the shop issue; the enum has it already. */
export const shopRole = pgEnum('shop_role', ['owner', 'tuner', 'technician', 'front_desk']);

export const membership = pgTable(
	'membership',
	{
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		shopId: text('shop_id')
			.notNull()
			.references(() => shop.id, { onDelete: 'cascade' }),
		role: shopRole('role').notNull(),
		createdAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.userId, t.shopId] }), index('membership_shop_idx').on(t.shopId)]
);

/**
 * Lucia's session design (lucia-auth.com "Basic session implementation"): the token is `id.secret`, only
 * SHA-256(secret) is stored and compared in constant time. `expiresAt` slides forward on use.
 */
export const session = pgTable(
	'session',
	{
		id: text('id').primaryKey(),
		secretHash: bytea('secret_hash').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** The shop this session acts in; a user may belong to several. */
		shopId: text('shop_id')
			.notNull()
			.references(() => shop.id, { onDelete: 'cascade' }),
		createdAt: createdAt(),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		userAgent: text('user_agent'),
		ip: text('ip')
	},
	(t) => [index('session_user_idx').on(t.userId)]
);

export type Shop = typeof shop.$inferSelect;
export type User = typeof user.$inferSelect;
export type Membership = typeof membership.$inferSelect;
export type Session = typeof session.$inferSelect;
export type ShopRole = (typeof shopRole.enumValues)[number];
