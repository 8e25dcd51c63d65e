import { describe, expect, it } from 'vitest';
import { ScriptedBus } from '../emulators/scripted-bus.test-helper';
import { RecordingSink } from './recording-sink.test-helper';
import { SlcanAdapter, type SlcanAdapterOptions, type SlcanWarning } from './slcan';
import { SlcanEmulator, type SlcanEmulatorOptions } from '../emulators/slcan-device';
import type { CanBusSource } from '../emulators/can-bus-source';
import { SimulatedVehicle } from '../emulators/vehicle/simulated-vehicle';
import { canFrame, type CanFrame } from '../protocol/can-frame';
import type { SlcanDialect } from '../protocol/slcan/dialect';
import { openSerial, type ByteStream } from '../transport/serial';
import {
	AdapterDisconnectedError,
	AdapterRejectedError,
	AdapterTimeoutError
} from '../errors';

const settle = async () => {
	for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

async function rig(
	dialect: SlcanDialect,
	options: Partial<SlcanEmulatorOptions> &
		Partial<Omit<SlcanAdapterOptions, 'stream' | 'dialect'>> = {},
	bus: CanBusSource = new ScriptedBus()
) {
	const clock = { now: 1_000_000 };
	const { timestamps, commandTimeoutMs, statusPollMs, ...emulatorOptions } = options;
	const device = new SlcanEmulator({
		bus,
		dialect,
		clock: () => clock.now,
		autoPump: false,
		...emulatorOptions
	});
	const stream = await openSerial(device, { baudRate: 115200 });
	const warnings: SlcanWarning[] = [];
	const adapter = new SlcanAdapter({
		stream,
		dialect,
		clock: () => clock.now,
		timestamps,
		commandTimeoutMs: commandTimeoutMs ?? 200,
		statusPollMs: statusPollMs ?? 0,
		onWarning: (w) => warnings.push(w)
	});
	const sink = new RecordingSink();
	return { bus, clock, device, adapter, sink, warnings };
}

/** A serial device that answers each command line from a script (undefined = no answer). */
function scriptedStream(answer: (line: string) => string | undefined) {
	let controller!: ReadableStreamDefaultController<Uint8Array>;
	const readable = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
	let line = '';
	const writable = new WritableStream<Uint8Array>({
		write(chunk) {
			for (const b of chunk) {
				if (b !== 13) {
					line += String.fromCharCode(b);
					continue;
				}
				const reply = answer(line);
				line = '';
				if (reply !== undefined) controller.enqueue(Uint8Array.from(reply, (c) => c.charCodeAt(0)));
			}
		}
	});
	const stream: ByteStream = { readable, writable };
	return { stream, end: () => controller.close() };
}

describe('SlcanAdapter open', () => {
	it('brings a Lawicel device up with C, S6, Z1, O, ignoring the BEL to C on a closed channel', async () => {
		const { adapter, device, sink } = await rig('lawicel');
		await adapter.open({}, sink);
		expect(device.log).toEqual([
			{ host: 'C\r', device: '\x07' },
			{ host: 'S6\r', device: '\r' },
			{ host: 'Z1\r', device: '\r' },
			{ host: 'O\r', device: '\r' }
		]);
	});

	it('opens Lawicel listen-only with L and without timestamps when asked', async () => {
		const { adapter, device, sink } = await rig('lawicel', { timestamps: false });
		await adapter.open({ listenOnly: true, bitrate: 250_000 }, sink);
		expect(device.log.map((e) => e.host)).toEqual(['C\r', 'S5\r', 'Z0\r', 'L\r']);
		expect(device.firmware).toMatchObject({ open: true, listenOnly: true, timestamps: false });
	});

	it('brings a canable-fw device up with C, S6, M0, O and no Z command', async () => {
		const { adapter, device, sink } = await rig('canable');
		await adapter.open({}, sink);
		expect(device.log).toEqual([
			{ host: 'C\r', device: '\r' },
			{ host: 'S6\r', device: '\r' },
			{ host: 'M0\r', device: '\r' },
			{ host: 'O\r', device: '\r' }
		]);
	});

	it('opens canable-fw listen-only through silent mode M1, since it has no L', async () => {
		const { adapter, device, sink } = await rig('canable');
		await adapter.open({ listenOnly: true }, sink);
		expect(device.log.map((e) => e.host)).toEqual(['C\r', 'S6\r', 'M1\r', 'O\r']);
		expect(device.firmware.listenOnly).toBe(true);
	});

	it('sends S7 for 800k on Lawicel and for 750k on canable-fw', async () => {
		const l = await rig('lawicel');
		await l.adapter.open({ bitrate: 800_000 }, l.sink);
		expect(l.device.firmware.bitrate).toBe(800_000);
		const c = await rig('canable');
		await c.adapter.open({ bitrate: 750_000 }, c.sink);
		expect(c.device.firmware.bitrate).toBe(750_000);
		expect(c.device.log[1]).toEqual({ host: 'S7\r', device: '\r' });
	});

	it('rejects a bit rate the dialect cannot do before writing anything', async () => {
		const l = await rig('lawicel');
		await expect(l.adapter.open({ bitrate: 750_000 }, l.sink)).rejects.toThrow(
			AdapterRejectedError
		);
		expect(l.device.log).toEqual([]);
		const c = await rig('canable');
		await expect(c.adapter.open({ bitrate: 800_000 }, c.sink)).rejects.toThrow(
			/cannot run at 800000/
		);
		await expect(c.adapter.open({ bitrate: 83_333 }, c.sink)).rejects.toThrow(AdapterRejectedError);
	});

	it('turns a BEL reply into AdapterRejectedError naming the command (Z1 on canable-fw)', async () => {
		const { adapter, device, sink } = await rig('canable', { timestamps: true });
		const err = await adapter.open({}, sink).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(AdapterRejectedError);
		expect((err as Error).message).toContain('"Z1"');
		expect(device.log.at(-1)).toEqual({ host: 'Z1\r', device: '\x07' });
		expect(sink.closes).toEqual([]);
	});

	it('times out a device that never answers with AdapterTimeoutError', async () => {
		const { stream } = scriptedStream(() => undefined);
		const adapter = new SlcanAdapter({ stream, dialect: 'lawicel', commandTimeoutMs: 20 });
		await expect(adapter.open({}, new RecordingSink())).rejects.toThrow(AdapterTimeoutError);
	});

	it('rejects a second channel', async () => {
		const { adapter, sink } = await rig('lawicel');
		await expect(adapter.open({ channel: 1 }, sink)).rejects.toThrow(AdapterRejectedError);
	});
});

describe('SlcanAdapter receive', () => {
	it('delivers Lawicel frames with Z1 stamps unwrapped past the 60 s rollover', async () => {
		const { adapter, bus, device, sink, clock } = await rig('lawicel');
		await adapter.open({}, sink);
		(bus as ScriptedBus).add(
			canFrame({ id: 0x100, data: Uint8Array.of(1), timestampUs: 59_998_000 }),
			canFrame({
				id: 0x1abcdef,
				extended: true,
				data: Uint8Array.of(2, 3),
				timestampUs: 60_001_000
			}),
			canFrame({ id: 0x7e8, rtr: true, data: new Uint8Array(3), timestampUs: 60_002_000 })
		);
		clock.now = 60_003_000;
		device.pump();
		await settle();
		expect(sink.frames.map((f) => [f.id, f.extended, f.rtr, f.data.length, f.timestampUs])).toEqual(
			[
				[0x100, false, false, 1, 59_998_000],
				[0x1abcdef, true, false, 2, 60_001_000],
				[0x7e8, false, true, 3, 60_002_000]
			]
		);
	});

	it('stamps frames with the host clock when the device sends no timestamps', async () => {
		const { adapter, bus, device, sink, clock } = await rig('canable');
		await adapter.open({}, sink);
		(bus as ScriptedBus).add(canFrame({ id: 0x123, data: Uint8Array.of(9), timestampUs: 5 }));
		clock.now = 7_777_777;
		device.pump();
		await settle();
		expect(sink.frames).toHaveLength(1);
		expect(sink.frames[0].timestampUs).toBe(7_777_777);
	});

	it('skips and counts malformed lines without stopping the stream', async () => {
		const { adapter, device, sink, warnings } = await rig('lawicel');
		await adapter.open({}, sink);
		device.injectToHost('t12\rhello\rt1231FF\rt1239\r\x07t4560\r');
		await settle();
		expect(sink.frames.map((f) => f.id)).toEqual([0x123, 0x456]);
		expect(adapter.stats.garbageLines).toBe(4);
		expect(warnings.map((w) => (w.kind === 'garbage' ? w.line : w.kind))).toEqual([
			't12',
			'hello',
			't1239',
			'\x07'
		]);
		expect(sink.closes).toEqual([]);
	});

	it('reassembles lines cut across serial chunks', async () => {
		const bus = new ScriptedBus();
		const { adapter, device, sink } = await rig('lawicel', { packetSize: 5 }, bus);
		await adapter.open({}, sink);
		const sent = Array.from({ length: 50 }, (_, i) =>
			canFrame({
				id: i,
				data: Uint8Array.from({ length: i % 9 }, (_, j) => i + j),
				timestampUs: 1000 * i
			})
		);
		bus.add(...sent);
		device.pump(60_000);
		await settle();
		expect(sink.frames.map((f) => [f.id, [...f.data]])).toEqual(
			sent.map((f) => [f.id, [...f.data]])
		);
		expect(adapter.stats.garbageLines).toBe(0);
	});

	it('reports Lawicel status flags as a bus state change', async () => {
		const { adapter, device, sink, warnings } = await rig('lawicel');
		await adapter.open({}, sink);
		await adapter.pollStatus();
		device.setStatusFlags(0x24 | 0x08);
		const status = await adapter.pollStatus();
		expect(status).toMatchObject({ errorPassive: true, errorWarning: true, dataOverrun: true });
		await adapter.pollStatus();
		expect(sink.states.map((s) => s.state)).toEqual(['active', 'passive', 'active']);
		expect(warnings).toContainEqual({ kind: 'data-overrun' });
	});

	it('polls F on a timer when statusPollMs is set', async () => {
		const { adapter, device, sink } = await rig('lawicel', { statusPollMs: 5 });
		await adapter.open({}, sink);
		device.setStatusFlags(0x04);
		await new Promise((resolve) => setTimeout(resolve, 40));
		expect(sink.states.map((s) => s.state)).toContain('warning');
		await adapter.close();
	});

	it('refuses status polling on canable-fw, which has no F', async () => {
		const { adapter, sink } = await rig('canable');
		await adapter.open({}, sink);
		await expect(adapter.pollStatus()).rejects.toThrow(AdapterRejectedError);
	});

	it('reads version and serial number', async () => {
		const l = await rig('lawicel');
		expect(await l.adapter.version()).toBe('1013');
		expect(await l.adapter.serialNumber()).toBe('A123');
		const c = await rig('canable', {
			gitVersion: 'b1d2e3f git@github.com:normaldotcom/canable-fw.git'
		});
		await c.adapter.open({}, c.sink);
		expect(await c.adapter.version()).toBe('b1d2e3f git@github.com:normaldotcom/canable-fw.git');
		expect(c.adapter.stats.garbageLines).toBe(0);
	});
});

describe('SlcanAdapter send', () => {
	it('writes t/T lines and resolves on the Lawicel z/Z ack', async () => {
		const bus = new ScriptedBus();
		const { adapter, device, sink } = await rig('lawicel', {}, bus);
		await adapter.open({}, sink);
		await adapter.send(canFrame({ id: 0x7df, data: Uint8Array.of(2, 1, 0x0c) }));
		await adapter.send(canFrame({ id: 0x18db33f1, data: Uint8Array.of(2, 0x10, 3) }));
		expect(device.log.slice(4)).toEqual([
			{ host: 't7DF302010C\r', device: 'z\r' },
			{ host: 'T18DB33F13021003\r', device: 'Z\r' }
		]);
		expect(bus.transmitted.map((f) => f.id)).toEqual([0x7df, 0x18db33f1]);
		expect(adapter.stats.txFrames).toBe(2);
	});

	it('resolves on the bare CR canable-fw sends', async () => {
		const bus = new ScriptedBus();
		const { adapter, device, sink } = await rig('canable', {}, bus);
		await adapter.open({}, sink);
		await adapter.send(canFrame({ id: 0x123, rtr: true, data: new Uint8Array(8) }));
		expect(device.log.at(-1)).toEqual({ host: 'r1238\r', device: '\r' });
		expect(bus.transmitted).toHaveLength(1);
	});

	it('refuses to transmit in listen-only mode without touching the wire', async () => {
		const { adapter, device, sink } = await rig('lawicel');
		await adapter.open({ listenOnly: true }, sink);
		const before = device.log.length;
		await expect(adapter.send(canFrame({ id: 1, data: new Uint8Array(0) }))).rejects.toThrow(
			AdapterRejectedError
		);
		expect(device.log.length).toBe(before);
	});

	it('turns a BEL to a transmission into AdapterRejectedError', async () => {
		const { stream } = scriptedStream((line) =>
			line.startsWith('t') ? '\x07' : line === 'C' ? '\x07' : '\r'
		);
		const adapter = new SlcanAdapter({ stream, dialect: 'lawicel', statusPollMs: 0 });
		await adapter.open({}, new RecordingSink());
		await expect(adapter.send(canFrame({ id: 1, data: new Uint8Array(1) }))).rejects.toThrow(
			AdapterRejectedError
		);
		await adapter.close();
	});

	it('refuses CAN FD frames on these classic dialects', async () => {
		const { adapter, sink } = await rig('canable');
		await adapter.open({}, sink);
		await expect(
			adapter.send(canFrame({ id: 1, fd: true, data: new Uint8Array(12) }))
		).rejects.toThrow(AdapterRejectedError);
	});
});

describe('SlcanAdapter lifecycle', () => {
	it('closes with C, reports closed(null) once, and reopens on the same stream', async () => {
		const { adapter, device, sink } = await rig('lawicel');
		await adapter.open({}, sink);
		await adapter.close();
		await adapter.close();
		expect(device.log.at(-1)).toEqual({ host: 'C\r', device: '\r' });
		expect(sink.closes).toEqual([null]);
		const again = new RecordingSink();
		await adapter.open({ listenOnly: true }, again);
		expect(device.firmware).toMatchObject({ open: true, listenOnly: true });
	});

	it('reports an unplug once as AdapterDisconnectedError and fails the send in flight', async () => {
		const bus = new ScriptedBus();
		const device = new SlcanEmulator({ bus, dialect: 'lawicel', autoPump: false });
		const adapter = new SlcanAdapter({
			stream: await openSerial(device, { baudRate: 115200 }),
			dialect: 'lawicel',
			statusPollMs: 0
		});
		const sink = new RecordingSink();
		await adapter.open({}, sink);
		device.unplug();
		device.unplug();
		await settle();
		expect(sink.closes).toHaveLength(1);
		expect(sink.closes[0]).toBeInstanceOf(AdapterDisconnectedError);
		expect((sink.closes[0]?.cause as DOMException).name).toBe('NetworkError');
		await expect(adapter.send(canFrame({ id: 1, data: new Uint8Array(0) }))).rejects.toThrow(
			AdapterDisconnectedError
		);
		await adapter.close();
		expect(sink.closes).toHaveLength(1);
	});

	it('fails a pending send with AdapterDisconnectedError when the stream ends mid-command', async () => {
		const script = scriptedStream((line) =>
			line.startsWith('t') ? undefined : line === 'C' ? '\x07' : '\r'
		);
		const adapter = new SlcanAdapter({
			stream: script.stream,
			dialect: 'lawicel',
			statusPollMs: 0
		});
		const sink = new RecordingSink();
		await adapter.open({}, sink);
		const sending = adapter.send(canFrame({ id: 1, data: new Uint8Array(0) }));
		await settle();
		script.end();
		await expect(sending).rejects.toThrow(AdapterDisconnectedError);
		expect(sink.closes).toHaveLength(1);
		expect(sink.closes[0]).toBeInstanceOf(AdapterDisconnectedError);
	});
});

describe('SlcanAdapter with the simulated car', () => {
	it.each(['lawicel', 'canable'] as const)(
		'%s: one simulated second of 1 kHz traffic arrives complete and in order',
		async (dialect) => {
			const startUs = 5_000_000;
			const car = new SimulatedVehicle({ scenario: 'idle', startUs });
			const twin = new SimulatedVehicle({ scenario: 'idle', startUs });
			const { adapter, device, sink, clock } = await rig(dialect, {}, car);
			await adapter.open({}, sink);
			const expected: CanFrame[] = [];
			for (let t = startUs + 4000; t <= startUs + 1_000_000; t += 4000) {
				clock.now = t;
				device.pump(t);
				expected.push(...twin.poll(t));
				await settle();
			}
			expect(expected.length).toBeGreaterThanOrEqual(1000);
			expect(sink.frames).toHaveLength(expected.length);
			expect(sink.frames.map((f) => [f.id, [...f.data]])).toEqual(
				expected.map((f) => [f.id, [...f.data]])
			);
			if (dialect === 'lawicel') {
				expect(sink.frames.map((f) => f.timestampUs)).toEqual(
					expected.map((f) => Math.floor(f.timestampUs / 1000) * 1000)
				);
			}
			expect(adapter.stats.garbageLines).toBe(0);
		}
	);
});
