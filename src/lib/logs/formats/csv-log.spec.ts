import { describe, expect, it } from 'vitest';
import { exportCsv } from './csv-export';
import { CsvLogError, CsvLogParser, readCsvLog, type CsvLogOptions } from './csv-log';
import { ImportedLogBuilder, type ImportedLog } from './imported-log';

/** A TunerStudio text log as MegaLogViewer writes it (.msl): quoted preamble, names, units, tabs, MARK lines. */
const MSL = [
	'"MS3 Format 0435.12P: MS3 1.4.1 release"',
	'"Capture Date: Sun Mar 08 13:34:59 EDT 2015"',
	'Time\tSecL\tRPM\tMAP\tAFR',
	's\tsec\trpm\tkPa\tAFR',
	'0.000\t0\t850\t35.2\t14.7',
	'0.050\t0\t860\t35.0\t14.6',
	'MARK 000 - Manual - 13:35:12',
	'0.100\t0\t870\t34.8\t14.5',
	''
].join('\n');

function channel(log: ImportedLog, name: string) {
	const c = log.channels.find((x) => x.name === name);
	if (!c) throw new Error(`no channel ${name} in ${log.channels.map((x) => x.name)}`);
	return { unit: c.unit, t: Array.from(c.t), v: Array.from(c.v) };
}

/** Parses `text` pushed in the given pieces. */
function parsePieces(pieces: string[], options: CsvLogOptions = {}) {
	const builder = new ImportedLogBuilder();
	const parser = new CsvLogParser(builder, options);
	for (const p of pieces) parser.push(p);
	const summary = parser.end();
	return { log: builder.finished ? builder.build() : null, summary };
}

function csvError(text: string, options: CsvLogOptions = {}): CsvLogError {
	try {
		parsePieces([text], options);
	} catch (e) {
		if (e instanceof CsvLogError) return e;
		throw e;
	}
	throw new Error('expected a CsvLogError');
}

describe('TunerStudio text logs', () => {
	it('reads names, units, times, values, markers and the preamble', async () => {
		const { log, summary } = await readCsvLog(MSL);
		expect(summary).toMatchObject({
			format: 'tunerstudio-csv',
			delimiter: '\t',
			headerLine: 3,
			timeColumn: 'Time',
			timeUnit: 's',
			rows: 3,
			markers: 1,
			error: null
		});
		expect(log!.format).toBe('tunerstudio-csv');
		expect(log!.info).toBe(
			'MS3 Format 0435.12P: MS3 1.4.1 release\nCapture Date: Sun Mar 08 13:34:59 EDT 2015'
		);
		expect(log!.startedAt).toEqual(new Date('2015-03-08T17:34:59Z'));
		expect(log!.channels.map((c) => [c.name, c.unit])).toEqual([
			['SecL', 'sec'],
			['RPM', 'rpm'],
			['MAP', 'kPa'],
			['AFR', 'AFR']
		]);
		expect(channel(log!, 'MAP')).toEqual({
			unit: 'kPa',
			t: [0, 50_000, 100_000],
			v: [35.2, 35, 34.8].map(Math.fround)
		});
		expect(log!.markers).toEqual([{ tUs: 50_000, text: '000 - Manual - 13:35:12' }]);
	});

	it('reads the same log wherever chunk boundaries fall, with CRLF endings too', () => {
		const crlf = MSL.replaceAll('\n', '\r\n');
		const whole = parsePieces([crlf]).log!;
		for (let i = 0; i <= crlf.length; i += 3) {
			const split = parsePieces([crlf.slice(0, i), crlf.slice(i)]).log!;
			expect(split).toEqual(whole);
		}
		expect(parsePieces([...crlf]).log).toEqual(whole);
	});

	it('reads byte chunks with a multi-byte character split between them', async () => {
		const text = 'Time,Temp (°C)\n0,20\n1,21\n';
		const bytes = new TextEncoder().encode(text);
		const at = bytes.indexOf(0xc2) + 1;
		const { log } = await readCsvLog([bytes.subarray(0, at), bytes.subarray(at)]);
		expect(channel(log!, 'Temp')).toEqual({ unit: '°C', t: [0, 1e6], v: [20, 21] });
	});
});

