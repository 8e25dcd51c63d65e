import { EditConflictError } from '../errors';
import type { Tune, TuneValue } from '../model';

/** One constant's value before and after an edit. */
export interface ValueChange {
	name: string;
	before: TuneValue | undefined;
	after: TuneValue;
}

/** A user action (a paste, a smooth, accepted autotune deltas): one or more value changes, undone together. */
export interface TuneEdit {
	label: string;
	changes: readonly ValueChange[];
}

/**
 * Undo/redo as immutable data (the command pattern with each command's before/after values): `tune` is the
 * current tune, `done` the edits that made it, `undone` those undo stepped back over. A new edit after an undo does
 * not drop the undone ones: they move to `abandoned`, in order, where restoreAbandoned can bring them back. So no
 * edit is ever lost, and every state is a plain value a Svelte `$state.raw` can hold.
 */
export interface TuneHistory {
	readonly tune: Tune;
	readonly done: readonly TuneEdit[];
	readonly undone: readonly TuneEdit[];
	readonly abandoned: readonly (readonly TuneEdit[])[];
}

export function createHistory(tune: Tune): TuneHistory {
	return { tune, done: [], undone: [], abandoned: [] };
}

/** An edit setting `values` on `tune`, with the current values as `before`; unchanged values are left out. */
export function editOf(
	tune: Tune,
	label: string,
	values: Readonly<Record<string, TuneValue>>
): TuneEdit {
	const changes: ValueChange[] = [];
	for (const [name, after] of Object.entries(values)) {
		const before = tune.values[name];
		if (!sameValue(before, after)) changes.push({ name, before, after });
	}
	return { label, changes };
}

/**
 * Applies `edit` as a new step. Its `before` values must be what the tune holds (EditConflictError otherwise). An
 * edit that changes nothing is not recorded.
 */
export function applyEdit(history: TuneHistory, edit: TuneEdit): TuneHistory {
	if (edit.changes.length === 0) return history;
	const tune = step(history.tune, edit, 'forward');
	return {
		tune,
		done: [...history.done, edit],
		undone: [],
		abandoned:
			history.undone.length > 0
				? [...history.abandoned, [...history.undone].reverse()]
				: history.abandoned
	};
}

/** Steps back over the last edit; unchanged when there is none. */
export function undo(history: TuneHistory): TuneHistory {
	const edit = history.done[history.done.length - 1];
	if (!edit) return history;
	return {
		...history,
		tune: step(history.tune, edit, 'back'),
		done: history.done.slice(0, -1),
		undone: [...history.undone, edit]
	};
}

/** Re-applies the last undone edit; unchanged when there is none. */
export function redo(history: TuneHistory): TuneHistory {
	const edit = history.undone[history.undone.length - 1];
	if (!edit) return history;
	return {
		...history,
		tune: step(history.tune, edit, 'forward'),
		done: [...history.done, edit],
		undone: history.undone.slice(0, -1)
	};
}

/**
 * Re-applies abandoned branch `index` (its edits in their original order) on top of the current tune, as new
 * steps; each must still apply (EditConflictError names the first that does not, and nothing is changed).
 */
export function restoreAbandoned(history: TuneHistory, index: number): TuneHistory {
	const branch = history.abandoned[index];
	if (!branch) throw new RangeError(`no abandoned branch ${index}`);
	let h: TuneHistory = { ...history, abandoned: history.abandoned.filter((_, i) => i !== index) };
	for (const edit of branch) h = applyEdit(h, edit);
	return h;
}

export function canUndo(history: TuneHistory): boolean {
	return history.done.length > 0;
}

export function canRedo(history: TuneHistory): boolean {
	return history.undone.length > 0;
}

function step(tune: Tune, edit: TuneEdit, direction: 'forward' | 'back'): Tune {
	const values: Record<string, TuneValue> = { ...tune.values };
	const changes = direction === 'forward' ? edit.changes : [...edit.changes].reverse();
	for (const change of changes) {
		const expected = direction === 'forward' ? change.before : change.after;
		const next = direction === 'forward' ? change.after : change.before;
		if (!sameValue(values[change.name], expected)) {
			throw new EditConflictError(
				change.name,
				`"${edit.label}" expected ${change.name} to be as it was when the edit was made; it has changed since`
			);
		}
		if (next === undefined) delete values[change.name];
		else values[change.name] = next;
	}
	return { ...tune, values };
}

/** Deep equality of two tune values (numbers by value, so NaN equals NaN). */
export function sameValue(a: TuneValue | undefined, b: TuneValue | undefined): boolean {
	if (Array.isArray(a) && Array.isArray(b)) {
		return (
			a.length === b.length &&
			a.every((row, r) => row.length === b[r].length && row.every((v, c) => Object.is(v, b[r][c])))
		);
	}
	return Object.is(a, b);
}
