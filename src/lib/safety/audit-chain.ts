import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import * as v from 'valibot';
import { canonicalJson } from './canonical-json';

/**
 * The append-only, hash-chained audit log of safety overrides, acknowledgements and other guarded actions
 * (ARCHITECTURE.md "Tenancy and roles"). Each entry's hash covers its content and the previous entry's hash, so
 * changing, removing or reordering any entry breaks every link after it; the chain's first `prevHash` is derived
 * from the chain id (the shop), so entries cannot be moved between shops either. Pure: the worker, the server and
 * an offline auditor compute the same hashes.
 */
export const AUDIT_ACTIONS = [
	'acknowledge',
	'override',
	'override-cleared',
	'profile-change',
	'tune-write'
] as const;
export const AUDIT_ROLES = ['owner', 'tuner', 'technician', 'front_desk'] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditRole = (typeof AUDIT_ROLES)[number];

/** Any JSON value. */
export type JsonValue =
	null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What the caller supplies; `seq`, `prevHash` and `hash` are the chain's business. */
export interface AuditEntryInput {
	/** ISO 8601 instant with milliseconds, as `Date.prototype.toISOString` writes it. */
	at: string;
	/** The acting user's id. */
	actor: string;
	/** The actor's role in the shop when they acted. */
	role: AuditRole;
	action: AuditAction;
	ruleId: string | null;
	reason: string;
	/** Context: the verdict acknowledged, the override's duration, the profile version… */
	payload: JsonValue;
}

export interface AuditEntry extends AuditEntryInput {
	/** 1, 2, 3… per chain, no gaps. */
	seq: number;
	/** Lower-case hex SHA-256 of the previous entry, or the chain's genesis hash for seq 1. */
	prevHash: string;
	/** Lower-case hex SHA-256 of this entry's canonical JSON (every field but `hash`). */
	hash: string;
}

const Text = (max: number) =>
	v.pipe(
		v.string(),
		v.maxLength(max),
		// Postgres text and jsonb cannot store U+0000; refusing it here keeps stored entries byte-identical.
		v.check((s) => !s.includes('\u0000'), 'must not contain U+0000')
	);
const Hex256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'));
const Json: v.GenericSchema<JsonValue> = v.lazy(() =>
	v.union([
		v.null(),
		v.boolean(),
		v.pipe(v.number(), v.finite()),
		Text(10_000),
		v.array(Json),
		v.record(Text(200), Json)
	])
);

export const AuditEntryInputSchema = v.strictObject({
	at: v.pipe(
		v.string(),
		v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'must be an ISO instant with ms')
	),
	actor: v.pipe(Text(200), v.minLength(1)),
	role: v.picklist(AUDIT_ROLES),
	action: v.picklist(AUDIT_ACTIONS),
	ruleId: v.nullable(v.pipe(Text(64), v.minLength(1))),
	reason: Text(2000),
	payload: Json
});

export const AuditEntrySchema = v.strictObject({
	...AuditEntryInputSchema.entries,
	seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
	prevHash: Hex256,
	hash: Hex256
});

/** Entry input that does not validate; `issues` are one readable line each. */
export class AuditEntryError extends TypeError {
	readonly issues: readonly string[];
	constructor(issues: readonly string[], options?: { cause?: unknown }) {
		super(`invalid audit entry: ${issues.join('; ')}`, options);
		this.name = 'AuditEntryError';
		this.issues = issues;
	}
}

const utf8 = new TextEncoder();

function sha256Hex(text: string): string {
	return encodeHexLowerCase(sha256(utf8.encode(text)));
}

/** The `prevHash` of a chain's first entry: binds the chain to its id (the shop). */
export function genesisHash(chainId: string): string {
	return sha256Hex(`cartech-audit-genesis:${chainId}`);
}

/** SHA-256 over the canonical JSON of every field but `hash`. */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
	const { seq, at, actor, role, action, ruleId, reason, payload, prevHash } = entry;
	return sha256Hex(
		canonicalJson({ seq, at, actor, role, action, ruleId, reason, payload, prevHash })
	);
}

/**
 * The next entry of a chain whose newest entry is `previous` (undefined for an empty chain). Validates the
 * input, so a stored entry always re-hashes to the same value.
 * @throws AuditEntryError when the input does not validate.
 */
export function nextAuditEntry(
	chainId: string,
	previous: Pick<AuditEntry, 'seq' | 'hash'> | undefined,
	input: AuditEntryInput
): AuditEntry {
	const parsed = v.safeParse(AuditEntryInputSchema, input);
	if (!parsed.success)
		throw new AuditEntryError(
			parsed.issues.map((i) => `${v.getDotPath(i) ?? 'entry'}: ${i.message}`)
		);
	const body = {
		...parsed.output,
		seq: previous ? previous.seq + 1 : 1,
		prevHash: previous ? previous.hash : genesisHash(chainId)
	};
	return { ...body, hash: hashAuditEntry(body) };
}

export type ChainVerification =
	| { ok: true; count: number; headHash: string }
	| {
			ok: false;
			count: number;
			/** Position in the list given, 0-based. */
			index: number;
			/** The seq the broken entry carries (or should carry, for a gap). */
			seq: number;
			problem: 'seq' | 'prev-hash' | 'hash' | 'malformed';
			message: string;
	  };

/**
 * Walks a chain from its first entry and stops at the first broken link: a seq that is not the next number, a
 * `prevHash` that is not the previous entry's hash, a `hash` that does not match the content, or an entry that is
 * not well formed. A chain's suffix can be verified from a trusted entry with `from`.
 */
export function verifyChain(
	chainId: string,
	entries: readonly AuditEntry[],
	from?: Pick<AuditEntry, 'seq' | 'hash'>
): ChainVerification {
	let seq = from ? from.seq : 0;
	let prev = from ? from.hash : genesisHash(chainId);
	for (let index = 0; index < entries.length; index++) {
		const entry = entries[index];
		const broken = (
			problem: Exclude<ChainVerification, { ok: true }>['problem'],
			message: string
		) => ({ ok: false, count: entries.length, index, seq: seq + 1, problem, message }) as const;
		if (!v.is(AuditEntrySchema, entry)) return broken('malformed', 'entry is not well formed');
		if (entry.seq !== seq + 1) return broken('seq', `expected seq ${seq + 1}, found ${entry.seq}`);
		if (entry.prevHash !== prev)
			return broken('prev-hash', `seq ${entry.seq} does not link to the entry before it`);
		if (hashAuditEntry(entry) !== entry.hash)
			return broken('hash', `seq ${entry.seq} was changed after it was written`);
		seq = entry.seq;
		prev = entry.hash;
	}
	return { ok: true, count: entries.length, headHash: prev };
}
