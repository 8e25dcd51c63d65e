import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import {
	DYNO_CORRECTION_LABELS,
	deleteDynoRun,
	dynoActionFailure,
	dynoRunCurve,
	getDynoRun
} from '$lib/server/dyno-runs';
import { actorFrom } from '$lib/server/shops';
import { shopHttpError } from '$lib/server/shops/http-errors';
import type { Actions, PageServerLoad } from './$types';

const COLUMN_ORDER = [
	'rpm',
	'power',
	'torque',
	'speed',
	'force',
	'afr',
	'lambda',
	'boost',
	'time'
] as const;

export const load: PageServerLoad = async ({ params, parent }) => {
	const { shop } = await parent();
	const run = await getDynoRun(getDb(), shop.id, params.id).catch(shopHttpError);
	const curve = dynoRunCurve(run.row);
	const round = (x: number) => Number(x.toFixed(3));
	return {
		run: {
			id: run.id,
			name: run.name,
			vehicleId: run.vehicleId,
			vehicleName: run.vehicleName,
			jobNumber: run.jobNumber,
			tuneVersionId: run.tuneVersionId,
			source: run.source,
			correction: DYNO_CORRECTION_LABELS[run.correction],
			basis: run.basis,
			fileName: run.row.fileName,
			pointCount: run.pointCount,
			peaks: run.peaks,
			info: run.row.meta.info,
			mappingName: run.row.meta.mappingName ?? null,
			derived: run.row.meta.derived,
			skippedRows: run.row.meta.skippedRows,
			columns: COLUMN_ORDER.flatMap((quantity) => {
				const c = run.row.mapping.columns[quantity];
				return c ? [{ quantity, column: c.column, unit: 'unit' in c ? c.unit : '' }] : [];
			}),
			createdAt: run.createdAt.toISOString()
		},
		curve: {
			rpm: Array.from(curve.rpm),
			powerKw: Array.from(curve.powerKw, round),
			torqueNm: Array.from(curve.torqueNm, round)
		}
	};
};

export const actions: Actions = {
	delete: async ({ params, locals }) => {
		try {
			await deleteDynoRun(getDb(), actorFrom(locals), params.id);
		} catch (err) {
			return dynoActionFailure(err);
		}
		redirect(303, '/dyno');
	}
};
