import type { Tune, TuneSchema } from '../model';
import type { Violation } from './violation';

/**
 * Every table and curve axis must rise strictly from bin to bin: the ECU's lookup searches for the pair of bins
 * around the operating point, and an axis that repeats or falls back makes part of the table unreachable or the
 * interpolation divide by zero (Speeduino table2D/table3D lookups assume ascending bins). An axis whose bins are all
 * equal is reported as a warning only: that is how unused tables ship (all zeros), and the ECU never reads them.
 */
export function checkAxes(tune: Tune, schema: TuneSchema): Violation[] {
	const axes = new Map<string, string[]>();
	const note = (constant: string, owner: string) =>
		axes.set(constant, [...(axes.get(constant) ?? []), owner]);
	for (const t of schema.tables) {
		note(t.x.constant, `x axis of ${t.title}`);
		note(t.y.constant, `y axis of ${t.title}`);
	}
	for (const c of schema.curves) note(c.x.constant, `x axis of ${c.title}`);
	const out: Violation[] = [];
	for (const [constant, owners] of axes) {
		const value = tune.values[constant];
		if (!Array.isArray(value)) continue;
		const bins = value.flat();
		if (bins.length < 2) continue;
		const what = owners.join(', ');
		if (bins.every((b) => b === bins[0])) {
			out.push({
				rule: 'monotonic-axis',
				severity: 'warning',
				constant,
				value: bins[0],
				reason: `${constant} (${what}) has every bin at ${bins[0]}: the table cannot be used until its axis is set`
			});
			continue;
		}
		for (let i = 1; i < bins.length; i++) {
			if (bins[i] > bins[i - 1]) continue;
			const row = value.length === bins.length ? i : 0;
			const column = value.length === bins.length ? 0 : i;
			out.push({
				rule: 'monotonic-axis',
				severity: 'critical',
				constant,
				cell: { row, column },
				value: bins[i],
				limit: bins[i - 1],
				reason:
					`${constant} (${what}) bin ${i + 1} is ${bins[i]}, not above bin ${i} (${bins[i - 1]}): axis bins ` +
					`must rise strictly or the ECU's lookup misreads the table`
			});
		}
	}
	return out;
}
