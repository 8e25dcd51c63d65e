import { correctionFactor, type AirConditions, type CorrectionStandard } from './air-correction';
import { AnalyticsInputError } from './errors';

/**
 * A power/torque run on an rpm axis, whatever produced it: the virtual dyno, a live dyno feed, or an imported
 * Dynojet / Mainline export. Charts and comparisons take only this, so all kinds overlay on the same axes.
 * Torque is referred to engine speed (P / ω_engine), as roller dynos report it. Arrays are parallel, rpm ascending.
 */
export interface DynoCurve {
	rpm: Float64Array;
	powerKw: Float64Array;
	torqueNm: Float64Array;
	correction: DynoCorrection;
	meta: DynoCurveMeta;
}

export interface DynoCorrection {
	/** 'as-imported': the dyno software's own figures, whose correction we cannot undo. */
	standard: CorrectionStandard | 'as-imported';
	/** The factor already applied (corrected = raw × factor); 1 when none or unknown. */
	factor: number;
	conditions?: AirConditions;
	/** Conditions that were not logged and took DEFAULT_CONDITIONS values. */
	assumed?: (keyof AirConditions)[];
}

export interface DynoCurveMeta {
	source: 'virtual' | 'live' | 'imported';
	basis: 'wheel' | 'crank';
	label?: string;
	/** Gear the run was made in (1 = first), when known. */
	gear?: number;
	/** Engine revolutions per wheel revolution used for the run. */
	overallRatio?: number;
	/** Where the ratio came from: the profile's gear, the caller, or the logged rpm/speed. */
	ratioSource?: 'gear' | 'given' | 'estimated';
	/** Span of the log the run was computed from, µs. */
	startUs?: number;
	endUs?: number;
	/** Links a stored run to its context; set by the caller (server), never computed here. */
	vehicleId?: string;
	jobId?: string;
	tuneVersionId?: string;
	/** Dyno make/model for imported runs. */
	vendor?: string;
}

export interface DynoPoint {
	rpm: number;
	powerKw: number;
	torqueNm: number;
}

const KW_NM_RPM = 60_000 / (2 * Math.PI);

/** N·m at `rpm` for `kw`. */
export function torqueFromPower(kw: number, rpm: number): number {
	return (kw * KW_NM_RPM) / rpm;
}

export function powerFromTorque(nm: number, rpm: number): number {
	return (nm * rpm) / KW_NM_RPM;
}

/**
 * A curve from imported points (the CSV importers' `{ points }`): sorted by rpm, points with a non-finite field
 * dropped, repeated rpm averaged. The figures are kept as exported, correction 'as-imported' unless stated.
 */
export function curveFromPoints(
	points: readonly DynoPoint[],
	meta: Omit<DynoCurveMeta, 'source'> & { source?: DynoCurveMeta['source'] },
	correction: DynoCorrection = { standard: 'as-imported', factor: 1 }
): DynoCurve {
	const ok = points
		.filter((p) => [p.rpm, p.powerKw, p.torqueNm].every(Number.isFinite) && p.rpm > 0)
		.sort((a, b) => a.rpm - b.rpm);
	if (ok.length < 2)
		throw new AnalyticsInputError(
			'points',
			`a run needs at least 2 valid points, got ${ok.length}`
		);
	const rpm: number[] = [];
	const power: number[] = [];
	const torque: number[] = [];
	for (let i = 0; i < ok.length;) {
		let j = i;
		let p = 0;
		let t = 0;
		for (; j < ok.length && ok[j].rpm === ok[i].rpm; j++) {
			p += ok[j].powerKw;
			t += ok[j].torqueNm;
		}
		rpm.push(ok[i].rpm);
		power.push(p / (j - i));
		torque.push(t / (j - i));
		i = j;
	}
	return {
		rpm: Float64Array.from(rpm),
		powerKw: Float64Array.from(power),
		torqueNm: Float64Array.from(torque),
		correction,
		meta: { ...meta, source: meta.source ?? 'imported' }
	};
}

export interface CurvePeaks {
	powerKw: number;
	powerRpm: number;
	torqueNm: number;
	torqueRpm: number;
}

export function curvePeaks(curve: DynoCurve): CurvePeaks {
	let ip = 0;
	let it = 0;
	for (let i = 1; i < curve.rpm.length; i++) {
		if (curve.powerKw[i] > curve.powerKw[ip]) ip = i;
		if (curve.torqueNm[i] > curve.torqueNm[it]) it = i;
	}
	return {
		powerKw: curve.powerKw[ip],
		powerRpm: curve.rpm[ip],
		torqueNm: curve.torqueNm[it],
		torqueRpm: curve.rpm[it]
	};
}

/** Power and torque linearly interpolated at `rpm`; NaN outside the run (a curve is never extrapolated). */
export function curveAt(
	curve: DynoCurve,
	rpm: ArrayLike<number>
): { powerKw: Float64Array; torqueNm: Float64Array } {
	const powerKw = new Float64Array(rpm.length).fill(NaN);
	const torqueNm = new Float64Array(rpm.length).fill(NaN);
	const x = curve.rpm;
	if (x.length < 2) return { powerKw, torqueNm };
	let j = 0;
	for (let k = 0; k < rpm.length; k++) {
		const r = rpm[k];
		if (!(r >= x[0] && r <= x[x.length - 1])) continue;
		while (j > 0 && x[j] > r) j--;
		while (j + 2 < x.length && x[j + 1] <= r) j++;
		const f = x[j + 1] === x[j] ? 0 : (r - x[j]) / (x[j + 1] - x[j]);
		powerKw[k] = curve.powerKw[j] + f * (curve.powerKw[j + 1] - curve.powerKw[j]);
		torqueNm[k] = curve.torqueNm[j] + f * (curve.torqueNm[j + 1] - curve.torqueNm[j]);
	}
	return { powerKw, torqueNm };
}

/**
 * The same run corrected to another standard (for overlaying a DIN run on an SAE one). Needs the run's
 * conditions; an 'as-imported' run without them cannot be re-corrected and throws.
 */
export function recorrect(curve: DynoCurve, standard: CorrectionStandard): DynoCurve {
	const c = curve.correction.conditions;
	if (!c)
		throw new AnalyticsInputError(
			'correction',
			'the run has no recorded air conditions to re-correct from'
		);
	const factor = correctionFactor(standard, c);
	const k = factor / curve.correction.factor;
	return {
		...curve,
		powerKw: curve.powerKw.map((p) => p * k),
		torqueNm: curve.torqueNm.map((t) => t * k),
		correction: { ...curve.correction, standard, factor }
	};
}
