import { text } from 'drizzle-orm/pg-core';
import { shop } from './auth';

/**
 * The tenant key every business row carries (ARCHITECTURE.md "Tenancy and roles"); deleting a shop deletes its rows.
 * Kept apart from columns.ts because auth.ts, which defines `shop`, imports columns.ts.
 */
export const shopId = () =>
	text('shop_id')
		.notNull()
		.references(() => shop.id, { onDelete: 'cascade' });
