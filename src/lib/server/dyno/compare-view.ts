import {
	AnalyticsInputError,
	compareCurves,
	deltaByTime,
	estimateOffset,
	type Channel
} from '../../analytics';
import type { Db } from '../db';
import type { Log } from '../db/schema';
import { getLog, listLogs } from '../timeseries';
import { findRoleChannels } from './channel-roles';
import { parseDynoForm, type DynoForm } from './dyno-query';
import { computeDynoRun, type DynoRunResult } from './dyno-run';
import { pullParam, withoutCurve, type DynoRunView } from './dyno-view';
import { readSeries } from './read-series';

export const ALIGNMENTS = ['pull', 'correlate', 'start'] as const;
export type Alignment = (typeof ALIGNMENTS)[number];

/** Points an overlay sends to the browser: about two per pixel of a wide chart. */
const OVERLAY_POINTS = 2000;

export interface ComparedLog {
	id: string;
	name: string;
	startedAt: string;
	dyno: DynoRunView;
}

export interface CurveDelta {
	rpm: number[];
	powerA: number[];
	powerB: number[];
	deltaPowerKw: number[];
	torqueA: number[];
	torqueB: number[];
	deltaTorqueNm: number[];
	/** False when the runs use different corrections or bases. */
	comparable: boolean;
}

export interface TimeOverlay {
	channel: string;
	unit: string;
	align: Alignment;
	/** b's clock minus a's: b(t + offset) lines up with a(t). */
	offsetS: number;
	/** Of the cross-correlation, when `align` is 'correlate'. */
	correlation: number | null;
	/** Seconds on a's clock. */
	t: number[];
	a: number[];
	b: number[];
	delta: number[];
}

export interface CompareView {
	/** Recent logs, for the pickers. */
	logs: { id: string; name: string; startedAt: string }[];
	form: DynoForm;
	formError: string | null;
	a: ComparedLog | null;
	b: ComparedLog | null;
	curves: CurveDelta | null;
	curvesMessage: string | null;
	/** Channels both logs have, for the overlay picker. */
	commonChannels: string[];
	overlay: TimeOverlay | null;
	overlayMessage: string | null;
}

const round = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(4)) : NaN);
const list = (a: ArrayLike<number>) => Array.from(a, round);

/**
 * Two logs side by side: their dyno runs (same profile and correction) on one rpm axis with the delta, and one
 * channel of both on one time axis, aligned by the pulls' starts, by cross-correlation, or by the logs' starts.
 * `?a=&b=` pick the logs, `pa`/`pb` their pulls, `channel` and `align` the overlay; the dyno form's fields apply.
 * @throws NotFoundError when a log is not the shop's.
 */
export async function loadCompareView(
	db: Db,
	shopId: string,
	params: URLSearchParams
): Promise<CompareView> {
	const { form, request, message } = parseDynoForm(params);
	const view: CompareView = {
		logs: (await listLogs(db, shopId, { limit: 100 })).map((l) => ({
			id: l.id,
			name: l.name,
			startedAt: l.startedAt.toISOString()
		})),
		form,
		formError: message,
		a: null,
		b: null,
		curves: null,
		curvesMessage: null,
		commonChannels: [],
		overlay: null,
		overlayMessage: null
	};
	const aId = params.get('a');
	const bId = params.get('b');
	if (!aId || !bId || !request) return view;
	const [rowA, rowB] = await Promise.all([getLog(db, shopId, aId), getLog(db, shopId, bId)]);
	const runA = await computeDynoRun(db, rowA, request, pullParam(params, 'pa'));
	const runB = await computeDynoRun(db, rowB, request, pullParam(params, 'pb'));
	view.a = compared(rowA, runA);
	view.b = compared(rowB, runB);
	if (runA.curve && runB.curve) {
		try {
			const c = compareCurves(runA.curve, runB.curve);
			view.curves = {
				rpm: list(c.rpm),
				powerA: list(c.powerA),
				powerB: list(c.powerB),
				deltaPowerKw: list(c.deltaPowerKw),
				torqueA: list(c.torqueA),
				torqueB: list(c.torqueB),
				deltaTorqueNm: list(c.deltaTorqueNm),
				comparable: c.comparable
			};
		} catch (err) {
			if (!(err instanceof AnalyticsInputError)) throw err;
			view.curvesMessage = err.message;
		}
	} else {
		view.curvesMessage = 'Both logs need a dyno run to overlay curves.';
	}
	const namesB = new Set(rowB.channels.map((c) => c.name));
	view.commonChannels = rowA.channels.map((c) => c.name).filter((n) => namesB.has(n));
	const asked = params.get('channel');
	const channel =
		asked && view.commonChannels.includes(asked)
			? asked
			: defaultChannel(rowA, view.commonChannels);
	if (!channel) {
		view.overlayMessage = 'The two logs share no channel to overlay.';
		return view;
	}
	const alignParam = params.get('align') as Alignment | null;
	const bothPulls = runA.run !== null && runB.run !== null;
	const align: Alignment =
		alignParam && ALIGNMENTS.includes(alignParam) ? alignParam : bothPulls ? 'pull' : 'correlate';
	try {
		view.overlay = await overlay(db, rowA, rowB, channel, align, runA, runB);
	} catch (err) {
		if (!(err instanceof AnalyticsInputError || err instanceof RangeError)) throw err;
		view.overlayMessage = err.message;
	}
	return view;
}

function compared(row: Log, run: DynoRunResult): ComparedLog {
	return {
		id: row.id,
		name: row.name,
		startedAt: row.startedAt.toISOString(),
		dyno: withoutCurve(run)
	};
}

function defaultChannel(a: Log, common: string[]): string | undefined {
	const rpm = findRoleChannels(a.channels).rpm?.name;
	return rpm && common.includes(rpm) ? rpm : common[0];
}

async function overlay(
	db: Db,
	rowA: Log,
	rowB: Log,
	channel: string,
	align: Alignment,
	runA: DynoRunResult,
	runB: DynoRunResult
): Promise<TimeOverlay> {
	const binUs = Math.max(
		1000,
		Math.ceil(Math.max(rowA.durationUs, rowB.durationUs) / OVERLAY_POINTS)
	);
	const read = (row: Log): Promise<Channel> =>
		readSeries(db, { logId: row.id, channel, fromUs: 0, toUs: row.durationUs + 1, binUs });
	const [a, b] = await Promise.all([read(rowA), read(rowB)]);
	let offsetUs = 0;
	let correlation: number | null = null;
	if (align === 'pull') {
		if (!runA.run || !runB.run)
			throw new AnalyticsInputError('align', 'aligning by pulls needs a pull in both logs');
		offsetUs = runB.run.startUs - runA.run.startUs;
	} else if (align === 'correlate') {
		const found = estimateOffset(a, b, { dtUs: binUs });
		offsetUs = found.offsetUs;
		correlation = found.correlation;
	}
	const d = deltaByTime(a, b, { offsetUs, dtUs: binUs });
	return {
		channel,
		unit: rowA.channels.find((c) => c.name === channel)?.unit ?? '',
		align,
		offsetS: offsetUs / 1e6,
		correlation,
		t: Array.from(d.t, (x) => round(x / 1e6)),
		a: list(d.a),
		b: list(d.b),
		delta: list(d.delta)
	};
}
