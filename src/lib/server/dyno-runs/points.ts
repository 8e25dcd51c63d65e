import type { DynoPoint } from '../../logs/formats';
import type { DynoRunPoints } from '../db/schema';

const OPTIONAL = ['speedKmh', 'forceN', 'afr', 'lambda', 'boostKpa', 'timeS'] as const;

/** Imported points column-wise for storage; an optional column is kept when any point has it. */
export function packDynoPoints(points: readonly DynoPoint[]): DynoRunPoints {
	const out: DynoRunPoints = {
		rpm: points.map((p) => p.rpm),
		powerKw: points.map((p) => p.powerKw),
		torqueNm: points.map((p) => p.torqueNm)
	};
	for (const key of OPTIONAL) {
		if (points.some((p) => p[key] !== undefined)) out[key] = points.map((p) => p[key] ?? null);
	}
	return out;
}

/** The stored columns back as points (a null becomes an absent field). */
export function unpackDynoPoints(packed: DynoRunPoints): DynoPoint[] {
	return packed.rpm.map((rpm, i) => {
		const point: DynoPoint = { rpm, powerKw: packed.powerKw[i], torqueNm: packed.torqueNm[i] };
		for (const key of OPTIONAL) {
			const x = packed[key]?.[i];
			if (x !== undefined && x !== null) point[key] = x;
		}
		return point;
	});
}
