import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { log, reportLink, shop, vehicle } from '../db/schema';
import { NotFoundError } from '../timeseries/errors';
import { generateReportToken, hashReportToken, isReportTokenShape } from './token';

/** A customer link lives at most a year; the shop can always mint a new one. */
export const MAX_REPORT_TTL_DAYS = 365;
const DAY_MS = 86_400_000;

export interface CreateReportLinkInput {
	shopId: string;
	logId: string;
	userId: string;
	/** Days until the link stops working, 1..365 (fractions allowed). */
	ttlDays: number;
}

/**
 * Mints a customer link to one log. The raw token is returned only here; the database keeps its SHA-256,
 * so the shop must hand it out now or mint another.
 */
export async function createReportLink(db: Db, input: CreateReportLinkInput) {
	const { shopId, logId, userId, ttlDays } = input;
	if (!Number.isFinite(ttlDays) || ttlDays <= 0 || ttlDays > MAX_REPORT_TTL_DAYS)
		throw new RangeError(`ttlDays must be in (0, ${MAX_REPORT_TTL_DAYS}]`);
	const [owned] = await db
		.select({ id: log.id })
		.from(log)
		.where(and(eq(log.id, logId), eq(log.shopId, shopId)));
	if (!owned) throw new NotFoundError('log', logId);
	const token = generateReportToken();
	const [row] = await db
		.insert(reportLink)
		.values({
			id: crypto.randomUUID(),
			shopId,
			logId,
			tokenHash: hashReportToken(token),
			createdBy: userId,
			expiresAt: new Date(Date.now() + ttlDays * DAY_MS)
		})
		.returning({ id: reportLink.id, expiresAt: reportLink.expiresAt });
	return { token, id: row.id, expiresAt: row.expiresAt };
}

/**
 * What a customer's token grants, or null when the token is unknown, expired or revoked (the three look
 * the same to the caller on purpose). `shopId`/`logId` are for the server to fetch the report's data;
 * a route should pass the customer only what the page shows (STYLE R9).
 */
export async function resolveReportLink(db: Db, token: string) {
	if (!isReportTokenShape(token)) return null;
	const [row] = await db
		.select({
			linkId: reportLink.id,
			expiresAt: reportLink.expiresAt,
			shopId: shop.id,
			shopName: shop.name,
			logId: log.id,
			logName: log.name,
			startedAt: log.startedAt,
			endedAt: log.endedAt,
			durationUs: log.durationUs,
			sampleCount: log.sampleCount,
			channels: log.channels,
			vehicleName: vehicle.name,
			vehicleMake: vehicle.make,
			vehicleModel: vehicle.model,
			vehicleYear: vehicle.year
		})
		.from(reportLink)
		.innerJoin(log, eq(log.id, reportLink.logId))
		.innerJoin(shop, eq(shop.id, reportLink.shopId))
		.leftJoin(vehicle, eq(vehicle.id, log.vehicleId))
		.where(
			and(
				eq(reportLink.tokenHash, hashReportToken(token)),
				isNull(reportLink.revokedAt),
				gt(reportLink.expiresAt, new Date())
			)
		);
	if (!row) return null;
	return {
		linkId: row.linkId,
		expiresAt: row.expiresAt,
		shop: { id: row.shopId, name: row.shopName },
		log: {
			id: row.logId,
			name: row.logName,
			startedAt: row.startedAt,
			endedAt: row.endedAt,
			durationUs: row.durationUs,
			sampleCount: row.sampleCount,
			channels: row.channels
		},
		vehicle:
			row.vehicleName === null
				? null
				: {
						name: row.vehicleName,
						make: row.vehicleMake,
						model: row.vehicleModel,
						year: row.vehicleYear
					}
	};
}

export type ResolvedReport = NonNullable<Awaited<ReturnType<typeof resolveReportLink>>>;

/** Stops the link working at once. Revoking twice keeps the first time. */
export async function revokeReportLink(db: Db, shopId: string, linkId: string): Promise<void> {
	const [row] = await db
		.select({ revokedAt: reportLink.revokedAt })
		.from(reportLink)
		.where(and(eq(reportLink.id, linkId), eq(reportLink.shopId, shopId)));
	if (!row) throw new NotFoundError('report link', linkId);
	if (row.revokedAt) return;
	await db
		.update(reportLink)
		.set({ revokedAt: new Date() })
		.where(and(eq(reportLink.id, linkId), isNull(reportLink.revokedAt)));
}

/** The links minted for a log, newest first; never the tokens, which are not stored. */
export async function listReportLinks(db: Db, shopId: string, logId: string) {
	return db
		.select({
			id: reportLink.id,
			createdBy: reportLink.createdBy,
			createdAt: reportLink.createdAt,
			expiresAt: reportLink.expiresAt,
			revokedAt: reportLink.revokedAt
		})
		.from(reportLink)
		.where(and(eq(reportLink.shopId, shopId), eq(reportLink.logId, logId)))
		.orderBy(desc(reportLink.createdAt), desc(reportLink.id));
}
