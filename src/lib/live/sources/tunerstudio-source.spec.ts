import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedVehicle, SpeeduinoEmulator, msqPageImages, readMsq } from '../../hardware';
import { parseIni } from '../../tune/ini';
import { MemoryOutboxStore } from '../../logs/upload-queue';
import { LiveSession } from '../live-session';
import { serialSource } from './device-sources';

const iniText = readFileSync(path.resolve('../shared/data/speeduino/speeduino.ini'), 'latin1');
const msq = readMsq(
	readFileSync(path.resolve('../shared/data/speeduino/Speeduino base tune.msq'), 'latin1')
);
const dbcText = readFileSync(
	new URL('../../hardware/emulators/vehicle/simulated-car.dbc', import.meta.url),
	'latin1'
);

let session: LiveSession | undefined;
afterEach(async () => {
	await session?.disconnect();
	session = undefined;
});

describe('a Speeduino as a live source', () => {
	it('streams output channels in °C under CarTech’s names, with computed channels (lambda) evaluated', async () => {
		const clock = () => performance.now() * 1000;
		const vehicle = new SimulatedVehicle({ scenario: 'idle', startUs: clock() });
		const definition = parseIni(iniText, { settings: msq.settings });
		const port = new SpeeduinoEmulator({
			definition,
			vehicle,
			clock,
			pages: msqPageImages(msq, definition).pages
		});
		session = new LiveSession({
			dbcText,
			outbox: new MemoryOutboxStore(),
			fetch: (async () => new Response('{}')) as unknown as typeof fetch,
			onStatus: () => {}
		});
		const status = await session.connect(serialSource('tunerstudio', port, { iniText }));
		const names = status.channels!.map((c) => c.name);
		expect(names).toEqual(expect.arrayContaining(['EngineSpeed', 'CoolantTemp', 'Lambda']));
		expect(status.expectedRate?.hz).toBeGreaterThan(20);
		await expect
			.poll(() => session!.snapshot(1000, 10).latest.CoolantTemp, { timeout: 3000 })
			.toBeDefined();
		const latest = session.snapshot(1000, 10).latest;
		expect(Math.abs(latest.CoolantTemp - vehicle.state.coolantC)).toBeLessThan(1.5);
		expect(latest.Lambda).toBeGreaterThan(0.7);
		expect(latest.Lambda).toBeLessThan(1.3);
		expect(latest.EngineSpeed).toBeGreaterThan(600);
	});

	it('refuses without the ECU’s .ini, saying what to load', () => {
		const vehicle = new SimulatedVehicle({ scenario: 'idle' });
		const port = new SpeeduinoEmulator({ definition: parseIni(iniText), vehicle });
		expect(() => serialSource('tunerstudio', port, {})).toThrow(/definition \(\.ini\)/);
	});
});
