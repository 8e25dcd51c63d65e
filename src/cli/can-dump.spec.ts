import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Elm327Emulator } from '../lib/hardware/emulators/elm327-device';
import { SlcanEmulator } from '../lib/hardware/emulators/slcan-device';
import { SimulatedVehicle } from '../lib/hardware/emulators/vehicle/simulated-vehicle';
import type { SlcanDialect } from '../lib/hardware/protocol/slcan/dialect';
import { parseCandumpText } from '../lib/logs/candump';
import { cli } from './cli-test-server.test-helper';
import { startEmulatorServer, type EmulatorServer } from './emulator-server';
import { runCli } from './run';
import { captureIo } from './test-io.test-helper';

const DBC = path.resolve('src/lib/hardware/emulators/vehicle/simulated-car.dbc');
/** The simulated car's broadcast ids (simulated-car.dbc). */
const CAR_IDS = [0x360, 0x361, 0x362, 0x363, 0x364, 0x365, 0x366];

const servers: EmulatorServer[] = [];
/** Every device the servers made, newest last, to check what the CLI sent it. */
const slcanDevices: SlcanEmulator[] = [];
const elmDevices: Elm327Emulator[] = [];
const ports: Record<SlcanDialect | 'elm327', string> = { lawicel: '', canable: '', elm327: '' };

beforeAll(async () => {
	const serve = async (createDevice: (clock: () => number) => SlcanEmulator | Elm327Emulator) => {
		const server = await startEmulatorServer({ port: 0, baudRate: 115200, createDevice });
		servers.push(server);
		return `tcp://127.0.0.1:${server.port}`;
	};
	const car = (clock: () => number) => new SimulatedVehicle({ scenario: 'idle', startUs: clock() });
	for (const dialect of ['lawicel', 'canable'] as const) {
		ports[dialect] = await serve((clock) => {
			const device = new SlcanEmulator({ bus: car(clock), dialect, clock });
			slcanDevices.push(device);
			return device;
		});
	}
	ports.elm327 = await serve((clock) => {
		const device = new Elm327Emulator({ bus: car(clock), clock, baudRate: 115200, resetMs: 5 });
		elmDevices.push(device);
		return device;
	});
});

afterAll(() => Promise.all(servers.map((s) => s.close())));

