import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DbcParseError, GsUsbEmulator, type CanBusSource } from '../hardware';
import { decodeChunk } from '../logs/chunk-format';
import { MemoryOutboxStore } from '../logs/upload-queue';
import { defaultBounds } from '../safety/profiles';
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
		rules: defaultBounds,
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
		await session.connect({ source: 'simulated', scenario: 'idle' });
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
		await session.connect({ source: 'simulated', scenario: 'idle' });
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
		await session.connect({ source: 'webusb', device: new GsUsbEmulator({ bus: silent }) });
		await sleep(400);
		expect(statuses.at(-1)).toMatchObject({ state: 'no-data' });
		expect(session.snapshot(1000, 10).trusted).toBe(false);
	});

	it('records into the outbox: the log first, then numbered chunks holding every sample', async () => {
		const { session, requests } = rig();
		current = session;
		await session.connect({ source: 'simulated', scenario: 'idle' });
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
