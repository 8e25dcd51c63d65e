import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElm327Server, type Elm327Server } from './elm327-server';
import { FAST_KLINE, cli, closedPort } from './cli-test-server.test-helper';

let server: Elm327Server;
let kLineServer: Elm327Server;
let port: string;

beforeAll(async () => {
	server = await startElm327Server({ port: 0, resetMs: 5 });
	kLineServer = await startElm327Server({
		port: 0,
		resetMs: 5,
		bus: 'iso9141',
		kLineTiming: FAST_KLINE
	});
	port = `tcp://127.0.0.1:${server.port}`;
});

afterAll(() => Promise.all([server.close(), kLineServer.close()]));

describe('cartech uds through the ELM327 emulator', () => {
	it('reads the VIN DID F190 and prints it as text', async () => {
		const { code, out, err } = await cli('uds', '--port', port, 'read-did', 'F190');
		expect(err).toBe('');
		expect(code).toBe(0);
		expect(out).toBe('WCTZZZ000RS000042\n');
	});

	it('prints binary DIDs as hex bytes', async () => {
		const { code, out } = await cli('uds', '--port', port, 'read-did', '0x1001');
		expect(code).toBe(0);
		expect(out).toMatch(/^[0-9A-F]{2} [0-9A-F]{2}\n$/);
	});

	it('names a negative response and exits 1', async () => {
		const { code, out, err } = await cli('uds', '--port', port, 'read-did', '1234');
		expect(code).toBe(1);
		expect(out).toBe('');
		expect(err).toBe(
			'cartech: the ECU refused readDataByIdentifier (0x22): requestOutOfRange (0x31)\n'
		);
	});

	it('switches session and reports the timing the ECU asks for', async () => {
		const { code, out } = await cli('uds', '--port', port, 'session', '3');
		expect(code).toBe(0);
		expect(out).toBe(
			'Session 03 (extendedDiagnosticSession) active; the ECU answers within P2 50 ms, P2* 5000 ms\n'
		);
	});

	it('unlocks a security level with the demo seed→key after entering the extended session', async () => {
		const ok = await cli('uds', '--port', port, '--session', '3', 'security-level', '1');
		expect(ok).toMatchObject({ code: 0, out: 'Security level 01 unlocked\n' });
		const refused = await cli('uds', '--port', port, 'security-level', '1');
		expect(refused.code).toBe(1);
		expect(refused.err).toBe(
			'cartech: the ECU refused securityAccess (0x27): serviceNotSupportedInActiveSession (0x7F)\n'
		);
	});

	it('exits 1 with a clear message when no ECU answers on the given ids', async () => {
		const { code, err } = await cli('uds', '--port', port, '--tx', '7E1', 'read-did', 'F190');
		expect(code).toBe(1);
		expect(err).toMatch(
			/^cartech: no answer from the ECU to readDataByIdentifier \(0x22\) within 1000 ms \(are --tx\/--rx right/
		);
	});

	it('says CAN ERROR on a car whose diagnostics are on the K-line', async () => {
		const kLine = `tcp://127.0.0.1:${kLineServer.port}`;
		const { code, err } = await cli('uds', '--port', kLine, 'read-did', 'F190');
		expect(code).toBe(1);
		expect(err).toMatch(/^cartech: CAN ERROR: /);
	});

	it('exits 1 when nothing listens on the port', async () => {
		const free = await closedPort();
		const { code, err } = await cli('uds', '--port', `tcp://127.0.0.1:${free}`, 'read-did', 'F190');
		expect(code).toBe(1);
		expect(err).toMatch(/^cartech: connection refused by 127\.0\.0\.1:\d+: nothing is listening/);
	});

	it.each([
		[['uds', '--port', 'tcp://127.0.0.1:1', 'read-did'], 'uds read-did takes a DID, e.g. F190'],
		[['uds', '--port', 'tcp://127.0.0.1:1', 'read-did', 'XYZ'], 'DID must be hex 1–FFFF'],
		[['uds', '--port', 'tcp://127.0.0.1:1', 'security-level', '2'], 'the odd requestSeed level'],
		[['uds', '--port', 'tcp://127.0.0.1:1', '--tx', 'G', 'session', '1'], '--tx must be an 11-bit'],
		[
			['uds', '--port', 'tcp://127.0.0.1:1', '--protocol', '3', 'session', '1'],
			'a CAN protocol digit'
		],
		[['uds', '--port', 'tcp://127.0.0.1:1', 'flash'], 'unknown uds command "flash"']
	])('rejects %j with the usage and exit code 2', async (argv, message) => {
		const { code, err } = await cli(...argv);
		expect(code).toBe(2);
		expect(err).toContain(message);
		expect(err).toContain('Usage: cartech uds');
	});
});
