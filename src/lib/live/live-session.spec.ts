import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DbcParseError, GsUsbAdapter, GsUsbEmulator, type CanBusSource } from '../hardware';
import { decodeChunk } from '../logs/chunk-format';
import { MemoryOutboxStore } from '../logs/upload-queue';
import { turboPetrolProfile } from '../safety';
import { CanSource } from './sources/can-source';
import type { LiveSource, SourceSink } from './sources/live-source';
import { LiveSession, type LinkStatus } from './live-session';

const dbcText = readFileSync(
	new URL('../hardware/emulators/vehicle/simulated-car.dbc', import.meta.url),
	'latin1'
);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rig() {
	const statuses: LinkStatus[] = [];
	const requests: { url: string; method: string; body: unknown }[] = [];
	const fetch = (async (url: string, init: RequestInit) => {
		requests.push({ url, method: init.method!, body: init.body });
		return new Response('{}', { status: 201 });
	}) as unknown as typeof globalThis.fetch;
	const session = new LiveSession({
		dbcText,
		profile: turboPetrolProfile,
		outbox: new MemoryOutboxStore(),
		fetch,
		onStatus: (s) => statuses.push(s)
	});
	return { session, statuses, requests };
}

let current: LiveSession | undefined;
afterEach(async () => {
	await current?.disconnect();
	current = undefined;
});

