import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CsvLogError } from './csv-table';
import { DynoImportError, readDynoCsv } from './dyno-csv';
import { proposeDynoMapping } from './dyno-detect';
import { DynoMappingSchema, type DynoMappingInput } from './dyno-mapping';
import { FORCE_TO_N, POWER_TO_KW, PRESSURE_TO_KPA, SPEED_TO_KMH, TORQUE_TO_NM } from './units';

/** Shaped like a Dynojet WinPEP/Power Core CSV export: run notes, then "Name (unit)" headers, imperial units. */
const DYNOJET = [
	'Dynojet Research WinPEP 7 Export',
	'Run File: C:\\Runs\\run012.drf',
	'Correction Factor: SAE J1349',
	'Time (sec),Engine Speed (RPM),Power (HP),Torque (lb-ft),Speed (MPH),Air/Fuel Ratio 1 (AFR)',
	'0.00,2500,80.5,169.1,35.2,12.8',
	'0.10,2600,85.0,171.7,36.6,12.7',
	'',
	'0.20,2700,,,38.0,12.6',
	''
].join('\r\n');

/** Shaped like a Mainline DynoLog export from a decimal-comma locale: semicolons, "[unit]" headers, metric. */
const MAINLINE = [
	'Mainline DynoLog export;;;;;;',
	'RPM;Wheel Power [kW];Engine Power [kW];Tractive Effort [N];Road Speed [km/h];Lambda;Boost [bar]',
	'3000;55,2;63,0;2480;80,1;0,86;0,45',
	'3100;58,0;66,1;2510;82,9;0,85;0,52'
].join('\n');

describe('unit factors', () => {
	it('match the definitions (NIST SP 811 Appendix B)', () => {
		expect(POWER_TO_KW.hp).toBeCloseTo(0.745699872, 9);
		expect(POWER_TO_KW.PS).toBeCloseTo(0.73549875, 9);
		expect(TORQUE_TO_NM.lbft).toBeCloseTo(1.3558179483, 9);
		expect(SPEED_TO_KMH.mph).toBe(1.609344);
		expect(FORCE_TO_N.lbf).toBeCloseTo(4.4482216153, 9);
		expect(PRESSURE_TO_KPA.psi).toBeCloseTo(6.894757293, 8);
	});
});

