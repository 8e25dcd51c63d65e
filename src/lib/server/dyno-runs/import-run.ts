import * as v from 'valibot';
import { AnalyticsInputError, curveFromPoints, curvePeaks } from '../../analytics';
import { readDynoCsv, type TextSource } from '../../logs/formats';
import type { Db } from '../db';
import { dynoRun, type DynoCorrectionName } from '../db/schema';
import { authorize, type Actor } from '../shops/permissions';
import { detectDynoCorrection, DYNO_CORRECTIONS } from './corrections';
import { checkDynoRunLinks } from './links';
import { parseDynoMapping } from './mappings';
import { packDynoPoints } from './points';

/** Far beyond any export (a 20 s pull logged at 100 Hz is 2000 rows); keeps one row's JSON bounded. */
export const MAX_DYNO_POINTS = 50_000;

const Text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const Optional = (max: number) =>
	v.pipe(
		v.optional(v.nullable(Text(max)), null),
		v.transform((s) => (s ? s : null))
	);

const LinksSchema = v.object({
	name: v.pipe(Text(200), v.minLength(1, 'a dyno run needs a name')),
	fileName: Optional(255),
	vehicleId: v.pipe(Text(100), v.minLength(1, 'pick the vehicle the run was made on')),
	jobId: Optional(100),
	tuneVersionId: Optional(120),
	correction: v.optional(v.picklist([...DYNO_CORRECTIONS, 'auto'] as const), 'auto'),
	basis: v.optional(v.picklist(['wheel', 'crank'] as const), 'wheel')
});

export type DynoRunLinksInput = v.InferInput<typeof LinksSchema>;

export interface ImportDynoRunInput extends DynoRunLinksInput {
	/** The export's text or bytes; dyno exports are small, but it is read as a stream all the same. */
	body: TextSource;
	/** A mapping as DynoMappingSchema takes it; absent or null: detected from the header. */
	mapping?: unknown;
}

export interface ImportedDynoRun {
	id: string;
	pointCount: number;
	correction: DynoCorrectionName;
	source: string;
	peaks: ReturnType<typeof curvePeaks>;
}

/**
 * Reads a dyno's CSV export (Dynojet, Mainline, Dynocom or any CSV with rpm and power or torque) and stores it as a
 * run of the vehicle: points in kW and N·m, peaks, the correction the export states (or the one given), the mapping
 * used, and the links to the job and tune version.
 * @throws PermissionDeniedError without `logs.edit`; NotFoundError for a vehicle or job not the shop's; TypeError
 *   for bad fields or mapping; DynoImportError (with the detected proposal) when the mapping does not fit the file;
 *   CsvLogError naming line and column for a bad cell; AnalyticsInputError with fewer than two usable points.
 */
export async function importDynoRun(
	db: Db,
	actor: Actor,
	input: ImportDynoRunInput
): Promise<ImportedDynoRun> {
	authorize(actor, 'logs.edit');
	const parsed = v.safeParse(LinksSchema, input);
	if (!parsed.success) throw new TypeError(parsed.issues[0].message);
	const fields = parsed.output;
	await checkDynoRunLinks(db, actor.shopId, fields);
	const mapping = input.mapping == null ? undefined : parseDynoMapping(input.mapping);

	const run = await readDynoCsv(input.body, { mapping });
	const points = run.points.filter(
		(p) => p.rpm > 0 && Number.isFinite(p.powerKw) && Number.isFinite(p.torqueNm)
	);
	if (points.length > MAX_DYNO_POINTS)
		throw new TypeError(`the run has ${points.length} points; at most ${MAX_DYNO_POINTS}`);
	const curve = curveFromPoints(points, { basis: fields.basis, vendor: run.meta.vendor });
	if (curve.rpm.length < 2)
		throw new AnalyticsInputError('points', 'every point of the run is at the same rpm');
	const peaks = curvePeaks(curve);
	const columns = Object.values(run.meta.mapping.columns).map((c) => c.column);
	const correction =
		fields.correction === 'auto'
			? detectDynoCorrection([...run.meta.info, ...columns])
			: fields.correction;
	const id = crypto.randomUUID();
	await db.insert(dynoRun).values({
		id,
		shopId: actor.shopId,
		vehicleId: fields.vehicleId,
		jobId: fields.jobId,
		tuneVersionId: fields.tuneVersionId,
		name: fields.name,
		source: run.meta.vendor,
		correction,
		basis: fields.basis,
		fileName: fields.fileName,
		mapping: run.meta.mapping,
		meta: {
			info: run.meta.info.slice(0, 50).map((line) => line.slice(0, 500)),
			...(run.meta.mappingName ? { mappingName: run.meta.mappingName } : {}),
			derived: run.meta.derived,
			skippedRows: run.meta.skippedRows + (run.points.length - points.length)
		},
		points: packDynoPoints(points),
		pointCount: points.length,
		peakPowerKw: peaks.powerKw,
		peakPowerRpm: peaks.powerRpm,
		peakTorqueNm: peaks.torqueNm,
		peakTorqueRpm: peaks.torqueRpm,
		createdBy: actor.userId
	});
	return { id, pointCount: points.length, correction, source: run.meta.vendor, peaks };
}
