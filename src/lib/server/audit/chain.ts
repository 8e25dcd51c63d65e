import { and, asc, desc, eq, gt } from 'drizzle-orm';
import {
	nextAuditEntry,
	verifyChain,
	type AuditAction,
	type AuditEntry,
	type AuditRole,
	type ChainVerification,
	type JsonValue
} from '../../safety/audit-chain';
import type { Db } from '../db';
import { auditEntry, shop, type AuditEntryRow } from '../db/schema';
import { NotFoundError } from '../timeseries/errors';

export interface AppendAuditInput {
	shopId: string;
	/** The acting user's id. */
	actor: string;
	/** The actor's role in the shop, as the server knows it (never as the client claims it). */
	role: AuditRole;
	action: AuditAction;
	ruleId?: string | null;
	reason: string;
	payload?: JsonValue;
	/** @default now */
	at?: Date;
}

/**
 * Appends one entry to the shop's audit chain and returns it as stored. The append runs in its own transaction
 * (a savepoint inside the caller's) that first locks the shop's row, so concurrent appends for a shop queue up and
 * each links to the entry committed before it: the chain cannot fork. `FOR NO KEY UPDATE` conflicts only with
 * itself and stronger locks, not with the key-share locks that inserts of the shop's logs and vehicles take.
 * @throws NotFoundError when the shop does not exist; AuditEntryError when the input does not validate.
 */
export async function appendAuditEntry(db: Db, input: AppendAuditInput): Promise<AuditEntry> {
	const { shopId } = input;
	return db.transaction(async (tx) => {
		const [locked] = await tx
			.select({ id: shop.id })
			.from(shop)
			.where(eq(shop.id, shopId))
			.for('no key update');
		if (!locked) throw new NotFoundError('shop', shopId);
		const [head] = await tx
			.select({ seq: auditEntry.seq, hash: auditEntry.hash })
			.from(auditEntry)
			.where(eq(auditEntry.shopId, shopId))
			.orderBy(desc(auditEntry.seq))
			.limit(1);
		const entry = nextAuditEntry(shopId, head, {
			at: (input.at ?? new Date()).toISOString(),
			actor: input.actor,
			role: input.role,
			action: input.action,
			ruleId: input.ruleId ?? null,
			reason: input.reason,
			payload: input.payload ?? null
		});
		await tx.insert(auditEntry).values({ ...entry, shopId, at: new Date(entry.at) });
		return entry;
	});
}

export interface ListAuditOptions {
	/** Entries after this seq. @default 0 */
	afterSeq?: number;
	/** @default 100, at most 1000 */
	limit?: number;
}

/** The shop's entries in chain order (oldest first), a page at a time. */
export async function listAudit(
	db: Db,
	shopId: string,
	options: ListAuditOptions = {}
): Promise<AuditEntry[]> {
	const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 1), 1000);
	const rows = await db
		.select()
		.from(auditEntry)
		.where(and(eq(auditEntry.shopId, shopId), gt(auditEntry.seq, options.afterSeq ?? 0)))
		.orderBy(asc(auditEntry.seq))
		.limit(limit);
	return rows.map(toEntry);
}

export type AuditChainStatus =
	| { ok: true; count: number; headHash: string }
	| {
			ok: false;
			/** Entries checked before and including the broken one. */
			count: number;
			seq: number;
			problem: Extract<ChainVerification, { ok: false }>['problem'];
			message: string;
	  };

const PAGE = 1000;

/**
 * Re-hashes the shop's whole chain from its genesis and reports the first broken link (a changed, missing,
 * reordered or foreign entry). Reads a page at a time, so a long history does not load at once.
 */
export async function verifyAuditChain(db: Db, shopId: string): Promise<AuditChainStatus> {
	let trusted: Pick<AuditEntry, 'seq' | 'hash'> | undefined;
	let count = 0;
	let headHash: string | undefined;
	for (;;) {
		const page = await listAudit(db, shopId, { afterSeq: trusted?.seq ?? 0, limit: PAGE });
		const result = verifyChain(shopId, page, trusted);
		if (!result.ok)
			return {
				ok: false,
				count: count + result.index + 1,
				seq: result.seq,
				problem: result.problem,
				message: result.message
			};
		count += page.length;
		headHash = result.headHash;
		if (page.length < PAGE) return { ok: true, count, headHash };
		trusted = page[page.length - 1];
	}
}

function toEntry(row: AuditEntryRow): AuditEntry {
	return {
		seq: row.seq,
		at: row.at.toISOString(),
		actor: row.actor,
		role: row.role as AuditRole,
		action: row.action as AuditAction,
		ruleId: row.ruleId,
		reason: row.reason,
		payload: row.payload,
		prevHash: row.prevHash,
		hash: row.hash
	};
}
