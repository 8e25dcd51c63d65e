import { describe, expect, it } from 'vitest';
import { parseIni } from '../ini';
import type { Tune } from '../model';
import { DEFINITION, INI_TEXT, LOADED, SCHEMA, SETTINGS } from '../test-fixtures.test-helper';
import { tunerStudioFormat } from './msq-format';
import { tunerStudioSchema } from './schema';

describe('TunerStudio schema', () => {
	it('describes each constant neutrally: kind, shape, units, bounds, digits, resolution, location', () => {
		expect(SCHEMA.format).toBe('tunerstudio-ini');
		expect(SCHEMA.signature).toBe('speeduino 202103');
		expect(SCHEMA.constants.get('veTable')).toEqual({
			kind: 'array',
			name: 'veTable',
			location: 'ecu',
			units: '%',
			min: 0,
			max: 255,
			digits: 0,
			resolution: 1,
			rows: 16,
			columns: 16
		});
		expect(SCHEMA.constants.get('rpmBins')).toMatchObject({
			rows: 16,
			columns: 1,
			resolution: 100
		});
		expect(SCHEMA.constants.get('reqFuel')).toMatchObject({
			kind: 'scalar',
			units: 'ms',
			min: 0,
			max: 25.5,
			digits: 1
		});
		expect(SCHEMA.constants.get('injLayout')).toMatchObject({
			kind: 'bits',
			options: ['Paired', 'Semi-Sequential', 'INVALID', 'Sequential']
		});
		expect(SCHEMA.constants.get('rpmhigh')).toMatchObject({ kind: 'scalar', location: 'pc' });
		// With CELSIUS set (the msq's settings) the temperatures are in °C.
		expect(SCHEMA.constants.get('aeColdTaperMax')).toMatchObject({
			units: 'C',
			min: -40,
			max: 215
		});
	});

	it('evaluates units and bounds given as expressions against the tune', () => {
		// fuelLoadBins: units { bitStringValue(algorithmUnits, algorithm) }, max { fuelLoadMax }.
		expect(SCHEMA.constants.get('fuelLoadBins')).toMatchObject({ units: 'kPa', max: 255 });
		const tps: Tune = {
			...LOADED.tune,
			values: { ...LOADED.tune.values, algorithm: 'TPS', fuelLoadMax: 100 }
		};
		expect(tunerStudioSchema(DEFINITION, tps).constants.get('fuelLoadBins')).toMatchObject({
			units: '% TPS',
			max: 100
		});
	});

	it('lists the tables and curves whose constants exist, with axes, channels and labels', () => {
		expect(SCHEMA.tables).toHaveLength(18);
		expect(SCHEMA.tables[0]).toEqual({
			name: 'veTable1Tbl',
			title: 'VE Table',
			x: { constant: 'rpmBins', channel: 'rpm', label: 'RPM' },
			y: { constant: 'fuelLoadBins', channel: 'fuelLoad', label: 'Fuel Load:' },
			z: 'veTable',
			upDownLabels: ['(RICHER)', '(LEANER)']
		});
		expect(SCHEMA.curves).toHaveLength(31);
		expect(SCHEMA.curves.find((c) => c.name === 'warmup_analyzer_curve')?.y).toEqual([
			{ constant: 'wueRates', label: 'Current WUE' },
			{ constant: 'wueRecommended', label: 'Recommended WUE' }
		]);
	});

	it('is the one TuneFormat implementation: schema, read and write behind the neutral interface', () => {
		const format = tunerStudioFormat;
		expect(format.id).toBe('tunerstudio-msq');
		const fahrenheit = parseIni(INI_TEXT, { settings: SETTINGS.filter((s) => s !== 'CELSIUS') });
		expect(format.schema(fahrenheit).constants.get('aeColdTaperMax')).toMatchObject({ units: 'F' });
		const text = format.write(LOADED.tune, DEFINITION, { base: LOADED.document });
		expect(format.read(text, DEFINITION).tune).toEqual(LOADED.tune);
	});
});
