import { checkChannel, finiteOnly, interpolateAt, timeWeights, type Channel } from './channel';

export interface ZoneTable {
	rpmEdges: number[];
	loadEdges: number[];
	/** seconds[loadBin][rpmBin]; bins are [edge, next edge). */
	seconds: number[][];
	totalS: number;
	/** Time outside every bin (below the first or at/above the last edge). */
	outsideS: number;
}

/** `lo`, `lo + step`, … up to and including `hi`. */
export function uniformEdges(lo: number, hi: number, step: number): number[] {
	if (!(step > 0) || !(hi > lo))
		throw new TypeError(`edges need hi > lo and step > 0, got ${lo}, ${hi}, ${step}`);
	const n = Math.round((hi - lo) / step);
	return Array.from({ length: n + 1 }, (_, i) => lo + i * step);
}

/**
 * Time spent in each rpm × load cell (load: MAP, kPa, or the ECU's load %). Time comes from the rpm channel's
 * samples, weighted as in summarizeChannel; load is interpolated at those times.
 */
export function timeInZones(
	log: { rpm: Channel; load: Channel },
	options: { rpmEdges: number[]; loadEdges: number[]; maxGapS?: number }
): ZoneTable {
	const { rpmEdges, loadEdges } = options;
	for (const [name, e] of [
		['rpmEdges', rpmEdges],
		['loadEdges', loadEdges]
	] as const)
		if (e.length < 2 || e.some((x, i) => i > 0 && !(x > e[i - 1])))
			throw new TypeError(`${name} must be at least two ascending numbers`);
	checkChannel('rpm', log.rpm, 0);
	checkChannel('load', log.load, 0);
	const rpm = finiteOnly(log.rpm);
	const load = finiteOnly(log.load);
	const seconds = loadEdges.slice(1).map(() => new Array<number>(rpmEdges.length - 1).fill(0));
	let totalS = 0;
	let outsideS = 0;
	if (rpm.t.length > 0 && load.t.length > 0) {
		const w = timeWeights(rpm.t, (options.maxGapS ?? 5) * 1e6);
		const l = interpolateAt(load, rpm.t);
		for (let i = 0; i < rpm.t.length; i++) {
			const s = rpm.t.length > 1 ? w[i] / 1e6 : 0;
			totalS += s;
			const c = bin(rpmEdges, rpm.v[i]);
			const r = bin(loadEdges, l[i]);
			if (c < 0 || r < 0) outsideS += s;
			else seconds[r][c] += s;
		}
	}
	return { rpmEdges, loadEdges, seconds, totalS, outsideS };
}

function bin(edges: number[], x: number): number {
	if (!(x >= edges[0]) || x >= edges[edges.length - 1]) return -1;
	let lo = 0;
	let hi = edges.length - 1;
	while (hi - lo > 1) {
		const mid = (lo + hi) >> 1;
		if (edges[mid] <= x) lo = mid;
		else hi = mid;
	}
	return lo;
}
