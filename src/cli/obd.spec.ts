import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElm327Server, type Elm327Server } from './elm327-server';
import { runCli } from './run';
import { captureIo } from './test-io.test-helper';

let server: Elm327Server;
let port: string;

beforeAll(async () => {
	server = await startElm327Server({ port: 0, resetMs: 5 });
	port = `tcp://127.0.0.1:${server.port}`;
});

afterAll(() => server.close());

async function cli(...argv: string[]) {
	const { io, text } = captureIo();
	const code = await runCli(argv, io);
	return { code, ...text };
}

/** A TCP port nothing listens on: bind an ephemeral one and release it. */
async function closedPort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
	const address = probe.address();
	await new Promise((r) => probe.close(r));
	return typeof address === 'object' && address ? address.port : 1;
}

describe('cartech obd against the ELM327 emulator on TCP', () => {
	it('prints the simulated car’s VIN', async () => {
		const { code, out } = await cli('obd', '--port', port, 'vin');
		expect(code).toBe(0);
		expect(out).toBe('WCTZZZ000RS000042\n');
	});

	it('lists the supported PIDs with their names', async () => {
		const { code, out } = await cli('obd', '--port', port, 'pids');
		expect(code).toBe(0);
		expect(out).toMatch(/^0C {2}engineRpm +Engine speed$/m);
		expect(out).toMatch(/^0D {2}vehicleSpeed +Vehicle speed$/m);
		expect(out).not.toMatch(/^00 /m);
	});

	it('reports identity, protocol, VIN and a PID count that matches the pids list', async () => {
		const pids = await cli('obd', '--port', port, 'pids');
		const { code, out } = await cli('obd', '--port', port, 'info');
		expect(code).toBe(0);
		expect(out).toMatch(/^Adapter: +ELM327 v1\.5$/m);
		expect(out).toMatch(/^Protocol: +AUTO, ISO 15765-4 \(CAN 11\/500\)$/m);
		expect(out).toMatch(/^VIN: +WCTZZZ000RS000042$/m);
		const count = pids.out.trim().split('\n').length;
		expect(out).toMatch(new RegExp(`^Supported PIDs: ${count}$`, 'm'));
	});

	it('watches live RPM for --count samples and reports the achieved rate', async () => {
		const { code, out, err } = await cli(
			'obd',
			'--port',
			port,
			'watch',
			'engineRpm',
			'0D',
			'--count',
			'3'
		);
		expect(code).toBe(0);
		const lines = out.split('\n').filter(Boolean);
		expect(lines).toHaveLength(3);
		for (const line of lines) {
			const m = /^ +\d+\.\d{3} s {2}Engine speed ([\d.]+) rpm {2}Vehicle speed (\d+) km\/h$/.exec(
				line
			);
			expect(m, line).not.toBeNull();
			expect(Number(m![1])).toBeGreaterThan(500);
			expect(Number(m![1])).toBeLessThan(8000);
		}
		expect(err).toMatch(/^3 samples in [\d.]+ s \([\d.]+ Hz, 1 request per sample\)$/m);
	});

	it('stops watching when the signal aborts (Ctrl-C) and exits 0', async () => {
		const controller = new AbortController();
		const { io, text } = captureIo(controller.signal);
		const run = runCli(['obd', '--port', port, 'watch', '0C'], io);
		setTimeout(() => controller.abort(), 300);
		expect(await run).toBe(0);
		expect(text.out.trim().split('\n').length).toBeGreaterThan(0);
	});

	it('lists stored DTCs with their descriptions and clears them only with --yes', async () => {
		const before = await cli('obd', '--port', port, 'dtc');
		expect(before.code).toBe(0);
		expect(before.out).toContain(
			'P0420  Catalyst system efficiency below threshold (bank 1)  [7E8]'
		);
		const refused = await cli('obd', '--port', port, 'clear-dtc');
		expect(refused.code).toBe(2);
		expect(refused.err).toContain('add --yes to confirm');
		const cleared = await cli('obd', '--port', port, 'clear-dtc', '--yes');
		expect(cleared).toMatchObject({ code: 0, out: 'Cleared trouble codes on 7E8\n' });
	});

	it('names a negative response: an ECU addressed physically refuses an unsupported PID', async () => {
		const { code, err } = await cli(
			'obd',
			'--port',
			port,
			'--ecu',
			'7E0',
			'watch',
			'engineLoad',
			'--count',
			'1'
		);
		expect(code).toBe(1);
		expect(err).toContain(
			'warning: the car does not list PID 04 (Calculated engine load) as supported\n'
		);
		expect(err).toContain('cartech: the ECU refused service 0x01: requestOutOfRange (NRC 0x31)\n');
	});

	it('says NO DATA when no ECU answers a broadcast request', async () => {
		const { code, err } = await cli('obd', '--port', port, 'watch', 'engineLoad', '--count', '1');
		expect(code).toBe(1);
		expect(err).toContain('cartech: NO DATA: no ECU answered the service 01 04 request');
	});

	it('says NO DATA when no ECU answers on the chosen protocol', async () => {
		const { code, err } = await cli('obd', '--port', port, '--protocol', '7', 'vin');
		expect(code).toBe(1);
		expect(err).toMatch(/^cartech: NO DATA: no ECU answered the VIN \(service 09 02\) request/);
	});

	it('exits 1 with a clear message when the connection is refused', async () => {
		const free = await closedPort();
		const { code, err } = await cli('obd', '--port', `tcp://127.0.0.1:${free}`, 'vin');
		expect(code).toBe(1);
		expect(err).toMatch(
			new RegExp(`^cartech: connection refused by 127\\.0\\.0\\.1:${free}: nothing is listening`)
		);
	});

	it('exits 1 naming the device when the serial port does not exist', async () => {
		const { code, err } = await cli('obd', '--port', '/dev/cartech-no-such-tty', 'vin');
		expect(code).toBe(1);
		expect(err).toBe(
			'cartech: no serial device at /dev/cartech-no-such-tty (is the adapter plugged in?)\n'
		);
	});

	it.each([
		[['obd', '--port', 'tcp://127.0.0.1:1', 'speed'], 'unknown obd command "speed"'],
		[['obd', 'vin'], '--port is required'],
		[['obd', '--port', 'tcp://127.0.0.1', 'vin'], 'needs a host and a port'],
		[['obd', '--port', 'tcp://127.0.0.1:1', '--bogus', 'vin'], "Unknown option '--bogus'"],
		[['obd', '--port', 'tcp://127.0.0.1:1', 'watch', 'ZZ'], 'unknown PID "ZZ"'],
		[
			['obd', '--port', 'tcp://127.0.0.1:1', '--count', 'x', 'watch', '0C'],
			'--count must be a whole number'
		],
		[['frobnicate'], 'unknown command "frobnicate"']
	])('rejects %j with the usage and exit code 2', async (argv, message) => {
		const { code, err, out } = await cli(...argv);
		expect(code).toBe(2);
		expect(err).toContain(message);
		expect(err).toContain('Usage: cartech');
		expect(out).toBe('');
	});
});
