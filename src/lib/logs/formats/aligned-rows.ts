import type { ImportedLog } from './imported-log';

export interface AlignedRow {
	tUs: number;
	/** One value per channel; meaningful where `present` is 1. */
	values: Float32Array;
	present: Uint8Array;
}

/**
 * Walks a log's channels in time order as rows, for row-based exports (CSV, MLG): one row per distinct sample time
 * of each time base, channels without a sample at that time marked absent. Channels sharing a time array are
 * stepped together. The yielded row's arrays are reused for the next row.
 */
export function* alignedRows(log: ImportedLog): Generator<AlignedRow> {
	const bases: Float64Array[] = [];
	const baseOf = log.channels.map((c) => {
		let b = bases.indexOf(c.t);
		if (b < 0) b = bases.push(c.t) - 1;
		return b;
	});
	const members = bases.map((_, b) => baseOf.flatMap((x, i) => (x === b ? [i] : [])));
	const cursor = new Uint32Array(bases.length);
	const row: AlignedRow = {
		tUs: 0,
		values: new Float32Array(log.channels.length),
		present: new Uint8Array(log.channels.length)
	};
	for (;;) {
		let next = Infinity;
		for (let b = 0; b < bases.length; b++) {
			if (cursor[b] < bases[b].length && bases[b][cursor[b]] < next) next = bases[b][cursor[b]];
		}
		if (next === Infinity) return;
		row.tUs = next;
		row.present.fill(0);
		for (let b = 0; b < bases.length; b++) {
			const k = cursor[b];
			if (k >= bases[b].length || bases[b][k] !== next) continue;
			for (const i of members[b]) {
				row.values[i] = log.channels[i].v[k];
				row.present[i] = 1;
			}
			cursor[b] = k + 1;
		}
		yield row;
	}
}
