import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run';
import { captureIo } from './test-io.test-helper';

const data = path.resolve('../shared/data/MotecLogGenerator');
const dbc = path.join(data, 'sample_can_spec.dbc');
const fullLog = path.join(data, 'can_sample.log');
const headLog = path.join(data, 'can_sample.head2000.log');

async function cli(...argv: string[]) {
	const { io, text } = captureIo();
	const code = await runCli(argv, io);
	return { code, ...text };
}

/** The timestamp (s) of the README's reference frame 140#00C20643000009A1, read from the log itself. */
function referenceTime(log: string): number {
	const line = readFileSync(log, 'utf8')
		.split('\n')
		.find((l) => l.endsWith(' 140#00C20643000009A1'));
	return Number(/^\((\d+\.\d+)\)/.exec(line!)![1]);
}

describe('cartech decode', () => {
	it('gives RPM 774 and throttle 0 for frame 140#00C20643000009A1 of can_sample.log (JSON Lines)', async () => {
		const { code, out, err } = await cli('decode', '--dbc', dbc, '--log', fullLog);
		expect(code).toBe(0);
		const t = referenceTime(fullLog);
		const row = out
			.split('\n')
			.filter(Boolean)
			.map((l) => JSON.parse(l))
			.find((r) => r.id === '140' && r.t === t);
		expect(row).toEqual({
			t,
			id: '140',
			message: 'ID_140',
			signals: { THROTTLE: 0, CLUTCH: 100, RPM: 774 }
		});
		expect(err).toBe('38015 of 82558 frames decoded (44543 with ids the DBC does not describe)\n');
	});

	it('writes CSV with a header of the signals the log holds and the reference values in their columns', async () => {
		const { code, out } = await cli('decode', '--dbc', dbc, '--log', headLog, '--format', 'csv');
		expect(code).toBe(0);
		const [header, ...rows] = out.trim().split('\n');
		const columns = header.split(',');
		expect(columns.slice(0, 3)).toEqual(['t', 'id', 'message']);
		expect(columns).toEqual(expect.arrayContaining(['RPM', 'THROTTLE', 'SPEED']));
		const t = String(referenceTime(headLog));
		const row = rows.map((r) => r.split(',')).find((r) => r[0] === t && r[1] === '140')!;
		expect(row[columns.indexOf('RPM')]).toBe('774');
		expect(row[columns.indexOf('THROTTLE')]).toBe('0');
		expect(row[columns.indexOf('SPEED')]).toBe('');
		for (const r of rows) expect(r.split(',').length).toBe(columns.length);
	});

	it('exits 1 naming a missing log file', async () => {
		const { code, err } = await cli('decode', '--dbc', dbc, '--log', '/nonexistent/x.log');
		expect(code).toBe(1);
		expect(err).toBe('cartech: no such file: /nonexistent/x.log\n');
	});

	it('exits 1 naming the line of a malformed log', async () => {
		const { code, err } = await cli('decode', '--dbc', dbc, '--log', dbc);
		expect(code).toBe(1);
		expect(err).toMatch(
			/^cartech: log: expected "\(seconds\.fraction\) interface ID#DATA" \(line 1: /
		);
	});

	it('rejects an unknown format with the usage and exit code 2', async () => {
		const { code, err } = await cli('decode', '--dbc', dbc, '--log', headLog, '--format', 'xml');
		expect(code).toBe(2);
		expect(err).toContain('--format must be jsonl or csv, got "xml"');
		expect(err).toContain('Usage: cartech decode');
	});
});
