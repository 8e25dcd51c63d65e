import {
	AnalyticsInputError,
	computeVirtualDyno,
	curvePeaks,
	detectPulls,
	type Channel,
	type CurvePeaks,
	type DynoCurve,
	type DynoLog,
	type PullSegment
} from '../../analytics';
import type { Db } from '../db';
import type { Log } from '../db/schema';
import { findRoleChannels, type DynoRole, type RoleChannel } from './channel-roles';
import type { DynoRequest } from './dyno-query';
import { readSeries } from './read-series';

/** Pull detection reads 50 Hz averages: finer than its 20 Hz grid, and light on an hour-long log. */
const DETECT_BIN_US = 20_000;

export interface DynoPull {
	startUs: number;
	endUs: number;
	rpmStart: number;
	rpmEnd: number;
	/** Matched from rpm/speed against the profile's ratios, when speed is logged. */
	gear: number | null;
}

/** A computed run as plain arrays (page data), figures as the curve has them. */
export interface DynoRunData {
	rpm: number[];
	powerKw: number[];
	torqueNm: number[];
	peaks: CurvePeaks;
	correction: {
		standard: DynoCurve['correction']['standard'];
		factor: number;
		tempC: number | null;
		baroKpa: number | null;
		humidityPct: number | null;
		/** Conditions not logged, taken from DEFAULT_CONDITIONS. */
		assumed: string[];
	};
	basis: 'wheel' | 'crank';
	gear: number | null;
	gearSource: 'form' | 'logged' | 'detected' | 'estimated';
	overallRatio: number | null;
	startUs: number;
	endUs: number;
}

export interface DynoRunResult {
	/** Channel used per role. */
	channels: Partial<Record<DynoRole, string>>;
	pulls: DynoPull[];
	/** Index into `pulls` of the run computed, or null. */
	pull: number | null;
	run: DynoRunData | null;
	/** Why there is no run (no rpm channel, no pull, a pull too short to differentiate…). */
	message: string | null;
	notes: string[];
	/** The curve itself, for comparisons on the server; not page data. */
	curve: DynoCurve | null;
}

/**
 * Finds the full-throttle pulls in a stored log and computes the virtual dyno of one: pulls from 50 Hz
 * averages of rpm, throttle and speed; the run from the pull's samples at full resolution, the gear from the
 * form, else the logged gear, else the one rpm/speed matches in the profile; air correction from logged intake
 * or ambient temperature, baro and humidity where the log has them.
 *
 * Problems with the data or the profile come back as `message` for the page to show; database errors throw.
 */
export async function computeDynoRun(
	db: Db,
	logRow: Pick<Log, 'id' | 'channels' | 'durationUs'>,
	request: DynoRequest,
	pullIndex: number
): Promise<DynoRunResult> {
	const roles = findRoleChannels(logRow.channels, request.channels);
	const result: DynoRunResult = {
		channels: Object.fromEntries(Object.entries(roles).map(([k, c]) => [k, c.name])),
		pulls: [],
		pull: null,
		run: null,
		message: null,
		notes: [],
		curve: null
	};
	if (!roles.rpm) {
		result.message =
			'This log has no engine-speed channel (EngineSpeed, RPM…); pick one under "Channels".';
		return result;
	}
	const toUs = logRow.durationUs + 1;
	const read = (role: DynoRole, fromUs: number, endUs: number, binUs?: number) =>
		roles[role] ? readRole(db, logRow.id, roles[role], fromUs, endUs, binUs) : undefined;
	try {
		const rpm = (await read('rpm', 0, toUs, DETECT_BIN_US))!;
		if (rpm.t.length < 2) {
			result.message = `${roles.rpm.name} has too few samples for a pull.`;
			return result;
		}
		let tps = await read('tps', 0, toUs, DETECT_BIN_US);
		if (!tps || tps.t.length === 0) {
			result.notes.push('No throttle channel: pulls are found from rising rpm alone.');
			tps = { t: Float64Array.of(rpm.t[0], rpm.t[rpm.t.length - 1]), v: Float32Array.of(100, 100) };
		}
		const speed = await read('speed', 0, toUs, DETECT_BIN_US);
		const segments = detectPulls({ rpm, tps, speedKmh: speed }, { profile: request.profile });
		result.pulls = segments.map(toPull);
		if (segments.length === 0) {
			result.message =
				'No full-throttle pull found: the dyno needs throttle above 90 % with rpm rising for at least 1.5 s over 1500 rpm.';
			return result;
		}
		const index = Math.min(Math.max(0, pullIndex), segments.length - 1);
		result.pull = index;
		const seg = segments[index];
		const window = [seg.startUs, seg.endUs + 1] as const;
		const gear = chooseGear(request, seg, await read('gear', ...window));
		const dynoLog: DynoLog = { rpm: await read('rpm', ...window) };
		for (const [role, field] of [
			['speed', 'speedKmh'],
			['iat', 'iatC'],
			['ambient', 'ambientTempC'],
			['baro', 'baroKpa'],
			['humidity', 'humidityPct']
		] as const) {
			const ch = await read(role, ...window);
			if (ch && ch.t.length > 0) dynoLog[field] = ch;
		}
		const curve = computeVirtualDyno(dynoLog, request.profile, {
			startUs: seg.startUs,
			endUs: seg.endUs,
			gear: gear.gear ?? undefined,
			correction: request.correction,
			basis: request.basis
		});
		result.curve = curve;
		result.run = runData(curve, gear.source);
	} catch (err) {
		if (!(err instanceof AnalyticsInputError || err instanceof TypeError)) throw err;
		result.message = err.message;
	}
	return result;
}

