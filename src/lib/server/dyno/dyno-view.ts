import type { Db } from '../db';
import { getLog } from '../timeseries';
import { parseDynoForm, type DynoForm } from './dyno-query';
import { computeDynoRun, type DynoRunResult } from './dyno-run';

export type DynoRunView = Omit<DynoRunResult, 'curve'>;

export interface DynoView {
	log: { id: string; name: string; startedAt: string; durationUs: number };
	/** Every channel of the log, for the form's channel pickers. */
	channelNames: string[];
	/** The form as submitted, defaults filled in. */
	form: DynoForm;
	/** Why the form makes no run (a bad field), or null. */
	formError: string | null;
	pull: number;
	dyno: DynoRunView | null;
}

/** `?pull=` as a pull index (0 when absent or not one). */
export function pullParam(params: URLSearchParams, name = 'pull'): number {
	const n = Number(params.get(name) ?? 0);
	return Number.isInteger(n) && n >= 0 && n < 1000 ? n : 0;
}

export function withoutCurve({ curve: _curve, ...view }: DynoRunResult): DynoRunView {
	return view;
}

/**
 * The dyno page of one log: the form from the URL, the pulls found and the run of the chosen one.
 * @throws NotFoundError when the log is not the shop's.
 */
export async function loadDynoView(
	db: Db,
	shopId: string,
	logId: string,
	params: URLSearchParams
): Promise<DynoView> {
	const row = await getLog(db, shopId, logId);
	const { form, request, message } = parseDynoForm(params);
	const pull = pullParam(params);
	return {
		log: {
			id: row.id,
			name: row.name,
			startedAt: row.startedAt.toISOString(),
			durationUs: row.durationUs
		},
		channelNames: row.channels.map((c) => c.name),
		form,
		formError: message,
		pull,
		dyno: request ? withoutCurve(await computeDynoRun(db, row, request, pull)) : null
	};
}
