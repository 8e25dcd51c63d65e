import type { AirConditions } from './air-correction';
import {
	checkChannel,
	finiteOnly,
	interpolateAt,
	meanOver,
	medianIntervalUs,
	sliceChannel,
	uniformTimes,
	type Channel
} from './channel';
import type { DynoCurve } from './dyno-curve';
import {
	RpmBins,
	finishCurve,
	roadLoad,
	torqueFromForce,
	torqueFromKinematics
} from './dyno-pipeline';
import {
	checkDynoSettings,
	fillConditions,
	windowSamples,
	type DynoSettingsInput
} from './dyno-settings';
import { AnalyticsInputError } from './errors';
import { estimateRpmPerKmh, givenRatio, matchGear, type RatioChoice } from './gear-ratio';
import { savitzkyGolay } from './savitzky-golay';
import {
	resolveVehicle,
	rpmPerKmh,
	type ResolvedVehicle,
	type VehicleProfile
} from './vehicle-profile';

/** The channels a virtual dyno run can use. RPM or vehicle speed is required; the rest refine the result. */
export interface DynoLog {
	rpm?: Channel;
	speedKmh?: Channel;
	/** Outside air; preferred over intake air for the correction. */
	ambientTempC?: Channel;
	iatC?: Channel;
	baroKpa?: Channel;
	humidityPct?: Channel;
}

export interface VirtualDynoOptions extends DynoSettingsInput {
	/** Gear of the pull (1 = first). Without it or overallRatio, the gear is estimated from rpm and speed. */
	gear?: number;
	overallRatio?: number;
	/** The pull's span, µs (e.g. a detectPulls segment). @default the whole rpm (or speed) channel */
	startUs?: number;
	endUs?: number;
	/** Overrides logged or default air conditions, e.g. from a weather station. */
	conditions?: Partial<AirConditions>;
	/**
	 * Smoothing window for a speed-only run, s. Speed in whole km/h is a staircase whose derivative is all
	 * spikes; a window spanning many steps turns it back into a slope. @default 1.6
	 */
	speedWindowS?: number;
	label?: string;
}

/** Default grid spacing bounds for the batch dyno, µs: no finer than 1 kHz, no coarser than 20 Hz. */
const GRID_MIN_US = 1000;
const GRID_MAX_US = 50_000;

/**
 * Wheel power and torque against rpm from a logged full-throttle pull in one gear and the car's profile.
 *
 * RPM is the primary signal: ECUs report it finely (OBD PID 0C in ¼ rpm, CAN broadcasts finer) and it ties to road
 * speed exactly through the gear, so speed and acceleration come from rpm (v = ω·r/R). Logged vehicle speed is
 * used only to recognise the gear, because OBD speed (PID 0D) is whole km/h: a 1 km/h step per 70 ms at 4 m/s² is
 * a staircase whose derivative is useless for acceleration. Without rpm, speed itself is smoothed over a window
 * long enough (speedWindowS) to span many steps, which averages the rounding to an unbiased slope.
 *
 * Pipeline: resample onto a uniform time grid → zero-phase Savitzky–Golay value and derivative → road-load torque
 * per point → rpm bins → zero-phase smoothing over rpm → drivetrain basis and SAE J1349 / DIN 70020 correction.
 */
