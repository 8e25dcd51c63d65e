import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElm327Server, type Elm327Server } from './elm327-server';
import { parseCandumpText } from '../lib/logs/candump';
import type { EmulatorServer } from './emulator-server';
import { startSlcanServer } from './slcan-server';

const run = promisify(execFile);
const bin = path.resolve('bin/cartech.js');

let server: Elm327Server;
let slcan: EmulatorServer;

beforeAll(async () => {
	server = await startElm327Server({ port: 0, resetMs: 5 });
	slcan = await startSlcanServer({ port: 0 });
});

afterAll(() => Promise.all([server.close(), slcan.close()]));

/** The installed command: node runs bin/cartech.js, which loads the TypeScript entry through tsx. */
async function cartech(...args: string[]) {
	return run(process.execPath, [bin, ...args], { timeout: 20_000 }).then(
		({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
		(e: { code: number; stdout: string; stderr: string }) => ({
			code: e.code,
			stdout: e.stdout,
			stderr: e.stderr
		})
	);
}

describe('bin/cartech.js', () => {
	it('prints the VIN from the emulator as a real process and exits 0', async () => {
		const { code, stdout } = await cartech(
			'obd',
			'--port',
			`tcp://127.0.0.1:${server.port}`,
			'vin'
		);
		expect(code).toBe(0);
		expect(stdout).toBe('WCTZZZ000RS000042\n');
	});

	it('exits 2 with the usage on bad arguments', async () => {
		const { code, stderr } = await cartech('obd', '--port');
		expect(code).toBe(2);
		expect(stderr).toContain('Usage: cartech obd');
	});

	it('dumps CAN frames until SIGINT, then closes the adapter and exits 0', async () => {
		const child = spawn(process.execPath, [
			bin,
			'can',
			'dump',
			'--adapter',
			'slcan',
			'--port',
			`tcp://127.0.0.1:${slcan.port}`
		]);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
		const deadline = Date.now() + 15_000;
		while (stdout.split('\n').length < 20 && Date.now() < deadline) {
			await new Promise((r) => setTimeout(r, 20));
		}
		child.kill('SIGINT');
		expect(await exited).toBe(0);
		expect([...parseCandumpText(stdout)].length).toBeGreaterThan(18);
		expect(stderr).toMatch(/^\d+ frames in [\d.]+ s/);
	}, 20_000);
});
