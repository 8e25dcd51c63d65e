import {
	AnalyticsInputError,
	compareCurves,
	curvePeaks,
	type CurvePeaks,
	type DynoCurve
} from '../../analytics';
import type { Db } from '../db';
import { computeDynoRun, parseDynoForm, type DynoForm, type DynoRequest } from '../dyno';
import { getLog, listLogs } from '../timeseries';
import { NotFoundError } from '../timeseries/errors';
import { DYNO_CORRECTION_LABELS } from './corrections';
import { parseRunRefs, runRefToken, type RunRef } from './run-refs';
import { dynoRunCurve, getDynoRun, listDynoRuns } from './runs';

export interface ComparedRun {
	token: string;
	kind: 'imported' | 'virtual';
	/** Unique on the page: "1. Base map (Dynojet)". */
	label: string;
	name: string;
	/** The run's own page. */
	href: string;
	/** What the figures are corrected to, as a reader says it. */
	correction: string;
	basis: 'wheel' | 'crank';
	rpm: number[];
	powerKw: number[];
	torqueNm: number[];
	peaks: CurvePeaks;
	/** Virtual runs: the pulls found, so the page can offer the others. */
	pulls: number;
	pull: number | null;
}

export interface RunDelta {
	label: string;
	rpm: number[];
	deltaPowerKw: number[];
	deltaTorqueNm: number[];
	/** False when the two differ in correction or basis: the delta then includes that. */
	comparable: boolean;
}

export interface RunsCompareView {
	form: DynoForm;
	formError: string | null;
	runs: ComparedRun[];
	/** Runs asked for that give no curve, and why (not found, no pull in the log…). */
	problems: { token: string; message: string }[];
	/** Each run minus the first, by rpm. */
	reference: string | null;
	deltas: RunDelta[];
	choices: {
		dynoRuns: { token: string; name: string; vehicleName: string; peakPowerKw: number }[];
		logs: { token: string; name: string; startedAt: string }[];
	};
}

const round = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(3)) : NaN);
const list = (a: ArrayLike<number>) => Array.from(a, round);
const CORRECTION_LABELS = {
	'sae-j1349': 'SAE J1349',
	'din-70020': 'DIN 70020',
	none: 'uncorrected'
} as const;

/**
 * Dyno runs from real dynos and virtual-dyno runs of logged pulls on one rpm axis, with each run's delta to the
 * first. `?runs=run:<id>,log:<id>:<pull>` picks them (run-refs.ts); the virtual runs use the dyno form's fields
 * from the same query, as on a log's dyno page. Runs that cannot be drawn are listed with the reason, never
 * dropped silently.
 */
export async function loadRunsCompareView(
	db: Db,
	shopId: string,
	params: URLSearchParams
): Promise<RunsCompareView> {
	const { form, request, message } = parseDynoForm(params);
	const [dynoRuns, logs] = await Promise.all([
		listDynoRuns(db, shopId, { limit: 200 }),
		listLogs(db, shopId, { limit: 100 })
	]);
	const view: RunsCompareView = {
		form,
		formError: message,
		runs: [],
		problems: [],
		reference: null,
		deltas: [],
		choices: {
			dynoRuns: dynoRuns.map((r) => ({
				token: runRefToken({ kind: 'run', id: r.id }),
				name: r.name,
				vehicleName: r.vehicleName,
				peakPowerKw: round(r.peaks.powerKw)
			})),
			logs: logs.map((l) => ({
				token: runRefToken({ kind: 'log', id: l.id, pull: 0 }),
				name: l.name,
				startedAt: l.startedAt.toISOString()
			}))
		}
	};
	const curves: DynoCurve[] = [];
	for (const ref of parseRunRefs(params)) {
		const token = runRefToken(ref);
		try {
			const got = await loadOne(db, shopId, ref, request);
			if ('message' in got) {
				view.problems.push({ token, message: got.message });
				continue;
			}
			const { curve, ...run } = got;
			curves.push(curve);
			view.runs.push({ ...run, token, label: `${view.runs.length + 1}. ${run.label}` });
		} catch (err) {
			if (!(err instanceof NotFoundError)) throw err;
			view.problems.push({ token, message: `${err.entity} not found` });
		}
	}
	if (curves.length >= 2) {
		view.reference = view.runs[0].label;
		for (let i = 1; i < curves.length; i++) {
			try {
				const c = compareCurves(curves[0], curves[i]);
				view.deltas.push({
					label: view.runs[i].label,
					rpm: list(c.rpm),
					deltaPowerKw: list(c.deltaPowerKw),
					deltaTorqueNm: list(c.deltaTorqueNm),
					comparable: c.comparable
				});
			} catch (err) {
				if (!(err instanceof AnalyticsInputError)) throw err;
				view.problems.push({ token: view.runs[i].token, message: err.message });
			}
		}
	}
	return view;
}

type Loaded = (Omit<ComparedRun, 'token'> & { curve: DynoCurve }) | { message: string };

async function loadOne(
	db: Db,
	shopId: string,
	ref: RunRef,
	request: DynoRequest | null
): Promise<Loaded> {
	if (ref.kind === 'run') {
		const run = await getDynoRun(db, shopId, ref.id);
		const curve = dynoRunCurve(run.row);
		return {
			kind: 'imported',
			label: `${run.name} (${run.source})`,
			name: run.name,
			href: `/dyno/${run.id}`,
			correction: DYNO_CORRECTION_LABELS[run.correction],
			basis: run.basis,
			...curveData(curve),
			pulls: 0,
			pull: null,
			curve
		};
	}
	if (!request) return { message: 'the dyno settings are invalid' };
	const row = await getLog(db, shopId, ref.id);
	const result = await computeDynoRun(db, row, request, ref.pull);
	if (!result.curve || result.pull === null)
		return { message: `${row.name}: ${result.message ?? 'no dyno run'}` };
	const curve = result.curve;
	return {
		kind: 'virtual',
		label: `${row.name}, pull ${result.pull + 1} (virtual)`,
		name: row.name,
		href: `/logs/${row.id}/dyno?pull=${result.pull}`,
		correction: CORRECTION_LABELS[request.correction],
		basis: curve.meta.basis,
		...curveData(curve),
		pulls: result.pulls.length,
		pull: result.pull,
		curve
	};
}

function curveData(curve: DynoCurve) {
	return {
		rpm: list(curve.rpm),
		powerKw: list(curve.powerKw),
		torqueNm: list(curve.torqueNm),
		peaks: curvePeaks(curve)
	};
}
