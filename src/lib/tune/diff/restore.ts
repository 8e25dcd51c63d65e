import type { Tune, TuneSchema, TuneValue } from '../model';
import { editOf, type TuneEdit } from '../table/history';
import { fitsSpec } from '../table/view';

export interface RestoreResult {
	/** `target` with the chosen values from `source`. */
	tune: Tune;
	/** The same change as an undoable edit (apply it to a history instead of taking `tune`). */
	edit: TuneEdit;
	/** Constants actually restored (a table brings its axes). */
	restored: string[];
	/** Chosen names that could not be restored, and why. */
	skipped: { name: string; reason: string }[];
	/** Tables and curves not chosen that share a restored axis, and so change too. */
	alsoAffects: string[];
}

/**
 * Partial restore: the chosen tables, curves and constants of `source` (an older version) applied onto `target`.
 * A table or curve name brings its axes with it, since its cells mean nothing on other bins. Values that do not fit
 * the target's definition (another shape, an unknown option) are skipped with the reason, never forced.
 */
export function restoreFrom(
	source: Tune,
	target: Tune,
	names: readonly string[],
	schema: TuneSchema,
	label = 'Restore from an earlier version'
): RestoreResult {
	const wanted = new Set<string>();
	const skipped: RestoreResult['skipped'] = [];
	for (const name of names) {
		const table = schema.tables.find((t) => t.name === name);
		const curve = schema.curves.find((c) => c.name === name);
		if (table) [table.z, table.x.constant, table.y.constant].forEach((n) => wanted.add(n));
		else if (curve)
			[curve.x.constant, ...curve.y.map((y) => y.constant)].forEach((n) => wanted.add(n));
		else if (schema.constants.has(name)) wanted.add(name);
		else skipped.push({ name, reason: 'not a table, curve or constant of this definition' });
	}
	const values: Record<string, TuneValue> = {};
	for (const name of wanted) {
		const value = source.values[name];
		const spec = schema.constants.get(name)!;
		if (value === undefined)
			skipped.push({ name, reason: 'the source version has no value for it' });
		else if (!fitsSpec(spec, value))
			skipped.push({
				name,
				reason: "the source value does not fit this definition's shape or options"
			});
		else values[name] = value;
	}
	const restored = Object.keys(values);
	const edit = editOf(target, label, values);
	const tune: Tune = { ...target, values: { ...target.values, ...values } };
	const touched = new Set(edit.changes.map((c) => c.name));
	const alsoAffects = [
		...schema.tables
			.filter(
				(t) =>
					!names.includes(t.name) && [t.x.constant, t.y.constant, t.z].some((n) => touched.has(n))
			)
			.map((t) => t.name),
		...schema.curves
			.filter((c) => !names.includes(c.name) && [c.x, ...c.y].some((a) => touched.has(a.constant)))
			.map((c) => c.name)
	];
	return { tune, edit, restored, skipped, alsoAffects };
}
