import { and, asc, eq, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { DynoMappingSchema, type DynoMapping } from '../../logs/formats';
import type { Db } from '../db';
import { dynoMapping } from '../db/schema';
import { authorize, type Actor } from '../shops/permissions';
import { NotFoundError } from '../timeseries/errors';

const NameSchema = v.pipe(
	v.string(),
	v.trim(),
	v.minLength(1, 'a saved mapping needs a name'),
	v.maxLength(120, 'a mapping name has at most 120 characters')
);

/**
 * A dyno column mapping from outside (a form's JSON, a saved row), validated by the importer's own schema.
 * @throws TypeError naming the first problem.
 */
export function parseDynoMapping(input: unknown): DynoMapping {
	const parsed = v.safeParse(DynoMappingSchema, input);
	if (parsed.success) return parsed.output;
	const issue = parsed.issues[0];
	const path = v.getDotPath(issue);
	throw new TypeError(`dyno mapping: ${path ? `${path} ` : ''}${issue.message}`, {
		cause: new v.ValiError(parsed.issues)
	});
}

export interface SavedDynoMapping {
	id: string;
	name: string;
	mapping: DynoMapping;
}

export async function listDynoMappings(db: Db, shopId: string): Promise<SavedDynoMapping[]> {
	return db
		.select({ id: dynoMapping.id, name: dynoMapping.name, mapping: dynoMapping.mapping })
		.from(dynoMapping)
		.where(eq(dynoMapping.shopId, shopId))
		.orderBy(asc(dynoMapping.name));
}

/** @throws NotFoundError when the mapping is not the shop's. */
export async function getDynoMapping(
	db: Db,
	shopId: string,
	id: string
): Promise<SavedDynoMapping> {
	const [row] = await db
		.select({ id: dynoMapping.id, name: dynoMapping.name, mapping: dynoMapping.mapping })
		.from(dynoMapping)
		.where(and(eq(dynoMapping.id, id), eq(dynoMapping.shopId, shopId)));
	if (!row) throw new NotFoundError('dyno mapping', id);
	return row;
}

/**
 * Saves a mapping under a name for the shop; saving under a name the shop already uses replaces that mapping
 * (one template per name, as a dyno cell keeps one export layout).
 * @throws PermissionDeniedError without `logs.edit`; TypeError for a bad name or mapping.
 */
export async function saveDynoMapping(
	db: Db,
	actor: Actor,
	input: { name: unknown; mapping: unknown }
): Promise<SavedDynoMapping> {
	authorize(actor, 'logs.edit');
	const named = v.safeParse(NameSchema, input.name);
	if (!named.success) throw new TypeError(named.issues[0].message);
	const name = named.output;
	const mapping = { ...parseDynoMapping(input.mapping), name };
	const [row] = await db
		.insert(dynoMapping)
		.values({
			id: crypto.randomUUID(),
			shopId: actor.shopId,
			name,
			mapping,
			createdBy: actor.userId
		})
		.onConflictDoUpdate({
			target: [dynoMapping.shopId, dynoMapping.name],
			set: { mapping, updatedAt: sql`now()` }
		})
		.returning({ id: dynoMapping.id, name: dynoMapping.name, mapping: dynoMapping.mapping });
	return row;
}

/** @throws PermissionDeniedError without `logs.edit`; NotFoundError when not the shop's. */
export async function deleteDynoMapping(db: Db, actor: Actor, id: string): Promise<void> {
	authorize(actor, 'logs.edit');
	const gone = await db
		.delete(dynoMapping)
		.where(and(eq(dynoMapping.id, id), eq(dynoMapping.shopId, actor.shopId)))
		.returning({ id: dynoMapping.id });
	if (gone.length === 0) throw new NotFoundError('dyno mapping', id);
}