export function computeVirtualDyno(
	log: DynoLog,
	profile: VehicleProfile,
	options: VirtualDynoOptions = {}
): DynoCurve {
	const vehicle = resolveVehicle(profile);
	const settings = checkDynoSettings(options);
	const speedWindowS = options.speedWindowS ?? 1.6;
	if (!(speedWindowS > 0 && speedWindowS <= 10))
		throw new TypeError(`speedWindowS must be in (0, 10], got ${speedWindowS}`);
	if (log.rpm) checkChannel('rpm', log.rpm);
	if (log.speedKmh) checkChannel('speedKmh', log.speedKmh);
	const main = log.rpm ?? log.speedKmh;
	if (!main)
		throw new AnalyticsInputError('rpm', 'a dyno run needs an rpm or a vehicle-speed channel');
	const [startUs, endUs] = span(main, options.startUs, options.endUs);
	const rpm = log.rpm && finiteOnly(sliceChannel(log.rpm, startUs, endUs));
	const speed = log.speedKmh && finiteOnly(sliceChannel(log.speedKmh, startUs, endUs));
	const ratio = chooseRatio(vehicle, rpm, speed, options);
	// The signal to differentiate, as engine rpm: rpm itself, or speed through the gear.
	const signal = rpm ?? scaled(speed!, rpmPerKmh(ratio.overallRatio, vehicle.rollingRadiusM));
	const field = rpm ? 'rpm' : 'speedKmh';
	if (signal.t.length < 5)
		throw new AnalyticsInputError(
			field,
			`the pull has ${signal.t.length} samples; it needs at least 5`
		);
	const { conditions, assumed } = fillConditions({
		tempC: log.ambientTempC
			? logged('ambientTempC', log.ambientTempC, startUs, endUs)
			: logged('iatC', log.iatC, startUs, endUs),
		baroKpa: logged('baroKpa', log.baroKpa, startUs, endUs),
		humidityPct: logged('humidityPct', log.humidityPct, startUs, endUs),
		...definedOnly(options.conditions)
	});
	const gridUs = settings.gridUs ?? defaultGrid(signal);
	const windowS = rpm ? settings.windowS : Math.max(settings.windowS, speedWindowS);
	const load = roadLoad(vehicle, ratio.overallRatio, conditions);
	const bins = new RpmBins(settings.rpmStep);
	const grid = smoothOnGrid([signal], gridUs, windowS, settings.order);
	for (let k = 0; k < grid.times.length; k++)
		bins.add(grid.values[0][k], torqueFromKinematics(load, grid.values[0][k], grid.slopes[0][k]));
	return finishCurve(bins, {
		settings,
		vehicleEfficiency: vehicle.efficiency,
		conditions,
		assumed,
		meta: {
			source: 'virtual',
			basis: settings.basis,
			label: options.label,
			gear: ratio.gear,
			overallRatio: ratio.overallRatio,
			ratioSource: ratio.source,
			startUs,
			endUs
		}
	});
}

/** The channels of a roller-dyno run: engine rpm, tractive force at the roller, optionally roller speed. */
export interface ForceDynoLog {
	rpm: Channel;
	forceN: Channel;
	speedKmh?: Channel;
}

export interface ForceDynoOptions extends DynoSettingsInput {
	/** Needed to turn rpm into roller speed when the dyno does not report speed. */
	profile?: VehicleProfile;
	gear?: number;
	overallRatio?: number;
	conditions?: Partial<AirConditions>;
	startUs?: number;
	endUs?: number;
	label?: string;
}

/**
 * A run from a roller dyno's measured force (the batch form of a live feed): P = F·v at the roller, torque
 * referred to engine rpm. Signals are smoothed but not differentiated, so the time window can be short.
 * All channels are resampled on the rpm channel's grid.
 */