describe('cartech can dump', () => {
	it('prints candump -l lines from an SLCAN adapter that parse back, then closes the channel', async () => {
		const { code, out, err } = await cli(
			'can',
			'dump',
			'--adapter',
			'slcan',
			'--port',
			ports.lawicel,
			'--count',
			'50'
		);
		expect(code).toBe(0);
		const lines = out.trim().split('\n');
		expect(lines).toHaveLength(50);
		for (const line of lines) {
			expect(line).toMatch(/^\(\d{10}\.\d{6}\) can0 36[0-6]#(?:[0-9A-F]{2}){1,8}$/);
		}
		const frames = [...parseCandumpText(out)];
		expect(frames).toHaveLength(50);
		for (const f of frames) expect(CAR_IDS).toContain(f.id);
		const times = frames.map((f) => f.timestampUs);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(Math.abs(times[0] / 1000 - Date.now())).toBeLessThan(5000);
		expect(err).toMatch(/^50 frames in [\d.]+ s \([\d.]+ frames\/s\)\n$/);
		const sent = slcanDevices.at(-1)!.log.map((e) => e.host);
		expect(sent.slice(0, 4)).toEqual(['C\r', 'S6\r', 'Z1\r', 'L\r']);
		expect(sent.at(-1)).toBe('C\r');
	});

	it('writes a log that cartech decode reads with the car’s DBC', async () => {
		const { out } = await cli(
			'can',
			'dump',
			'--adapter',
			'slcan',
			'--port',
			ports.lawicel,
			'--count',
			'40'
		);
		const log = path.join(mkdtempSync(path.join(tmpdir(), 'cartech-dump-')), 'car.log');
		writeFileSync(log, out);
		const decoded = await cli('decode', '--dbc', DBC, '--log', log);
		expect(decoded.code).toBe(0);
		expect(decoded.err).toBe('40 of 40 frames decoded\n');
		const rows = decoded.out
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l));
		expect(rows[0]).toMatchObject({
			id: expect.stringMatching(/^36[0-6]$/),
			signals: expect.any(Object)
		});
	});

	it('filters ids, in JSON Lines, on a CANable in normal (acknowledging) mode', async () => {
		const { code, out, err } = await cli(
			'can',
			'dump',
			'--adapter',
			'slcan',
			'--dialect',
			'canable',
			'--ack',
			'--port',
			ports.canable,
			'--filter',
			'361',
			'--filter',
			'362:7FF',
			'--format',
			'jsonl',
			'--count',
			'10'
		);
		expect(code).toBe(0);
		const rows = out
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l));
		expect(rows).toHaveLength(10);
		for (const r of rows) {
			expect(['361', '362']).toContain(r.id);
			expect(r).toMatchObject({ iface: 'can0', extended: false, rtr: false, fd: false });
			expect(r.data).toMatch(/^(?:[0-9A-F]{2}){1,8}$/);
			expect(typeof r.t).toBe('number');
		}
		expect(err).toMatch(/filtered out\)\n$/);
		expect(
			slcanDevices
				.at(-1)!
				.log.map((e) => e.host)
				.slice(0, 4)
		).toEqual(['C\r', 'S6\r', 'M0\r', 'O\r']);
	});

	it('monitors through an ELM327 with its hardware filter and leaves monitor mode cleanly', async () => {
		const { code, out } = await cli(
			'can',
			'dump',
			'--adapter',
			'elm327',
			'--port',
			ports.elm327,
			'--filter',
			'364',
			'--seconds',
			'0.3'
		);
		expect(code).toBe(0);
		const frames = [...parseCandumpText(out)];
		expect(frames.length).toBeGreaterThan(0);
		for (const f of frames) expect(f.id).toBe(0x364);
		const sent = elmDevices.at(-1)!.hostWrites;
		expect(sent).toEqual(
			expect.arrayContaining([
				'ATSP6\r',
				'ATCF364\r',
				'ATCM7FF\r',
				'ATCAF0\r',
				'ATMA\r',
				' ',
				'ATCAF1\r'
			])
		);
		expect(sent.indexOf(' ')).toBeGreaterThan(sent.indexOf('ATMA\r'));
	});

	it('ends with BUFFER FULL and exit 1 when an unfiltered bus outruns the ELM327’s UART', async () => {
		const { code, out, err } = await cli(
			'can',
			'dump',
			'--adapter',
			'elm327',
			'--port',
			ports.elm327
		);
		expect(code).toBe(1);
		expect(err).toBe(
			'cartech: BUFFER FULL: the adapter dropped data: raise the baud rate or filter\n'
		);
		expect([...parseCandumpText(out)].length).toBeGreaterThan(0);
	});

	it('stops on Ctrl-C, flushes what it has and exits 0', async () => {
		const controller = new AbortController();
		const { io, text } = captureIo(controller.signal);
		const run = runCli(['can', 'dump', '--adapter', 'slcan', '--port', ports.lawicel], io);
		setTimeout(() => controller.abort(), 300);
		expect(await run).toBe(0);
		expect([...parseCandumpText(text.out)].length).toBeGreaterThan(10);
		expect(slcanDevices.at(-1)!.log.at(-1)!.host).toBe('C\r');
	});

	it('exits 1 naming a serial device that does not exist', async () => {
		const { code, err } = await cli(
			'can',
			'dump',
			'--adapter',
			'slcan',
			'--port',
			'/dev/cartech-none'
		);
		expect(code).toBe(1);
		expect(err).toBe(
			'cartech: no serial device at /dev/cartech-none (is the adapter plugged in?)\n'
		);
	});

	it.each([
		[['can', 'dump', '--port', 'x'], '--adapter is required'],
		[['can', 'sniff'], 'unknown can command "sniff"'],
		[['can', 'dump', '--adapter', 'gs_usb', '--port', 'x'], '--adapter must be slcan or elm327'],
		[
			['can', 'dump', '--adapter', 'elm327', '--port', 'x', '--bitrate', '125000'],
			'an ELM327 monitors ISO 15765-4 buses at 500000 or 250000'
		],
		[
			['can', 'dump', '--adapter', 'slcan', '--port', 'x', '--filter', '7E8:FFFF'],
			'the mask must be hex'
		],
		[['can', 'dump', '--adapter', 'slcan', '--port', 'x', '--dialect', 'ufo'], '--dialect must be'],
		[['can', 'dump', '--adapter', 'slcan', '--port', 'x', '--format', 'pcap'], '--format must be']
	])('rejects %j with the usage and exit code 2', async (argv, message) => {
		const { code, err } = await cli(...argv);
		expect(code).toBe(2);
		expect(err).toContain(message);
		expect(err).toContain('Usage: cartech can dump');
	});
});
