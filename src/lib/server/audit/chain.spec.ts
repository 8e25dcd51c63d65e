import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntryError, genesisHash } from '../../safety/audit-chain';
import { auditEntry } from '../db/schema';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import { NotFoundError } from '../timeseries/errors';
import { appendAuditEntry, listAudit, verifyAuditChain, type AppendAuditInput } from './index';

describe('audit chain in the database', () => {
	let t: TestDb;
	let shopId: string;
	let userId: string;
	const entry = (n: number, extra: Partial<AppendAuditInput> = {}): AppendAuditInput => ({
		shopId,
		actor: userId,
		role: 'technician',
		action: 'override',
		ruleId: 'overboost',
		reason: `new actuator fitted, checking boost (${n})`,
		payload: {
			level: 'critical',
			durationMs: 600_000,
			verdict: { value: 31.25, channel: 'Boost' }
		},
		...extra
	});

	beforeAll(async () => {
		t = await createTestDb();
		({ shopId, userId } = await seedShop(t.db));
	});
	afterAll(() => t.close());

	it('appends linked entries that read back byte-identical and verify', async () => {
		const at = new Date('2026-11-24T12:00:00.123Z');
		const first = await appendAuditEntry(t.db, entry(1, { at }));
		const second = await appendAuditEntry(
			t.db,
			entry(2, { payload: { z: 'é€', a: [1, 0.1, -2e-7] } })
		);
		expect(first).toMatchObject({
			seq: 1,
			at: '2026-11-24T12:00:00.123Z',
			prevHash: genesisHash(shopId)
		});
		expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
		// jsonb reorders keys and respells numbers; the canonical hash does not care.
		expect(await listAudit(t.db, shopId)).toEqual([first, second]);
		expect(await verifyAuditChain(t.db, shopId)).toEqual({
			ok: true,
			count: 2,
			headHash: second.hash
		});
	});

	it('never forks under concurrent appends: seq runs 1..n without gaps and the chain verifies', async () => {
		const { shopId: busy } = await seedShop(t.db, 'Busy Garage');
		const appended = await Promise.all(
			Array.from({ length: 20 }, (_, i) => appendAuditEntry(t.db, { ...entry(i), shopId: busy }))
		);
		expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
			Array.from({ length: 20 }, (_, i) => i + 1)
		);
		expect(await verifyAuditChain(t.db, busy)).toMatchObject({ ok: true, count: 20 });
	});

	it('pinpoints an entry changed in the database', async () => {
		const { shopId: s } = await seedShop(t.db, 'Tampered');
		for (let i = 0; i < 4; i++) await appendAuditEntry(t.db, { ...entry(i), shopId: s });
		await t.db
			.update(auditEntry)
			.set({ reason: 'routine check' })
			.where(and(eq(auditEntry.shopId, s), eq(auditEntry.seq, 3)));
		expect(await verifyAuditChain(t.db, s)).toMatchObject({
			ok: false,
			seq: 3,
			count: 3,
			problem: 'hash'
		});
	});

	it('pinpoints a deleted entry and a payload edited inside the jsonb', async () => {
		const { shopId: s } = await seedShop(t.db, 'Pruned');
		for (let i = 0; i < 3; i++) await appendAuditEntry(t.db, { ...entry(i), shopId: s });
		await t.db.delete(auditEntry).where(and(eq(auditEntry.shopId, s), eq(auditEntry.seq, 2)));
		expect(await verifyAuditChain(t.db, s)).toMatchObject({ ok: false, seq: 2, problem: 'seq' });

		const { shopId: s2 } = await seedShop(t.db, 'Edited');
		await appendAuditEntry(t.db, { ...entry(0), shopId: s2 });
		await t.db
			.update(auditEntry)
			.set({ payload: sql`jsonb_set(${auditEntry.payload}, '{durationMs}', '3600000')` })
			.where(eq(auditEntry.shopId, s2));
		expect(await verifyAuditChain(t.db, s2)).toMatchObject({ ok: false, seq: 1, problem: 'hash' });
	});

	it('keeps shops apart: an entry copied into another shop does not verify there', async () => {
		const a = await seedShop(t.db, 'A');
		const b = await seedShop(t.db, 'B');
		const e = await appendAuditEntry(t.db, { ...entry(0), shopId: a.shopId });
		expect(await listAudit(t.db, b.shopId)).toEqual([]);
		await t.db.insert(auditEntry).values({ ...e, shopId: b.shopId, at: new Date(e.at) });
		expect(await verifyAuditChain(t.db, b.shopId)).toMatchObject({
			ok: false,
			problem: 'prev-hash'
		});
	});

	it('refuses a second entry at the same place in a chain', async () => {
		const { shopId: s } = await seedShop(t.db, 'Unique');
		const e = await appendAuditEntry(t.db, { ...entry(0), shopId: s });
		await expect(
			t.db.insert(auditEntry).values({ ...e, shopId: s, at: new Date(e.at) })
		).rejects.toThrow();
	});

	it('refuses an unknown shop and malformed input, writing nothing', async () => {
		await expect(appendAuditEntry(t.db, { ...entry(0), shopId: 'nope' })).rejects.toThrow(
			NotFoundError
		);
		const { shopId: s } = await seedShop(t.db, 'Strict');
		await expect(
			appendAuditEntry(t.db, { ...entry(0), shopId: s, payload: { x: Number.NaN } })
		).rejects.toThrow(AuditEntryError);
		expect(await listAudit(t.db, s)).toEqual([]);
	});

	it('verifies a chain longer than one page', async () => {
		const { shopId: s } = await seedShop(t.db, 'Long');
		const rows = [];
		let previous: { seq: number; hash: string } | undefined;
		const { nextAuditEntry } = await import('../../safety/audit-chain');
		for (let i = 0; i < 1005; i++) {
			const e = nextAuditEntry(s, previous, {
				at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
				actor: userId,
				role: 'owner',
				action: 'acknowledge',
				ruleId: 'egt',
				reason: '',
				payload: i
			});
			rows.push({ ...e, shopId: s, at: new Date(e.at) });
			previous = e;
		}
		for (let i = 0; i < rows.length; i += 500)
			await t.db.insert(auditEntry).values(rows.slice(i, i + 500));
		expect(await verifyAuditChain(t.db, s)).toEqual({
			ok: true,
			count: 1005,
			headHash: previous!.hash
		});
	});
});