describe('LiveSession', () => {
	it('connects to the simulated car and shows live, decoded values', async () => {
		const { session, statuses } = rig();
		current = session;
		await session.connectSimulated('idle');
		await sleep(400);
		const snap = session.snapshot(1000, 100);
		expect(statuses.map((s) => s.state)).toEqual(['connecting', 'connected']);
		expect(snap.trusted).toBe(true);
		expect(snap.latest.EngineSpeed).toBeGreaterThan(700);
		expect(snap.latest.EngineSpeed).toBeLessThan(1000);
		const rpm = snap.channels.find((c) => c.name === 'EngineSpeed')!;
		expect(rpm.t.length).toBeGreaterThan(10);
		expect(rpm.t.length).toBeLessThanOrEqual(200);
	});

	it('goes to "disconnected" as soon as the adapter is pulled, and stops trusting the data', async () => {
		const { session, statuses } = rig();
		current = session;
		await session.connectSimulated('idle');
		await sleep(100);
		const pulledAt = performance.now();
		session.unplugSimulated();
		await sleep(0);
		const disconnected = statuses.find((s) => s.state === 'disconnected');
		expect(disconnected).toBeDefined();
		expect(disconnected!.atMs - pulledAt).toBeLessThan(250);
		expect(session.snapshot(1000, 10)).toMatchObject({ trusted: false, alarms: [] });
	});

	it('reports "no data" when a connected adapter stops delivering frames', async () => {
		const { session, statuses } = rig();
		current = session;
		const silent: CanBusSource = { poll: () => [], transmit: () => {} };
		await session.connect(
			new CanSource({
				adapter: new GsUsbAdapter({ device: new GsUsbEmulator({ bus: silent }) }),
				name: 'silent bus',
				open: { listenOnly: true }
			})
		);
		await sleep(400);
		expect(statuses.at(-1)).toMatchObject({ state: 'no-data' });
		expect(session.snapshot(1000, 10).trusted).toBe(false);
	});

	it('records into the outbox: the log first, then numbered chunks holding every sample', async () => {
		const { session, requests } = rig();
		current = session;
		await session.connectSimulated('idle');
		await sleep(100);
		const logId = '4d2b6f3e-0000-4000-8000-000000000001';
		await session.startRecording({ logId, name: 'idle check' });
		await sleep(1300);
		const done = await session.stopRecording();
		await session.flushUploads();
		expect(requests[0]).toMatchObject({ url: `/api/logs/${logId}`, method: 'PUT' });
		const chunks = requests.slice(1).map((r) => {
			expect(r.url).toMatch(new RegExp(`^/api/logs/${logId}/chunks/\\d+$`));
			return decodeChunk(new Uint8Array(r.body as ArrayBuffer));
		});
		expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
		const uploaded = chunks.reduce(
			(n, c) => n + c.channels.reduce((m, ch) => m + ch.values.length, 0),
			0
		);
		expect(uploaded).toBe(done!.samples);
		expect(uploaded).toBeGreaterThan(6000);
		expect((await session.uploadStatus()).pending).toBe(0);
	});

	it.each(['slcan', 'panda', 'openport'] as const)(
		'decodes the same car through the %s emulator and driver',
		async (via) => {
			const { session } = rig();
			current = session;
			await session.connectSimulated('idle', via);
			await sleep(300);
			const snap = session.snapshot(1000, 100);
			expect(snap.link.adapter).toMatchObject({
				kind: via === 'openport' ? 'openport2' : via,
				simulated: true
			});
			expect(snap.latest.EngineSpeed).toBeGreaterThan(700);
		}
	);

	it('polls OBD-II PIDs through the ELM327 emulator and driver, and says what rate to expect', async () => {
		const { session } = rig();
		current = session;
		const status = await session.connectSimulated('idle', 'elm327');
		expect(status.channels?.map((c) => c.name)).toEqual(
			expect.arrayContaining(['EngineSpeed', 'VehicleSpeed', 'CoolantTemp', 'ManifoldPressure'])
		);
		expect(status.expectedRate?.hz).toBeGreaterThan(1);
		expect(status.expectedRate?.why).toMatch(/request.* per round/);
		await expect
			.poll(() => session.snapshot(1000, 10).latest.EngineSpeed, { timeout: 3000 })
			.toBeGreaterThan(600);
	});

	it('a critical verdict sends the profile’s protective command through the source, in the same task', async () => {
		const sent: string[] = [];
		let sink!: SourceSink;
		const source: LiveSource = {
			kind: 'test',
			name: 'boost rig',
			open: async (s) => {
				sink = s;
				return {
					channels: ['BoostPressure', 'BoostTarget', 'FuelCutActive'].map((name) => ({
						name,
						unit: ''
					}))
				};
			},
			sendProtective: async (command) => {
				sent.push(command);
			},
			close: async () => {}
		};
		const { session } = rig();
		current = session;
		await session.connect(source);
		for (let i = 0; i < 100; i++) {
			const tUs = 1_000_000 + i * 10_000;
			sink.round(tUs, [0, 1, 2], [i < 20 ? 100 : 260, 100, 0]);
			if (sent.length) break;
		}
		expect(sent).toEqual(['boost-cut']);
		await sleep(0);
		const snap = session.snapshot(1000, 10);
		expect(snap.alarms[0]).toMatchObject({ ruleId: 'boost', level: 'critical' });
		expect(snap.actions).toContainEqual(
			expect.objectContaining({
				ruleId: 'boost',
				outcome: 'done',
				action: { kind: 'protective-command', command: 'boost-cut' }
			})
		);
	});

	it('a listen-only connection says plainly that the protective command was not sent', async () => {
		const { session } = rig();
		current = session;
		const quiet: CanBusSource = { poll: () => [], transmit: () => {} };
		const source = new CanSource({
			adapter: new GsUsbAdapter({ device: new GsUsbEmulator({ bus: quiet }) }),
			name: 'sniffer',
			open: { listenOnly: true },
			protectiveFrames: {}
		});
		await expect(source.sendProtective('boost-cut')).rejects.toThrow(/listen-only/);
		await session.disconnect();
	});

	it('refuses a malformed DBC with its line number and keeps decoding with the old one', () => {
		const { session } = rig();
		const before = session.channels.length;
		const broken = 'VERSION ""\nBO_ 100 Broken 8 ECU\n SG_ X : 0|8@1+ (1,0) [0|1] "" ECU\n';
		let error: unknown;
		try {
			session.setDbc(broken);
		} catch (err) {
			error = err;
		}
		expect(error).toBeInstanceOf(DbcParseError);
		expect((error as DbcParseError).line).toBe(2);
		expect(session.channels).toHaveLength(before);
	});
});
