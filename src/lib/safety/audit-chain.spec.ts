import fc from 'fast-check';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { describe, expect, it } from 'vitest';
import {
	AuditEntryError,
	genesisHash,
	hashAuditEntry,
	nextAuditEntry,
	verifyChain,
	type AuditEntry,
	type AuditEntryInput
} from './audit-chain';
import { canonicalJson } from './canonical-json';

const input = (n: number, extra: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
	at: new Date(Date.UTC(2026, 10, 24, 12, 0, n)).toISOString(),
	actor: 'user_tech',
	role: 'technician',
	action: 'override',
	ruleId: 'overboost',
	reason: `wastegate replaced, verifying on the dyno (${n})`,
	payload: { durationMs: 600_000, verdict: { level: 'critical', value: 31.2 } },
	...extra
});

function chain(n: number, chainId = 'shop_1'): AuditEntry[] {
	const entries: AuditEntry[] = [];
	for (let i = 0; i < n; i++) entries.push(nextAuditEntry(chainId, entries.at(-1), input(i)));
	return entries;
}

describe('canonicalJson', () => {
	it('sorts keys at every depth and writes no whitespace (RFC 8785)', () => {
		expect(canonicalJson({ b: [3, { z: 1, a: 'x' }], a: null, c: true })).toBe(
			'{"a":null,"b":[3,{"a":"x","z":1}],"c":true}'
		);
	});

	it('writes numbers as ECMAScript does, so -0, 1.0 and 1e21 have one spelling', () => {
		expect(canonicalJson([-0, 1.0, 1e21, 0.1])).toBe('[0,1,1e+21,0.1]');
	});

	it('refuses what JSON cannot say instead of dropping it', () => {
		for (const bad of [Number.NaN, Infinity, undefined, () => 1, 1n, new Date(0), { a: undefined }])
			expect(() => canonicalJson(bad)).toThrow(TypeError);
		const cycle: Record<string, unknown> = {};
		cycle.self = cycle;
		expect(() => canonicalJson(cycle)).toThrow(/cycle/);
	});

	it('does not depend on key insertion order', () => {
		fc.assert(
			fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
				const reversed = Object.fromEntries(Object.entries(record).reverse());
				expect(canonicalJson(reversed)).toBe(canonicalJson(record));
				expect(JSON.parse(canonicalJson(record))).toEqual(JSON.parse(JSON.stringify(record)));
			})
		);
	});
});

describe('audit hash chain', () => {
	it('hashes SHA-256 over the canonical JSON of every field but the hash', () => {
		const [first] = chain(1);
		const { hash, ...body } = first;
		const expected = encodeHexLowerCase(sha256(new TextEncoder().encode(canonicalJson(body))));
		expect(hash).toBe(expected);
		expect(first).toMatchObject({ seq: 1, prevHash: genesisHash('shop_1') });
		expect(genesisHash('shop_1')).toMatch(/^[0-9a-f]{64}$/);
	});

	it('links each entry to the one before and verifies a clean chain', () => {
		const entries = chain(5);
		entries.slice(1).forEach((e, i) => expect(e.prevHash).toBe(entries[i].hash));
		expect(verifyChain('shop_1', entries)).toEqual({
			ok: true,
			count: 5,
			headHash: entries[4].hash
		});
		expect(verifyChain('shop_1', [])).toEqual({
			ok: true,
			count: 0,
			headHash: genesisHash('shop_1')
		});
	});

	it('pinpoints the first changed entry', () => {
		const entries = chain(5);
		entries[2] = { ...entries[2], reason: 'nothing to see here' };
		expect(verifyChain('shop_1', entries)).toMatchObject({
			ok: false,
			index: 2,
			seq: 3,
			problem: 'hash'
		});
	});

	it('pinpoints a removed entry, a reordering, a rehashed forgery and a chain from another shop', () => {
		const entries = chain(5);
		expect(verifyChain('shop_1', [...entries.slice(0, 2), ...entries.slice(3)])).toMatchObject({
			ok: false,
			index: 2,
			problem: 'seq'
		});
		const forged = { ...entries[1], reason: 'forged' };
		forged.hash = hashAuditEntry(forged);
		expect(verifyChain('shop_1', [entries[0], forged, ...entries.slice(2)])).toMatchObject({
			ok: false,
			index: 2,
			seq: 3,
			problem: 'prev-hash'
		});
		expect(verifyChain('shop_2', entries)).toMatchObject({
			ok: false,
			index: 0,
			problem: 'prev-hash'
		});
		const renumbered = entries.map((e, i) => (i === 1 ? { ...e, seq: 7 } : e));
		expect(verifyChain('shop_1', renumbered)).toMatchObject({
			ok: false,
			index: 1,
			problem: 'seq'
		});
	});

	it('verifies a suffix from a trusted entry', () => {
		const entries = chain(6);
		expect(verifyChain('shop_1', entries.slice(3), entries[2])).toMatchObject({
			ok: true,
			count: 3
		});
	});

	it('refuses malformed input with a readable issue, and flags malformed stored entries', () => {
		expect(() => nextAuditEntry('shop_1', undefined, input(0, { at: 'yesterday' }))).toThrow(
			AuditEntryError
		);
		expect(() =>
			nextAuditEntry('shop_1', undefined, input(0, { payload: { v: Number.NaN } }))
		).toThrow(/payload/);
		expect(() => nextAuditEntry('shop_1', undefined, input(0, { reason: 'a\u0000b' }))).toThrow(
			/U\+0000/
		);
		const [first] = chain(1);
		expect(verifyChain('shop_1', [{ ...first, role: 'janitor' } as never])).toMatchObject({
			ok: false,
			problem: 'malformed'
		});
	});

	it('detects any single-field change anywhere in the chain', () => {
		const entries = chain(4);
		const fields = ['at', 'actor', 'action', 'ruleId', 'reason', 'payload'] as const;
		fc.assert(
			fc.property(fc.nat({ max: 3 }), fc.constantFrom(...fields), (index, field) => {
				const changed = entries.map((e) => ({ ...e }));
				const e = changed[index];
				if (field === 'payload') e.payload = { durationMs: 1 };
				else if (field === 'action') e.action = 'acknowledge';
				else if (field === 'at') e.at = '2030-01-01T00:00:00.000Z';
				else e[field] = 'changed';
				expect(verifyChain('shop_1', changed)).toMatchObject({ ok: false, index, problem: 'hash' });
			})
		);
	});
});