describe('generic CSV', () => {
	it('takes units from "Name (unit)" / "Name [unit]" headers and the time unit from the time column', async () => {
		const text =
			'Timestamp (ms),Engine Speed [rpm],"Speed, GPS (km/h)",Note\n0,900,0,\n20,950,1.5,\n';
		const { log, summary } = await readCsvLog(text, { columns: { Note: { skip: true } } });
		expect(summary).toMatchObject({ format: 'csv', timeColumn: 'Timestamp', timeUnit: 'ms' });
		expect(log!.channels.map((c) => [c.name, c.unit])).toEqual([
			['Engine Speed', 'rpm'],
			['Speed, GPS', 'km/h']
		]);
		expect(channel(log!, 'Speed, GPS').t).toEqual([0, 20_000]);
	});

	it('follows a saved mapping: time column, renamed channels, units, skipped columns', async () => {
		const text = 'when,n,p,junk\n1.5,900,101,x\n2.0,950,150,y\n';
		const { log } = await readCsvLog(text, {
			time: { column: 'when', unit: 's' },
			columns: {
				n: { name: 'RPM', unit: 'rpm' },
				p: { name: 'MAP', unit: 'kPa' },
				junk: { skip: true }
			}
		});
		expect(log!.channels.map((c) => [c.name, c.unit])).toEqual([
			['RPM', 'rpm'],
			['MAP', 'kPa']
		]);
		expect(channel(log!, 'RPM').t).toEqual([0, 500_000]);
	});

	it('times rows from a sample rate when there is no time column', async () => {
		const { log } = await readCsvLog('a,b\n1,2\n3,4\n5,6\n', { time: { sampleRateHz: 100 } });
		expect(channel(log!, 'a').t).toEqual([0, 10_000, 20_000]);
	});

	it('reads semicolons with decimal commas', async () => {
		const { log } = await readCsvLog('Time;Lambda\n0,0;0,98\n0,1;1,02\n', { decimal: ',' });
		expect(channel(log!, 'Lambda')).toEqual({
			unit: '',
			t: [0, 100_000],
			v: [0.98, 1.02].map(Math.fround)
		});
	});

	it('reads ISO date times and keeps an empty cell as no sample', async () => {
		const text =
			'time,rpm,egt\n2024-05-01T10:00:00.000Z,900,400\n2024-05-01T10:00:00.250Z,950,\n2024-05-01T10:00:00.500Z,990,410\n';
		const { log, summary } = await readCsvLog(text);
		expect(summary.timeUnit).toBe('iso');
		expect(channel(log!, 'rpm').t).toEqual([0, 250_000, 500_000]);
		expect(channel(log!, 'egt')).toEqual({ unit: '', t: [0, 500_000], v: [400, 410] });
	});

	it('stitches a time column that steps back on at the previous interval', async () => {
		const { log, summary } = await readCsvLog('t,x\n0,1\n0.1,2\n0.2,3\n0.05,4\n0.15,5\n');
		expect(summary.timeResets).toBe(1);
		expect(channel(log!, 'x').t).toEqual([0, 100_000, 200_000, 300_000, 400_000]);
	});

	it('uses the header line the mapping names', async () => {
		const text = 'Run 12,Dyno A\nexported,today\nTime,RPM\n0,1000\n';
		const { log, summary } = await readCsvLog(text, { headerLine: 3 });
		expect(summary.headerLine).toBe(3);
		expect(log!.info).toBe('Run 12,Dyno A\nexported,today');
		expect(channel(log!, 'RPM').v).toEqual([1000]);
	});
});

