import { describe, expect, it } from 'vitest';
import { cli } from './cli-test-server.test-helper';
import { runCli } from './run';
import { captureIo } from './test-io.test-helper';

/** Starts `cartech emulate …` in-process and returns its URL once it prints the listening line. */
async function emulate(...args: string[]) {
	const controller = new AbortController();
	const { io, text } = captureIo(controller.signal);
	const exit = runCli(['emulate', ...args, '--port', '0'], io);
	const deadline = Date.now() + 5000;
	while (!/listening on (tcp:\/\/\S+)/.test(text.out)) {
		if (Date.now() > deadline) throw new Error(`emulate did not start: ${text.err}`);
		await new Promise((r) => setTimeout(r, 5));
	}
	const url = /listening on (tcp:\/\/\S+)/.exec(text.out)![1];
	return { url, text, stop: () => (controller.abort(), exit) };
}

describe('cartech emulate', () => {
	it('serves an SLCAN adapter that cartech can dump reads, until Ctrl-C', async () => {
		const server = await emulate('slcan', '--dialect', 'canable');
		expect(server.text.out).toMatch(
			/^SLCAN emulator \(canable firmware, simulated car, scenario demo\) listening on tcp:\/\/127\.0\.0\.1:\d+\n$/
		);
		const { code, out } = await cli(
			'can',
			'dump',
			'--adapter',
			'slcan',
			'--dialect',
			'canable',
			'--port',
			server.url,
			'--count',
			'5'
		);
		expect(code).toBe(0);
		expect(out.trim().split('\n')).toHaveLength(5);
		expect(await server.stop()).toBe(0);
		expect(server.text.err).toMatch(/^client connected: 127\.0\.0\.1:\d+\n/);
	});

	it('serves a K-line car (KWP, 5-baud init) that cartech obd reads the VIN from', async () => {
		const server = await emulate('elm327', '--bus', 'kwp-slow', '--reset-ms', '5');
		expect(server.text.out).toMatch(/simulated car on the K-line, kwp-slow, scenario demo/);
		const { code, out } = await cli('obd', '--port', server.url, '--protocol', '4', 'vin');
		expect(code).toBe(0);
		expect(out).toBe('WCTZZZ000RS000042\n');
		expect(await server.stop()).toBe(0);
	});

	it.each([
		[['emulate', 'slcan', '--bus', 'iso9141'], '--bus is for emulate elm327'],
		[['emulate', 'elm327', '--dialect', 'canable'], '--dialect is for emulate slcan'],
		[
			['emulate', 'elm327', '--bus', 'lin'],
			'--bus must be one of can, iso9141, kwp-fast, kwp-slow'
		],
		[['emulate', 'gs_usb'], 'cannot emulate "gs_usb"; elm327 or slcan']
	])('rejects %j with the usage and exit code 2', async (argv, message) => {
		const { code, err } = await cli(...argv);
		expect(code).toBe(2);
		expect(err).toContain(message);
		expect(err).toContain('Usage: cartech emulate');
	});
});