export function computeForceDyno(log: ForceDynoLog, options: ForceDynoOptions = {}): DynoCurve {
	const settings = checkDynoSettings(options);
	checkChannel('rpm', log.rpm, 5);
	checkChannel('forceN', log.forceN, 1);
	if (log.speedKmh) checkChannel('speedKmh', log.speedKmh, 1);
	const vehicle = options.profile && resolveVehicle(options.profile);
	const ratio = givenRatio(vehicle, options.gear, options.overallRatio);
	if (!log.speedKmh && (!ratio || !vehicle))
		throw new AnalyticsInputError(
			'speedKmh',
			'a force run needs roller speed, or a profile and gear'
		);
	const [startUs, endUs] = span(log.rpm, options.startUs, options.endUs);
	const cut = (c: Channel) => finiteOnly(sliceChannel(c, startUs, endUs));
	const channels = [cut(log.rpm), cut(log.forceN), ...(log.speedKmh ? [cut(log.speedKmh)] : [])];
	const { conditions, assumed } = fillConditions(definedOnly(options.conditions));
	const grid = smoothOnGrid(
		channels,
		settings.gridUs ?? defaultGrid(channels[0]),
		settings.windowS,
		settings.order
	);
	const bins = new RpmBins(settings.rpmStep);
	for (let k = 0; k < grid.times.length; k++) {
		const r = grid.values[0][k];
		const speed = log.speedKmh ? grid.values[2][k] : undefined;
		bins.add(
			r,
			torqueFromForce(grid.values[1][k], r, speed, ratio?.overallRatio, vehicle?.rollingRadiusM)
		);
	}
	return finishCurve(bins, {
		settings,
		vehicleEfficiency: vehicle?.efficiency ?? 1,
		conditions,
		assumed,
		meta: {
			source: 'live',
			basis: settings.basis,
			label: options.label,
			gear: ratio?.gear,
			overallRatio: ratio?.overallRatio,
			ratioSource: ratio?.source,
			startUs,
			endUs
		}
	});
}

/**
 * Resamples channels onto the first one's uniform grid and smooths each (value and derivative) with one
 * zero-phase Savitzky–Golay window.
 */
export function smoothOnGrid(
	channels: Channel[],
	gridUs: number,
	windowS: number,
	order: number
): { times: Float64Array; values: Float64Array[]; slopes: Float64Array[] } {
	const first = channels[0];
	const times = uniformTimes(first.t[0], first.t[first.t.length - 1], gridUs);
	const window = windowSamples(windowS, gridUs, order);
	const raw = channels.map((c) => interpolateAt(c, times));
	const opts = { window, order, spacing: gridUs / 1e6 };
	return {
		times,
		values: raw.map((y) => savitzkyGolay(y, opts)),
		slopes: raw.map((y) => savitzkyGolay(y, { ...opts, derivative: 1 }))
	};
}

function span(
	ch: Channel,
	startUs: number | undefined,
	endUs: number | undefined
): [number, number] {
	const s = startUs ?? ch.t[0];
	const e = endUs ?? ch.t[ch.t.length - 1];
	if (!(e > s))
		throw new AnalyticsInputError('endUs', `the pull must end after it starts (${s}…${e} µs)`);
	return [s, e];
}

function chooseRatio(
	vehicle: ResolvedVehicle,
	rpm: Channel | undefined,
	speed: Channel | undefined,
	options: VirtualDynoOptions
): RatioChoice {
	const given = givenRatio(vehicle, options.gear, options.overallRatio);
	if (given) return given;
	if (!rpm || !speed)
		throw new AnalyticsInputError(
			'gear',
			'give the gear (or overall ratio), or log both rpm and speed'
		);
	const k = estimateRpmPerKmh(rpm, speed);
	if (k === undefined)
		throw new AnalyticsInputError(
			'speedKmh',
			'too little speed above 20 km/h to recognise the gear'
		);
	return matchGear(vehicle, k);
}

function scaled(ch: Channel, k: number): Channel {
	return { t: ch.t, v: ch.v.map((x) => x * k) };
}

function logged(
	field: string,
	ch: Channel | undefined,
	startUs: number,
	endUs: number
): number | undefined {
	if (!ch || ch.t.length === 0) return undefined;
	checkChannel(field, ch);
	const m = meanOver(ch, startUs, endUs);
	return Number.isFinite(m) ? m : undefined;
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
	if (!o) return {};
	return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Partial<T>;
}

function defaultGrid(ch: Channel): number {
	const m = Math.round(medianIntervalUs(ch.t));
	return Math.min(GRID_MAX_US, Math.max(GRID_MIN_US, m || 10_000));
}