describe('CSV errors', () => {
	it('names the line and column of a cell that is not a number', () => {
		const e = csvError(MSL.replace('34.8', '34,8x'));
		expect(e).toMatchObject({ line: 8, column: 4 });
		expect(e.message).toBe('"34,8x" is not a number (line 8, column 4 "MAP")');
	});

	it('can skip cells that are not numbers instead', async () => {
		const { log } = await readCsvLog(MSL.replace('34.8', 'n/a'), { badValues: 'skip' });
		expect(channel(log!, 'MAP').v).toHaveLength(2);
	});

	it('names a line with the wrong number of fields', () => {
		expect(csvError('Time,a\n0,1\n1,2,3\n').message).toBe(
			'3 fields where the header has 2 (line 3)'
		);
	});

	it('names an unclosed quote and an empty time cell', () => {
		expect(csvError('Time,a\n0,"1\n').message).toMatch(
			/quoted field is never closed \(line 2, column 2\)/
		);
		expect(csvError('Time,a\n,1\n').message).toBe(
			'the time cell is empty (line 2, column 1 "Time")'
		);
	});

	it('explains a missing time column or header', () => {
		expect(csvError('a,b\n1,2\n').message).toMatch(/no time column .*\(line 1\)/);
		expect(csvError('a,b\n1,2\n', { time: { column: 'zz' } }).message).toMatch(/no column "zz"/);
		expect(csvError('just text\nmore\n').message).toMatch(/no header line/);
	});

	it('keeps the rows before the first bad line when asked', async () => {
		const { log, summary } = await readCsvLog(MSL.replace('870', 'oops'), { keepPartial: true });
		expect(summary.error).toBeInstanceOf(CsvLogError);
		expect(summary.error!.line).toBe(8);
		expect(channel(log!, 'RPM').v).toEqual([850, 860]);
		expect(log!.markers).toHaveLength(1);
	});

	it('rejects a mapping that does not validate with a TypeError', () => {
		expect(() => new CsvLogParser(new ImportedLogBuilder(), { delimiter: '|' as never })).toThrow(
			TypeError
		);
		expect(
			() => new CsvLogParser(new ImportedLogBuilder(), { time: { sampleRateHz: -1 } })
		).toThrow(/sampleRateHz/);
	});
});

describe('exportCsv', () => {
	const log: ImportedLog = {
		format: 'mlg',
		startedAt: new Date('2024-01-02T03:04:05Z'),
		info: 'speeduino 202310',
		channels: [
			{
				name: 'RPM',
				unit: 'rpm',
				t: Float64Array.from([0, 1, 2_500_000]),
				v: Float32Array.from([900, 0.1, 7000])
			},
			{
				name: 'Boost, gauge',
				unit: 'psi',
				t: Float64Array.from([1, 2_500_000]),
				v: Float32Array.from([-10.5, 21.75])
			}
		],
		markers: [{ tUs: 1, text: 'launch' }]
	};

	it('writes a TunerStudio log that reads back exactly, gaps and markers included', async () => {
		const text = [...exportCsv(log, { rowsPerPiece: 1 })].join('');
		expect(text.split('\n').slice(0, 5)).toEqual([
			'"speeduino 202310"',
			'"Capture Date: 2024-01-02T03:04:05.000Z"',
			'Time\tRPM\tBoost, gauge',
			's\trpm\tpsi',
			'0\t900\t'
		]);
		expect(text).toContain('0.000001\t0.1\t-10.5\nMARK launch\n2.5\t7000\t21.75\n');
		const back = (await readCsvLog(text)).log!;
		expect(back.startedAt).toEqual(log.startedAt);
		expect(back.markers).toEqual(log.markers);
		for (const c of log.channels) {
			expect(channel(back, c.name)).toEqual({
				unit: c.unit,
				t: Array.from(c.t),
				v: Array.from(c.v)
			});
		}
	});

	it('writes generic CSV with "Name (unit)" headers that reads back', async () => {
		const text = [...exportCsv(log, { dialect: 'generic' })].join('');
		expect(text.split('\n')[0]).toBe('Time (s),RPM (rpm),"Boost, gauge (psi)"');
		const back = (await readCsvLog(text)).log!;
		expect(channel(back, 'Boost, gauge')).toEqual({
			unit: 'psi',
			t: [1, 2_500_000],
			v: [-10.5, 21.75]
		});
		expect(back.markers).toEqual([]);
	});
});
