import { and, asc, eq, ilike, or } from 'drizzle-orm';
import type { CustomerInput } from '$lib/schemas/shop';
import type { Db } from '$lib/server/db';
import { customer } from '$lib/server/db/schema';
import { authorize, type Actor } from '$lib/server/shops/permissions';
import { NotFoundError } from '$lib/server/timeseries/errors';

const columns = {
	id: customer.id,
	name: customer.name,
	email: customer.email,
	phone: customer.phone,
	notes: customer.notes,
	createdAt: customer.createdAt
};

function checked(input: CustomerInput): CustomerInput {
	const name = input.name.trim();
	if (name === '') throw new TypeError('a customer needs a name');
	return { ...input, name, email: input.email?.trim().toLowerCase() || null };
}

export async function createCustomer(db: Db, actor: Actor, input: CustomerInput) {
	authorize(actor, 'customers.edit');
	const [row] = await db
		.insert(customer)
		.values({ id: crypto.randomUUID(), shopId: actor.shopId, ...checked(input) })
		.returning(columns);
	return row;
}

export async function updateCustomer(db: Db, actor: Actor, id: string, input: CustomerInput) {
	authorize(actor, 'customers.edit');
	const [row] = await db
		.update(customer)
		.set({ ...checked(input), updatedAt: new Date() })
		.where(and(eq(customer.id, id), eq(customer.shopId, actor.shopId)))
		.returning(columns);
	if (!row) throw new NotFoundError('customer', id);
	return row;
}

/** The customer if it belongs to the actor's shop; a foreign id reads exactly like a missing one. */
export async function getCustomer(db: Db, actor: Actor, id: string) {
	authorize(actor, 'customers.view');
	const [row] = await db
		.select(columns)
		.from(customer)
		.where(and(eq(customer.id, id), eq(customer.shopId, actor.shopId)));
	if (!row) throw new NotFoundError('customer', id);
	return row;
}

function likePattern(q: string): string {
	return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Alphabetical; `q` matches name, email or phone anywhere, case-insensitively. */
export async function listCustomers(
	db: Db,
	actor: Actor,
	options: { q?: string; limit?: number } = {}
) {
	authorize(actor, 'customers.view');
	const q = options.q?.trim();
	const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 1), 500);
	return db
		.select(columns)
		.from(customer)
		.where(
			and(
				eq(customer.shopId, actor.shopId),
				q
					? or(
							ilike(customer.name, likePattern(q)),
							ilike(customer.email, likePattern(q)),
							ilike(customer.phone, likePattern(q))
						)
					: undefined
			)
		)
		.orderBy(asc(customer.name), asc(customer.id))
		.limit(limit);
}

export type CustomerSummary = Awaited<ReturnType<typeof listCustomers>>[number];
