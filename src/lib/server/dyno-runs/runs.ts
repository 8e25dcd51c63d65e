import { and, desc, eq } from 'drizzle-orm';
import { curveFromPoints, type CurvePeaks, type DynoCurve } from '../../analytics';
import type { Db } from '../db';
import { dynoRun, job, vehicle, type DynoRunRow } from '../db/schema';
import { authorize, type Actor } from '../shops/permissions';
import { NotFoundError } from '../timeseries/errors';
import { curveCorrection } from './corrections';
import { unpackDynoPoints } from './points';

/** A run as lists show it: no points. */
export interface DynoRunSummary {
	id: string;
	name: string;
	vehicleId: string;
	vehicleName: string;
	jobId: string | null;
	jobNumber: number | null;
	tuneVersionId: string | null;
	source: DynoRunRow['source'];
	correction: DynoRunRow['correction'];
	basis: 'wheel' | 'crank';
	pointCount: number;
	peaks: CurvePeaks;
	createdAt: Date;
}

const summaryColumns = {
	id: dynoRun.id,
	name: dynoRun.name,
	vehicleId: dynoRun.vehicleId,
	vehicleName: vehicle.name,
	jobId: dynoRun.jobId,
	jobNumber: job.number,
	tuneVersionId: dynoRun.tuneVersionId,
	source: dynoRun.source,
	correction: dynoRun.correction,
	basis: dynoRun.basis,
	pointCount: dynoRun.pointCount,
	peakPowerKw: dynoRun.peakPowerKw,
	peakPowerRpm: dynoRun.peakPowerRpm,
	peakTorqueNm: dynoRun.peakTorqueNm,
	peakTorqueRpm: dynoRun.peakTorqueRpm,
	createdAt: dynoRun.createdAt
};

type SummaryRow = Omit<DynoRunSummary, 'peaks' | 'basis' | 'jobNumber'> & {
	basis: string;
	jobNumber: number | null;
	peakPowerKw: number;
	peakPowerRpm: number;
	peakTorqueNm: number;
	peakTorqueRpm: number;
};

function toSummary(r: SummaryRow): DynoRunSummary {
	const { peakPowerKw, peakPowerRpm, peakTorqueNm, peakTorqueRpm, basis, ...rest } = r;
	return {
		...rest,
		basis: basis === 'crank' ? 'crank' : 'wheel',
		peaks: {
			powerKw: peakPowerKw,
			powerRpm: peakPowerRpm,
			torqueNm: peakTorqueNm,
			torqueRpm: peakTorqueRpm
		}
	};
}

/** Newest first; `vehicleId` narrows to one vehicle's runs. */
export async function listDynoRuns(
	db: Db,
	shopId: string,
	options: { vehicleId?: string; limit?: number } = {}
): Promise<DynoRunSummary[]> {
	const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 1), 500);
	const rows = await db
		.select(summaryColumns)
		.from(dynoRun)
		.innerJoin(vehicle, eq(vehicle.id, dynoRun.vehicleId))
		.leftJoin(job, eq(job.id, dynoRun.jobId))
		.where(
			and(
				eq(dynoRun.shopId, shopId),
				options.vehicleId ? eq(dynoRun.vehicleId, options.vehicleId) : undefined
			)
		)
		.orderBy(desc(dynoRun.createdAt), desc(dynoRun.id))
		.limit(limit);
	return rows.map(toSummary);
}

export interface StoredDynoRun extends DynoRunSummary {
	row: DynoRunRow;
}

/** @throws NotFoundError when the run is not the shop's. */
export async function getDynoRun(db: Db, shopId: string, id: string): Promise<StoredDynoRun> {
	const [found] = await db
		.select({ ...summaryColumns, row: dynoRun })
		.from(dynoRun)
		.innerJoin(vehicle, eq(vehicle.id, dynoRun.vehicleId))
		.leftJoin(job, eq(job.id, dynoRun.jobId))
		.where(and(eq(dynoRun.id, id), eq(dynoRun.shopId, shopId)));
	if (!found) throw new NotFoundError('dyno run', id);
	const { row, ...summary } = found;
	return { ...toSummary(summary), row };
}

/**
 * A stored run as a curve, on the same footing as a virtual-dyno curve: the figures as the dyno exported them,
 * its correction by name, and its links in the meta.
 */
export function dynoRunCurve(row: DynoRunRow): DynoCurve {
	return curveFromPoints(
		unpackDynoPoints(row.points),
		{
			basis: row.basis === 'crank' ? 'crank' : 'wheel',
			label: row.name,
			vendor: row.source,
			vehicleId: row.vehicleId,
			...(row.jobId ? { jobId: row.jobId } : {}),
			...(row.tuneVersionId ? { tuneVersionId: row.tuneVersionId } : {})
		},
		curveCorrection(row.correction)
	);
}

/** @throws PermissionDeniedError without `logs.edit`; NotFoundError when not the shop's. */
export async function deleteDynoRun(db: Db, actor: Actor, id: string): Promise<void> {
	authorize(actor, 'logs.edit');
	const gone = await db
		.delete(dynoRun)
		.where(and(eq(dynoRun.id, id), eq(dynoRun.shopId, actor.shopId)))
		.returning({ id: dynoRun.id });
	if (gone.length === 0) throw new NotFoundError('dyno run', id);
}
