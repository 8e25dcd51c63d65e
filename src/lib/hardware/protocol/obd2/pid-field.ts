import type { PidField } from './pid-types';

const PERCENT = 100 / 255;
const TRIM = 100 / 128;
const LAMBDA = 2 / 65536;

export function linear(
	key: string,
	at: number,
	size: 1 | 2 | 4,
	scale: number,
	offset: number,
	unit: string,
	min: number,
	max: number,
	signed = false
): PidField {
	return signed
		? { key, at, size, scale, offset, unit, min, max, signed }
		: { key, at, size, scale, offset, unit, min, max };
}

export const percent = (key: string, at = 0): PidField =>
	linear(key, at, 1, PERCENT, 0, '%', 0, 100);

/** Fuel trims and EGR error: 128 is 0 %, J1979 resolution 100/128 %. */
export const trim = (key: string, at = 0): PidField =>
	linear(key, at, 1, TRIM, -100, '%', -100, 99.21875);

export const temperature = (key: string, at = 0): PidField =>
	linear(key, at, 1, 1, -40, '°C', -40, 215);

export const torquePercent = (key: string, at = 0): PidField =>
	linear(key, at, 1, 1, -125, '%', -125, 130);

export const lambda = (key: string, at = 0): PidField =>
	linear(key, at, 2, LAMBDA, 0, 'λ', 0, 65535 * LAMBDA);