function readRole(
	db: Db,
	logId: string,
	c: RoleChannel,
	fromUs: number,
	toUs: number,
	binUs?: number
): Promise<Channel> {
	return readSeries(db, {
		logId,
		channel: c.name,
		fromUs,
		toUs,
		binUs,
		scale: c.scale,
		offset: c.offset
	});
}

function toPull(s: PullSegment): DynoPull {
	return {
		startUs: s.startUs,
		endUs: s.endUs,
		rpmStart: s.rpmStart,
		rpmEnd: s.rpmEnd,
		gear: s.gear ?? null
	};
}

/** The form's gear, else the gear logged through most of the pull, else the one detection matched. */
function chooseGear(
	request: DynoRequest,
	seg: PullSegment,
	logged: Channel | undefined
): { gear: number | null; source: DynoRunData['gearSource'] } {
	const gears = request.profile.gearRatios.length;
	if (request.gear !== undefined) return { gear: request.gear, source: 'form' };
	const mode = logged && mostCommon(logged.v);
	if (mode !== undefined && Number.isInteger(mode) && mode >= 1 && mode <= gears)
		return { gear: mode, source: 'logged' };
	if (seg.gear !== undefined) return { gear: seg.gear, source: 'detected' };
	return { gear: null, source: 'estimated' };
}

function mostCommon(values: Float32Array): number | undefined {
	const counts = new Map<number, number>();
	for (const x of values) if (Number.isFinite(x)) counts.set(x, (counts.get(x) ?? 0) + 1);
	let best: number | undefined;
	let bestCount = 0;
	for (const [x, n] of counts) if (n > bestCount) [best, bestCount] = [x, n];
	return best;
}

const round = (digits: number) => (x: number) => Number(x.toFixed(digits));

function runData(curve: DynoCurve, gearSource: DynoRunData['gearSource']): DynoRunData {
	const c = curve.correction.conditions;
	return {
		rpm: Array.from(curve.rpm),
		powerKw: Array.from(curve.powerKw, round(3)),
		torqueNm: Array.from(curve.torqueNm, round(3)),
		peaks: curvePeaks(curve),
		correction: {
			standard: curve.correction.standard,
			factor: curve.correction.factor,
			tempC: c?.tempC ?? null,
			baroKpa: c?.baroKpa ?? null,
			humidityPct: c?.humidityPct ?? null,
			assumed: curve.correction.assumed ?? []
		},
		basis: curve.meta.basis,
		gear: curve.meta.gear ?? null,
		gearSource: curve.meta.ratioSource === 'estimated' ? 'estimated' : gearSource,
		overallRatio: curve.meta.overallRatio ?? null,
		startUs: curve.meta.startUs ?? 0,
		endUs: curve.meta.endUs ?? 0
	};
}
