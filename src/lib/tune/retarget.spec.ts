import { describe, expect, it } from 'vitest';
import type { ConstantSpec, TuneSchema } from './model';
import { retargetTune } from './retarget';
import { LOADED, SCHEMA } from './test-fixtures.test-helper';

describe('importing a tune into another firmware version', () => {
	it('carries values over by name where kind and shape match, and lists the rest', () => {
		const constants = new Map<string, ConstantSpec>(SCHEMA.constants);
		constants.delete('reqFuel');
		constants.set('veTable', {
			...(SCHEMA.constants.get('veTable') as Extract<ConstantSpec, { kind: 'array' }>),
			rows: 20,
			columns: 20
		});
		constants.set('newThing', {
			kind: 'scalar',
			name: 'newThing',
			location: 'ecu',
			units: '',
			min: 0,
			max: 1,
			digits: 0,
			resolution: 1
		});
		const next: TuneSchema = { ...SCHEMA, signature: 'speeduino 202202', constants };
		const r = retargetTune(LOADED.tune, next);
		expect(r.tune.signature).toBe('speeduino 202202');
		expect(r.dropped).toEqual(['reqFuel']);
		expect(r.mismatched).toEqual([
			{ name: 'veTable', reason: 'the old value does not fit the new array veTable' }
		]);
		expect(r.unset).toContain('newThing');
		expect(r.unset).toContain('veTable');
		expect(r.tune.values.stoich).toBe(14.7);
	});
});
