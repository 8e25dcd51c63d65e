import { and, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { profileChannels } from '../../safety/profile-channels';
import type { SafetyProfile } from '../../safety/profile-schema';
import { turboPetrolProfile } from '../../safety/default-profiles';
import { buildSafetyReport, type SafetyReportOptions } from '../../safety/report';
import {
	SAFETY_REPORT_VERSION,
	SafetyReportSchema,
	type SafetyReport
} from '../../safety/report-schema';
import type { Db } from '../db';
import { logSafetyReport } from '../db/schema';
import { getLog } from '../timeseries/logs';
import { getVehicleSafetyProfile } from '../vehicle-safety/profile-versions';
import { readChannelSamples } from './samples';

export interface LogReportInput {
	shopId: string;
	logId: string;
	/** The profile the log is judged by (the vehicle's merged profile, or a shipped one). */
	profile: SafetyProfile;
	options?: SafetyReportOptions;
}

/**
 * Computes a log's safety report from its stored samples (never from a client's copy). Only the channels the
 * profile reads, plus throttle and rpm for pull detection, are loaded; the log's other channels are declared
 * empty, so rules on channels the log lacks are still listed as unavailable.
 * @throws NotFoundError when the log is not in the shop.
 */
export async function computeLogSafetyReport(db: Db, input: LogReportInput): Promise<SafetyReport> {
	const { shopId, logId, profile, options = {} } = input;
	const row = await getLog(db, shopId, logId);
	const declared = row.channels.map((c) => c.name);
	const plausibility = profile.rules.find((r) => r.kind === 'map-plausibility');
	const wanted = new Set([
		...profileChannels(profile),
		options.throttle ?? plausibility?.throttle ?? 'ThrottlePosition',
		options.rpm ?? plausibility?.rpm ?? 'EngineSpeed'
	]);
	const loaded = await readChannelSamples(
		db,
		logId,
		declared.filter((name) => wanted.has(name))
	);
	const samples = Object.fromEntries(
		declared.map((name) => [name, loaded[name] ?? { t: [], v: [] }])
	);
	return buildSafetyReport(samples, profile, options);
}

/** Stores (or replaces) a log's report after validating it against the versioned schema. */
export async function saveLogSafetyReport(
	db: Db,
	input: { shopId: string; logId: string; report: SafetyReport }
): Promise<void> {
	const report = v.parse(SafetyReportSchema, input.report);
	const log = await getLog(db, input.shopId, input.logId);
	const values = {
		shopId: input.shopId,
		version: report.version,
		profileId: report.profile.id,
		profileVersion: report.profile.version,
		verdict: report.verdict,
		report,
		sampleCount: log.sampleCount,
		computedAt: new Date()
	};
	await db
		.insert(logSafetyReport)
		.values({ logId: input.logId, ...values })
		.onConflictDoUpdate({ target: logSafetyReport.logId, set: values });
}

/** Recomputes a log's report from its stored samples and stores it; returns what was stored. */
export async function refreshLogSafetyReport(db: Db, input: LogReportInput): Promise<SafetyReport> {
	const report = await computeLogSafetyReport(db, input);
	await saveLogSafetyReport(db, { shopId: input.shopId, logId: input.logId, report });
	return report;
}

export interface StoredSafetyReport {
	report: SafetyReport;
	computedAt: Date;
	/** More samples were uploaded after the report was computed: recompute before relying on it. */
	stale: boolean;
}

/**
 * The stored report of a log in the shop, or null when there is none or it was written in a report version this
 * code does not read (recompute it then).
 * @throws NotFoundError when the log is not in the shop.
 */
export async function getLogSafetyReport(
	db: Db,
	shopId: string,
	logId: string
): Promise<StoredSafetyReport | null> {
	const log = await getLog(db, shopId, logId);
	const [row] = await db
		.select()
		.from(logSafetyReport)
		.where(and(eq(logSafetyReport.logId, logId), eq(logSafetyReport.shopId, shopId)));
	if (!row || row.version !== SAFETY_REPORT_VERSION) return null;
	const parsed = v.safeParse(SafetyReportSchema, row.report);
	if (!parsed.success) return null;
	return {
		report: parsed.output,
		computedAt: row.computedAt,
		stale: row.sampleCount !== log.sampleCount
	};
}

/**
 * The report a page shows: the stored one while it is current, else recomputed from the stored samples and saved.
 * A log of a vehicle is judged by that vehicle's profile in force now (its newest version), so a report made
 * under an older version is recomputed; a log without a vehicle by the turbo petrol profile the live session
 * starts with.
 */
export async function currentLogSafetyReport(
	db: Db,
	shopId: string,
	logId: string
): Promise<SafetyReport> {
	const [log, stored] = await Promise.all([
		getLog(db, shopId, logId),
		getLogSafetyReport(db, shopId, logId)
	]);
	const profile = log.vehicleId
		? (await getVehicleSafetyProfile(db, shopId, log.vehicleId)).profile
		: turboPetrolProfile;
	const sameProfile =
		stored?.report.profile.id === profile.id && stored.report.profile.version === profile.version;
	if (stored && !stored.stale && sameProfile) return stored.report;
	return refreshLogSafetyReport(db, { shopId, logId, profile });
}
