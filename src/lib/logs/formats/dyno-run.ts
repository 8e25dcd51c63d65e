import type { DynoMapping, DynoVendor } from './dyno-mapping';
import { powerKwFrom, powerKwFromForce, torqueNmFrom } from './units';

/**
 * One dyno sample in CarTech's units, whatever the dyno: an imported export row, or (the same shape) a sample from
 * a live serial/TCP dyno feed of rpm and roller force. Optional fields are absent when the source has no value.
 */
export interface DynoPoint {
	rpm: number;
	powerKw: number;
	torqueNm: number;
	speedKmh?: number;
	/** Tractive force at the roller. */
	forceN?: number;
	afr?: number;
	lambda?: number;
	/** As the dyno reports it (normally gauge). */
	boostKpa?: number;
	/** Seconds from the start of the run. */
	timeS?: number;
}

export interface DynoRunMeta {
	vendor: DynoVendor;
	/** The mapping's label, if it has one. */
	mappingName?: string;
	/** Free text before the table (run name, date, correction standard). */
	info: string[];
	mapping: DynoMapping;
	/** Which of power and torque were computed rather than read (P = τ·ω, or P = F·v). */
	derived: { power: boolean; torque: boolean };
	/** Rows without an rpm value (blank separators), left out. */
	skippedRows: number;
}

/** A dyno pull in a format-neutral shape, drawn on the same axes as virtual-dyno runs. */
export interface DynoRun {
	points: DynoPoint[];
	meta: DynoRunMeta;
}

export interface DynoSample {
	rpm: number;
	powerKw?: number;
	torqueNm?: number;
	speedKmh?: number;
	forceN?: number;
	afr?: number;
	lambda?: number;
	boostKpa?: number;
	timeS?: number;
}

/**
 * Completes a sample into a {@link DynoPoint}: power from torque and rpm, torque from power and rpm, or power from
 * roller force and road speed when neither is given. Returns null when nothing gives power.
 */
export function dynoPoint(sample: DynoSample): DynoPoint | null {
	const { rpm } = sample;
	let powerKw = sample.powerKw;
	let torqueNm = sample.torqueNm;
	if (powerKw === undefined && torqueNm !== undefined) powerKw = powerKwFrom(torqueNm, rpm);
	if (powerKw === undefined && sample.forceN !== undefined && sample.speedKmh !== undefined)
		powerKw = powerKwFromForce(sample.forceN, sample.speedKmh);
	if (powerKw === undefined) return null;
	torqueNm ??= torqueNmFrom(powerKw, rpm);
	const point: DynoPoint = { rpm, powerKw, torqueNm };
	for (const key of ['speedKmh', 'forceN', 'afr', 'lambda', 'boostKpa', 'timeS'] as const) {
		const x = sample[key];
		if (x !== undefined) point[key] = x;
	}
	return point;
}