describe('readDynoCsv', () => {
	it('reads a Dynojet-style export into kW, N·m and km/h without a mapping', async () => {
		const run = await readDynoCsv(DYNOJET);
		expect(run.meta.vendor).toBe('dynojet');
		expect(run.meta.info).toEqual([
			'Dynojet Research WinPEP 7 Export',
			'Run File: C:\\Runs\\run012.drf',
			'Correction Factor: SAE J1349'
		]);
		expect(run.meta.derived).toEqual({ power: false, torque: false });
		expect(run.points).toHaveLength(2);
		expect(run.meta.skippedRows).toBe(1);
		const [p] = run.points;
		expect(p.rpm).toBe(2500);
		expect(p.powerKw).toBeCloseTo(80.5 * 0.74569987158, 9);
		expect(p.torqueNm).toBeCloseTo(169.1 * 1.3558179483, 7);
		expect(p.speedKmh).toBeCloseTo(35.2 * 1.609344, 9);
		expect(p).toMatchObject({ afr: 12.8, timeS: 0 });
		expect(run.points[1].timeS).toBeCloseTo(0.1, 12);
	});

	it('reads a Mainline-style export: wheel power over engine power, decimal commas, bar to kPa', async () => {
		const run = await readDynoCsv(MAINLINE);
		expect(run.meta.vendor).toBe('mainline');
		expect(run.meta.mapping.columns.power?.column).toBe('Wheel Power [kW]');
		expect(run.points[0]).toEqual({
			rpm: 3000,
			powerKw: 55.2,
			torqueNm: (55.2 * 60_000) / (2 * Math.PI * 3000),
			forceN: 2480,
			speedKmh: 80.1,
			lambda: 0.86,
			boostKpa: 45
		});
		expect(run.meta.derived).toEqual({ power: false, torque: true });
	});

	it('computes power from roller force and road speed when the export has neither power nor torque', async () => {
		const run = await readDynoCsv('RPM,Force (N),Speed (km/h)\n4000,3600,100\n');
		expect(run.points[0].powerKw).toBe(100);
		expect(run.points[0].torqueNm).toBeCloseTo((100 * 60_000) / (2 * Math.PI * 4000), 9);
		expect(run.meta.derived).toEqual({ power: true, torque: true });
	});

	it('follows a saved mapping that survives a JSON round trip', async () => {
		const saved: DynoMappingInput = {
			name: 'Bay 2 roller, custom template',
			delimiter: 'tab',
			columns: {
				rpm: { column: 'n_eng' },
				torque: { column: 'M', unit: 'kgm' },
				speed: { column: 'v', unit: 'm/s' }
			}
		};
		const mapping = JSON.parse(JSON.stringify(saved)) as DynoMappingInput;
		const run = await readDynoCsv('n_eng\tM\tv\tjunk\n5000\t20\t30\tx\n', { mapping });
		expect(run.meta.mappingName).toBe('Bay 2 roller, custom template');
		expect(run.points[0]).toEqual({
			rpm: 5000,
			torqueNm: 20 * 9.80665,
			powerKw: (20 * 9.80665 * 5000 * 2 * Math.PI) / 60_000,
			speedKmh: 108
		});
	});

	it('names a mapped column the file does not have', async () => {
		const mapping: DynoMappingInput = {
			columns: { rpm: { column: 'RPM' }, power: { column: 'Power (kW)', unit: 'kW' } }
		};
		await expect(readDynoCsv('RPM,HP\n1000,50\n', { mapping })).rejects.toThrow(
			'the power column "Power (kW)" is not in the header (RPM, HP) (line 1)'
		);
		await expect(
			readDynoCsv('run 7,bay 2\nRPM,HP\n1000,50\n', { mapping: { ...mapping, headerLine: 2 } })
		).rejects.toThrow(/\(line 2\)$/);
	});

	it('explains what it could not find, with its proposal attached', async () => {
		const error = await readDynoCsv('Gear,Lap\n1,2\n').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DynoImportError);
		expect((error as DynoImportError).message).toBe(
			'no rpm and no power or torque column among: Gear, Lap (line 1)'
		);
		expect((error as DynoImportError).proposal?.unmapped).toEqual(['Gear', 'Lap']);
	});

	it('names the line and column of a cell that is not a number', async () => {
		const error = await readDynoCsv(DYNOJET.replace('85.0', 'eighty')).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(CsvLogError);
		expect((error as CsvLogError).message).toBe(
			'"eighty" is not a number (line 6, column 3 "Power (HP)")'
		);
	});

	it('rejects an invalid mapping with a TypeError', async () => {
		await expect(
			readDynoCsv('RPM\n1\n', { mapping: { columns: { rpm: { column: 'RPM' } } } })
		).rejects.toThrow(/map a power or torque column/);
		await expect(
			readDynoCsv('RPM\n1\n', {
				mapping: {
					columns: { rpm: { column: 'RPM' }, power: { column: 'P', unit: 'bhp' as never } }
				}
			})
		).rejects.toThrow(TypeError);
	});
});

describe('proposeDynoMapping', () => {
	it('reads units from bare Dynocom-style names and says which it had to assume', () => {
		const proposal = proposeDynoMapping({
			preamble: [],
			header: ['RPM', 'HP', 'TQ', 'MPH', 'AFR', 'Boost'],
			units: null
		});
		expect(proposal.mapping?.columns).toEqual({
			rpm: { column: 'RPM' },
			power: { column: 'HP', unit: 'hp' },
			torque: { column: 'TQ', unit: 'lbft' },
			speed: { column: 'MPH', unit: 'mph' },
			afr: { column: 'AFR' },
			boost: { column: 'Boost', unit: 'psi' }
		});
		expect(proposal.assumedUnits).toEqual(['torque', 'boost']);
		expect(v.is(DynoMappingSchema, v.parse(DynoMappingSchema, proposal.mapping))).toBe(true);
	});

	it('takes units from a units row and never picks loss or uncorrected columns', () => {
		const proposal = proposeDynoMapping({
			preamble: [],
			header: ['Engine RPM', 'Loss Power', 'Power Uncorrected', 'Power', 'Torque', 'Roller Speed'],
			units: ['rpm', 'PS', 'PS', 'PS', 'Nm', 'km/h']
		});
		expect(proposal.mapping?.columns).toMatchObject({
			rpm: { column: 'Engine RPM' },
			power: { column: 'Power', unit: 'PS' },
			torque: { column: 'Torque', unit: 'Nm' },
			speed: { column: 'Roller Speed', unit: 'km/h' }
		});
		expect(proposal.unmapped).toEqual(['Loss Power', 'Power Uncorrected']);
		expect(proposal.assumedUnits).toEqual([]);
	});
});
