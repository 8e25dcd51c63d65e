import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElm327Server, type Elm327Server } from './elm327-server';
import { FAST_KLINE, cli } from './cli-test-server.test-helper';

const servers: Elm327Server[] = [];
let iso9141: string;
let kwpFast: string;
let canCar: string;

beforeAll(async () => {
	const start = async (bus: 'can' | 'iso9141' | 'kwp-fast') => {
		const server = await startElm327Server({ port: 0, resetMs: 5, bus, kLineTiming: FAST_KLINE });
		servers.push(server);
		return `tcp://127.0.0.1:${server.port}`;
	};
	[iso9141, kwpFast, canCar] = await Promise.all([
		start('iso9141'),
		start('kwp-fast'),
		start('can')
	]);
});

afterAll(() => Promise.all(servers.map((s) => s.close())));

describe('cartech obd on a K-line car', () => {
	it('finds ISO 9141-2 by the automatic search and prints the VIN assembled from five messages', async () => {
		const { code, out } = await cli('obd', '--port', iso9141, 'vin');
		expect(code).toBe(0);
		expect(out).toBe('WCTZZZ000RS000042\n');
	});

	it('reports the protocol found and the ECU by its K-line address', async () => {
		const { code, out } = await cli('obd', '--port', iso9141, 'info');
		expect(code).toBe(0);
		expect(out).toMatch(/^Protocol: +AUTO, ISO 9141-2$/m);
		expect(out).toMatch(/^ECUs: +10$/m);
		expect(out).toMatch(/^VIN: +WCTZZZ000RS000042$/m);
	});

	it('lists the stored DTCs from the three-per-message K-line answers', async () => {
		const { code, out } = await cli('obd', '--port', iso9141, '--protocol', '3', 'dtc');
		expect(code).toBe(0);
		expect(out).toContain('P0133');
		expect(out).toContain('P0420  Catalyst system efficiency below threshold (bank 1)  [10]');
	});

	it('watches two PIDs over KWP with one request per PID', async () => {
		const { code, out, err } = await cli(
			'obd',
			'--port',
			kwpFast,
			'--protocol',
			'5',
			'watch',
			'0C',
			'0D',
			'--count',
			'2'
		);
		expect(code).toBe(0);
		expect(out.trim().split('\n')).toHaveLength(2);
		expect(out).toMatch(/Engine speed [\d.]+ rpm {2}Vehicle speed \d+ km\/h/);
		expect(err).toMatch(/^2 samples in [\d.]+ s \([\d.]+ Hz, 2 requests per sample\)$/m);
	});

	it('says the K-line did not initialise when the car is on CAN', async () => {
		const { code, err } = await cli('obd', '--port', canCar, '--protocol', '3', 'vin');
		expect(code).toBe(1);
		expect(err).toBe(
			'cartech: BUS INIT: ...ERROR: the K-line/J1850 bus did not initialise: is the ignition on?\n'
		);
	});

	it('says CAN ERROR when a CAN protocol is forced on a K-line car', async () => {
		const { code, err } = await cli('obd', '--port', kwpFast, '--protocol', '6', 'vin');
		expect(code).toBe(1);
		expect(err).toMatch(/^cartech: CAN ERROR: the adapter cannot talk on the CAN bus/);
	});
});
