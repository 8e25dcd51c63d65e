import { describe, expect, it } from 'vitest';
import { previewCsv } from './csv-preview';

describe('previewCsv', () => {
	it('shows a TunerStudio log’s columns with their units row and first values', () => {
		const text = '"MS3 Format"\nTime\tRPM\tTPS\ns\trpm\t%\n0.0\t900\t1.5\n0.1\t950\t2';
		expect(previewCsv(text)).toEqual({
			tunerStudio: true,
			delimiter: '\t',
			headerLine: 2,
			columns: [
				{ header: 'Time', name: 'Time', unit: 's', sample: '0.0' },
				{ header: 'RPM', name: 'RPM', unit: 'rpm', sample: '900' },
				{ header: 'TPS', name: 'TPS', unit: '%', sample: '1.5' }
			]
		});
	});

	it('splits "Name (unit)" headers of generic CSV and ignores a cut-off last line', () => {
		const preview = previewCsv('t_ms;Speed (mph);Eng RPM\n0;10;900\n20;1');
		expect(preview).toMatchObject({
			delimiter: ';',
			columns: [
				{ header: 't_ms', name: 't_ms', unit: '' },
				{ header: 'Speed (mph)', name: 'Speed', unit: 'mph', sample: '10' },
				{ header: 'Eng RPM', name: 'Eng RPM', sample: '900' }
			]
		});
	});

	it('honours a header line the user names', () => {
		const preview = previewCsv('junk,line\nA,B\n1,2\n', { headerLine: 2 });
		expect(preview).toMatchObject({ headerLine: 2, columns: [{ header: 'A' }, { header: 'B' }] });
	});

	it('says so when the start of the file has no header', () => {
		expect(previewCsv('just one column\n')).toEqual({
			error: expect.stringContaining('no header line')
		});
	});
});
