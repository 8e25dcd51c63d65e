import { describe, expect, it } from 'vitest';
import { EditConflictError } from '../errors';
import { LOADED, SCHEMA } from '../test-fixtures.test-helper';
import {
	applyEdit,
	canRedo,
	canUndo,
	createHistory,
	editOf,
	redo,
	restoreAbandoned,
	undo
} from './history';
import { addToCells, smoothCells } from './operations';
import { tableView, withValue } from './view';

const tune = LOADED.tune;
const ve = tableView(tune, SCHEMA, 'veTable1Tbl');
const block = { top: 1, left: 1, bottom: 3, right: 3 };

describe('undo/redo history', () => {
	it('undoes and redoes table edits back to the exact values', () => {
		let h = createHistory(tune);
		const raised = addToCells(ve.z, block, 3, ve.bounds);
		h = applyEdit(h, editOf(h.tune, '+3 to VE', { veTable: raised }));
		const smoothed = smoothCells(raised, block, { bounds: ve.bounds });
		h = applyEdit(h, editOf(h.tune, 'Smooth VE', { veTable: smoothed, reqFuel: 11.5 }));
		expect(h.tune.values.veTable).toEqual(smoothed);
		expect(h.tune.values.reqFuel).toBe(11.5);
		h = undo(h);
		expect(h.tune.values.veTable).toEqual(raised);
		expect(h.tune.values.reqFuel).toBe(tune.values.reqFuel);
		h = undo(h);
		expect(h.tune).toEqual(tune);
		expect(canUndo(h)).toBe(false);
		expect(undo(h)).toBe(h);
		h = redo(redo(h));
		expect(h.tune.values.veTable).toEqual(smoothed);
		expect(canRedo(h)).toBe(false);
		expect(redo(h)).toBe(h);
	});

	it('never loses an edit: one made after an undo keeps the undone ones for restoring', () => {
		let h = createHistory(tune);
		h = applyEdit(h, editOf(h.tune, 'reqFuel 11', { reqFuel: 11 }));
		h = applyEdit(h, editOf(h.tune, 'stoich 14.1', { stoich: 14.1 }));
		h = undo(undo(h));
		h = applyEdit(h, editOf(h.tune, 'injOpen 1.2', { injOpen: 1.2 }));
		expect(canRedo(h)).toBe(false);
		expect(h.abandoned).toHaveLength(1);
		expect(h.abandoned[0].map((e) => e.label)).toEqual(['reqFuel 11', 'stoich 14.1']);
		h = restoreAbandoned(h, 0);
		expect(h.tune.values).toMatchObject({ injOpen: 1.2, reqFuel: 11, stoich: 14.1 });
		expect(h.abandoned).toHaveLength(0);
		expect(h.done.map((e) => e.label)).toEqual(['injOpen 1.2', 'reqFuel 11', 'stoich 14.1']);
	});

	it('records nothing for an edit that changes nothing', () => {
		const h = createHistory(tune);
		expect(applyEdit(h, editOf(tune, 'same', { reqFuel: tune.values.reqFuel }))).toBe(h);
	});

	it('refuses an edit made against another version of the tune, leaving the history as it was', () => {
		let h = createHistory(tune);
		const stale = editOf(tune, 'reqFuel 9', { reqFuel: 9 });
		h = applyEdit(h, editOf(h.tune, 'reqFuel 11', { reqFuel: 11 }));
		expect(() => applyEdit(h, stale)).toThrow(EditConflictError);
		expect(h.tune.values.reqFuel).toBe(11);
		// Undo checks too: a history whose tune was changed behind its back is not silently rewound.
		const tampered = { ...h, tune: withValue(h.tune, 'reqFuel', 13) };
		expect(() => undo(tampered)).toThrow(/reqFuel 11/);
	});
});
