import { describe, expect, it } from 'vitest';
import { CsvLogMappingSchema } from '$lib/logs/formats';
import * as v from 'valibot';
import { RATE, mappingFromForm, type CsvMappingForm } from './csv-mapping-form';

const blank: CsvMappingForm = {
	delimiter: 'auto',
	decimal: 'auto',
	headerLine: '',
	timeColumn: '',
	timeUnit: '',
	sampleRateHz: '',
	badValues: 'error',
	columns: {}
};

describe('mappingFromForm', () => {
	it('sends nothing the user left on detect', () => {
		expect(mappingFromForm(blank)).toEqual({});
	});

	it('sends the time column, renames, units and skips the parser validates', () => {
		const mapping = mappingFromForm({
			...blank,
			delimiter: 'semicolon',
			decimal: ',',
			headerLine: '3',
			timeColumn: 'when_ms',
			timeUnit: 'ms',
			badValues: 'skip',
			columns: {
				'Eng RPM': { name: ' EngineSpeed ', unit: 'rpm', skip: false },
				junk: { name: '', unit: '', skip: true },
				kept: { name: '', unit: '', skip: false }
			}
		});
		expect(mapping).toEqual({
			delimiter: 'semicolon',
			decimal: ',',
			headerLine: 3,
			time: { column: 'when_ms', unit: 'ms' },
			badValues: 'skip',
			columns: { 'Eng RPM': { name: 'EngineSpeed', unit: 'rpm' }, junk: { skip: true } }
		});
		expect(v.is(CsvLogMappingSchema, mapping)).toBe(true);
	});

	it('sends a fixed sample rate for files without a time column', () => {
		expect(mappingFromForm({ ...blank, timeColumn: RATE, sampleRateHz: '50' })).toEqual({
			time: { sampleRateHz: 50 }
		});
	});
});
