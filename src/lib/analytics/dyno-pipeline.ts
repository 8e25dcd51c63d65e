import { airDensity, correctionFactor, type AirConditions } from './air-correction';
import { powerFromTorque, type DynoCurve, type DynoCurveMeta } from './dyno-curve';
import type { DynoSettings } from './dyno-settings';
import { AnalyticsInputError } from './errors';
import { savitzkyGolay } from './savitzky-golay';
import { effectiveMass, type ResolvedVehicle } from './vehicle-profile';

/*
 * The stages a dyno run shares whether it is computed from a whole log or as samples arrive:
 * smoothed signals on a uniform time grid → one torque figure per grid point → rpm bins → curve.
 */

const G = 9.80665;
const RAD_S_PER_RPM = (2 * Math.PI) / 60;

/** The road-load model of one car in one gear in one air. */
export interface RoadLoad {
	overallRatio: number;
	rollingRadiusM: number;
	/** Equivalent translating mass including rotating parts, kg. */
	effectiveMassKg: number;
	/** Crr·m·g, N. */
	rollingN: number;
	/** ½ρ·CdA, N/(m/s)². */
	dragNPerMs2: number;
}

export function roadLoad(v: ResolvedVehicle, overallRatio: number, air: AirConditions): RoadLoad {
	return {
		overallRatio,
		rollingRadiusM: v.rollingRadiusM,
		effectiveMassKg: effectiveMass(v, overallRatio),
		rollingN: v.crr * v.massKg * G,
		dragNPerMs2: 0.5 * airDensity(air) * v.cdA
	};
}

/**
 * Wheel torque referred to engine speed, N·m, from engine speed and its rate of change with the clutch locked:
 * road speed v = ω_e·r/R and acceleration a = α_e·r/R, tractive force F = m_eff·a + ½ρ·CdA·v² + Crr·m·g, and
 * F·v = T·ω_e gives T = F·r/R. Tyre slip is ignored (it reads as a slightly taller gear).
 */
export function torqueFromKinematics(load: RoadLoad, rpm: number, rpmPerS: number): number {
	const k = (RAD_S_PER_RPM * load.rollingRadiusM) / load.overallRatio;
	const v = rpm * k;
	const a = rpmPerS * k;
	const force = load.effectiveMassKg * a + load.dragNPerMs2 * v * v + (v > 0 ? load.rollingN : 0);
	return (force * load.rollingRadiusM) / load.overallRatio;
}

/**
 * Torque referred to engine speed from a measured tractive force (a roller dyno's load cell): P = F·v, T = P/ω_e.
 * `speedKmh` is the roller surface speed when the dyno reports it; otherwise speed follows from rpm and the ratio.
 */
export function torqueFromForce(
	forceN: number,
	rpm: number,
	speedKmh: number | undefined,
	overallRatio: number | undefined,
	rollingRadiusM: number | undefined
): number {
	if (speedKmh !== undefined)
		return rpm > 0 ? (forceN * (speedKmh / 3.6)) / (rpm * RAD_S_PER_RPM) : 0;
	if (overallRatio === undefined || rollingRadiusM === undefined)
		throw new AnalyticsInputError(
			'speedKmh',
			'a force run needs roller speed or a gear ratio and tyre radius'
		);
	return (forceN * rollingRadiusM) / overallRatio;
}

/**
 * Torque figures gathered into rpm bins of `step` rpm centred on multiples of `step`. Sums only, so a run can be
 * built one grid point at a time and the bins depend only on the points, not on how they arrived.
 */
export class RpmBins {
	readonly step: number;
	private readonly n = new Map<number, number>();
	private readonly rpmSum = new Map<number, number>();
	private readonly torqueSum = new Map<number, number>();

	constructor(step: number) {
		this.step = step;
	}

	add(rpm: number, torqueNm: number): void {
		if (!Number.isFinite(rpm) || !Number.isFinite(torqueNm) || rpm <= 0) return;
		const k = Math.round(rpm / this.step);
		this.n.set(k, (this.n.get(k) ?? 0) + 1);
		this.rpmSum.set(k, (this.rpmSum.get(k) ?? 0) + rpm);
		this.torqueSum.set(k, (this.torqueSum.get(k) ?? 0) + torqueNm);
	}

	get points(): number {
		let s = 0;
		for (const c of this.n.values()) s += c;
		return s;
	}

	/** Mean rpm and torque of each non-empty bin, in rpm order. */
	means(): { rpm: Float64Array; torqueNm: Float64Array } {
		const keys = [...this.n.keys()].sort((a, b) => a - b);
		const rpm = new Float64Array(keys.length);
		const torqueNm = new Float64Array(keys.length);
		keys.forEach((k, i) => {
			const n = this.n.get(k)!;
			rpm[i] = this.rpmSum.get(k)! / n;
			torqueNm[i] = this.torqueSum.get(k)! / n;
		});
		return { rpm, torqueNm };
	}
}

export interface FinishInput {
	settings: DynoSettings;
	vehicleEfficiency: number;
	conditions: AirConditions;
	assumed: (keyof AirConditions)[];
	meta: DynoCurveMeta;
}

/**
 * Bins → curve: torque at each bin centre interpolated between the bins' mean rpm (never extrapolated past the
 * first or last), zero-phase Savitzky–Golay over the rpm grid, then drivetrain basis and air correction.
 */
export function finishCurve(bins: RpmBins, f: FinishInput): DynoCurve {
	const { settings: s } = f;
	const m = bins.means();
	if (m.rpm.length < 2)
		throw new AnalyticsInputError('rpm', 'the run covers less than two rpm bins; is it a pull?');
	const step = bins.step;
	const first = Math.ceil(m.rpm[0] / step);
	const last = Math.floor(m.rpm[m.rpm.length - 1] / step);
	const n = last - first + 1;
	if (n < 2) throw new AnalyticsInputError('rpm', 'the run spans less than two rpm bins');
	const rpm = new Float64Array(n);
	let torque: Float64Array = new Float64Array(n);
	let j = 0;
	for (let i = 0; i < n; i++) {
		const r = (first + i) * step;
		while (j + 2 < m.rpm.length && m.rpm[j + 1] <= r) j++;
		const f0 = (r - m.rpm[j]) / (m.rpm[j + 1] - m.rpm[j]);
		rpm[i] = r;
		torque[i] = m.torqueNm[j] + f0 * (m.torqueNm[j + 1] - m.torqueNm[j]);
	}
	if (s.rpmSmoothingBins > 1 && n >= 3)
		torque = savitzkyGolay(torque, { window: s.rpmSmoothingBins, order: 2 });
	if (s.basis === 'crank' && f.vehicleEfficiency >= 1)
		throw new TypeError('crank figures need the vehicle profile drivetrainLoss');
	const factor = correctionFactor(s.correction, f.conditions);
	const scale = factor / (s.basis === 'crank' ? f.vehicleEfficiency : 1);
	const torqueNm = torque.map((t) => t * scale);
	const powerKw = torqueNm.map((t, i) => powerFromTorque(t, rpm[i]));
	return {
		rpm,
		powerKw,
		torqueNm,
		correction: {
			standard: s.correction,
			factor,
			conditions: f.conditions,
			assumed: f.assumed
		},
		meta: { ...f.meta, basis: s.basis }
	};
}
