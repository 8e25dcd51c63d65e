import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportLink, vehicle } from '../db/schema';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import { NotFoundError, createLog } from '../timeseries';
import {
	createReportLink,
	hashReportToken,
	listReportLinks,
	resolveReportLink,
	revokeReportLink
} from './index';

describe('customer report links', () => {
	let t: TestDb;
	let shopId: string;
	let userId: string;
	let logId: string;

	beforeAll(async () => {
		t = await createTestDb();
		({ shopId, userId } = await seedShop(t.db, 'Boost Bros'));
		const vehicleId = crypto.randomUUID();
		await t.db.insert(vehicle).values({
			id: vehicleId,
			shopId,
			name: 'Blue EG hatch',
			make: 'Honda',
			model: 'Civic',
			year: 1994,
			vin: 'JHMEG85400S000000'
		});
		({ id: logId } = await createLog(t.db, {
			shopId,
			vehicleId,
			createdBy: userId,
			name: 'Dyno pull 3',
			startedAt: new Date('2025-03-01T10:00:00Z'),
			channels: [{ name: 'RPM', unit: 'rpm', min: 0, max: 9000 }]
		}));
	});
	afterAll(() => t.close());

	const mint = (ttlDays = 7) => createReportLink(t.db, { shopId, logId, userId, ttlDays });

	it('resolves a fresh token to the log, shop and vehicle it grants', async () => {
		const { token } = await mint();
		const report = await resolveReportLink(t.db, token);
		expect(report).toMatchObject({
			shop: { id: shopId, name: 'Boost Bros' },
			log: { id: logId, name: 'Dyno pull 3', channels: [{ name: 'RPM' }] },
			vehicle: { name: 'Blue EG hatch', make: 'Honda', model: 'Civic', year: 1994 }
		});
		expect(JSON.stringify(report)).not.toContain('JHMEG');
	});

	it('stores only the SHA-256 of the token', async () => {
		const { token, id } = await mint();
		const [row] = await t.db.select().from(reportLink).where(eq(reportLink.id, id));
		expect(Buffer.from(row.tokenHash)).toEqual(Buffer.from(hashReportToken(token)));
		expect(JSON.stringify(row)).not.toContain(token);
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
	});

	it('resolves nothing for an unknown or malformed token', async () => {
		const { token } = await mint();
		const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
		expect(await resolveReportLink(t.db, flipped)).toBeNull();
		expect(await resolveReportLink(t.db, '')).toBeNull();
		expect(await resolveReportLink(t.db, `${token}x`)).toBeNull();
	});

	it('resolves nothing once the link has expired', async () => {
		const { token, id } = await mint();
		await t.db
			.update(reportLink)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(reportLink.id, id));
		expect(await resolveReportLink(t.db, token)).toBeNull();
	});

	it('resolves nothing once the link is revoked, and revoking again is harmless', async () => {
		const { token, id } = await mint();
		await revokeReportLink(t.db, shopId, id);
		await revokeReportLink(t.db, shopId, id);
		expect(await resolveReportLink(t.db, token)).toBeNull();
	});

	it("will not let another shop revoke a link or mint one for this shop's log", async () => {
		const { token, id } = await mint();
		const other = await seedShop(t.db, 'Rival');
		await expect(revokeReportLink(t.db, other.shopId, id)).rejects.toThrow(NotFoundError);
		await expect(
			createReportLink(t.db, { shopId: other.shopId, logId, userId: other.userId, ttlDays: 1 })
		).rejects.toThrow(NotFoundError);
		expect(await listReportLinks(t.db, other.shopId, logId)).toEqual([]);
		expect(await resolveReportLink(t.db, token)).not.toBeNull();
	});

	it('refuses a lifetime outside 0..365 days', async () => {
		await expect(mint(0)).rejects.toThrow(RangeError);
		await expect(mint(366)).rejects.toThrow(RangeError);
		await expect(mint(NaN)).rejects.toThrow(RangeError);
	});

	it("lists a log's links newest first with their state, never a token", async () => {
		const links = await listReportLinks(t.db, shopId, logId);
		expect(links.length).toBeGreaterThanOrEqual(6);
		expect(links.some((l) => l.revokedAt !== null)).toBe(true);
		for (const l of links)
			expect(Object.keys(l).sort()).toEqual([
				'createdAt',
				'createdBy',
				'expiresAt',
				'id',
				'revokedAt'
			]);
		const times = links.map((l) => l.createdAt.getTime());
		expect(times).toEqual([...times].sort((a, b) => b - a));
	});
});
