import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DynoMappingSchema } from '$lib/logs/formats';
import { formFromMapping, mappingFromForm } from './dyno-mapping-form';
import { previewDyno } from './dyno-preview';

const DYNOJET = [
	'Dynojet Research WinPEP 8 Export',
	'Engine Speed (RPM),Power (HP),Torque (lb-ft)',
	'3000,100,175.1',
	'4000,150,196.9'
].join('\n');

describe('dyno mapping form', () => {
	it('shows a detected mapping as columns and units, and gives it back unchanged', async () => {
		const preview = await previewDyno(DYNOJET);
		expect(preview.error).toBeNull();
		expect(preview.header).toEqual(['Engine Speed (RPM)', 'Power (HP)', 'Torque (lb-ft)']);
		const form = formFromMapping(preview.proposal!.mapping);
		expect(form.vendor).toBe('dynojet');
		expect(form.columns.power).toEqual({ column: 'Power (HP)', unit: 'hp' });
		expect(form.columns.speed).toEqual({ column: '', unit: 'km/h' });
		const mapping = mappingFromForm(form);
		expect(mapping.columns).toEqual({
			rpm: { column: 'Engine Speed (RPM)' },
			power: { column: 'Power (HP)', unit: 'hp' },
			torque: { column: 'Torque (lb-ft)', unit: 'lbft' }
		});
		expect(v.safeParse(DynoMappingSchema, mapping).success).toBe(true);
		expect(preview.run).toMatchObject({ points: 2, rpm: [3000, 4000] });
	});

	it('previews an edited mapping: unmapping torque still gives torque from power', async () => {
		const form = formFromMapping((await previewDyno(DYNOJET)).proposal!.mapping);
		form.columns.torque.column = '';
		form.columns.power.unit = 'kW';
		const preview = await previewDyno(DYNOJET, mappingFromForm(form));
		expect(preview.error).toBeNull();
		expect(preview.run!.peaks.powerKw).toBe(150);
		expect(preview.run!.torqueNm[0]).toBeCloseTo((100 * 60_000) / (2 * Math.PI * 3000), 9);
	});

	it('says why a file does not read', async () => {
		const preview = await previewDyno('Motor;Leistung\n3000;55\n');
		expect(preview.header).toEqual(['Motor', 'Leistung']);
		expect(preview.error).toMatch(/^no rpm and no power or torque column/);
		expect(preview.run).toBeNull();
		expect((await previewDyno('just one line')).error).toBe(
			'no header line with two or more columns'
		);
	});
});
