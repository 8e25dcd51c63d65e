import { afterEach, describe, expect, it } from 'vitest';
import { Elm327Adapter } from './elm327';
import type { CanSink } from './can-adapter';
import { Elm327Emulator, type Elm327EmulatorOptions } from '../emulators/elm327-device';
import { SCRIPTED_VIN, ScriptedEcuBus } from '../emulators/elm327-scripted-ecu';
import { canFrame, type CanFrame } from '../protocol/can-frame';
import type { ByteStream } from '../transport/serial';
import { openSerial } from '../transport/serial';
import {
	AdapterDisconnectedError,
	AdapterError,
	AdapterTimeoutError,
	MalformedTransferError
} from '../errors';
import { Elm327StatusError } from '../protocol/elm327';

/** K-line inits in tens of ms instead of seconds, so the automatic search runs through them quickly. */
const FAST_KLINE = { slowInitMs: 30, fastInitMs: 10, p2Ms: 2 };
const ports: Elm327Emulator[] = [];
afterEach(() => {
	for (const p of ports.splice(0)) p.unplug();
});

async function rig(options: Partial<Elm327EmulatorOptions> = {}, adapterOptions = {}) {
	const bus = new ScriptedEcuBus();
	const baudRate = options.baudRate ?? 115200;
	const port = new Elm327Emulator({
		bus,
		resetMs: 5,
		baudRate,
		kLineTiming: FAST_KLINE,
		...options
	});
	ports.push(port);
	const stream = await openSerial(port, { baudRate, bufferSize: 65536 });
	const adapter = new Elm327Adapter({
		stream,
		reopen: async (rate) => {
			await port.close();
			return openSerial(port, { baudRate: rate, bufferSize: 65536 });
		},
		...adapterOptions
	});
	return { bus, port, adapter };
}

/** A device side the test writes by hand, for replies no real firmware would produce. */
function handStream() {
	const written: string[] = [];
	let controller!: ReadableStreamDefaultController<Uint8Array>;
	const stream: ByteStream = {
		readable: new ReadableStream({ start: (c) => void (controller = c) }),
		writable: new WritableStream({ write: (c) => void written.push(String.fromCharCode(...c)) })
	};
	const reply = (text: string) => controller.enqueue(Uint8Array.from(text, (c) => c.charCodeAt(0)));
	return { stream, written, reply, controller };
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

class Sink implements CanSink {
	frames: CanFrame[] = [];
	closes: (AdapterError | null)[] = [];
	frame(f: CanFrame) {
		this.frames.push(f);
	}
	closed(reason: AdapterError | null) {
		this.closes.push(reason);
	}
}

describe('Elm327Adapter', () => {
	it('initializes with ATZ, ATE0, ATL0, ATS0, ATH1, ATSP0 then ATI and STI', async () => {
		const { adapter, port } = await rig();
		const id = await adapter.initialize();
		expect(id).toEqual({ family: 'elm327', elmId: 'ELM327 v1.5', elmVersion: [1, 5], stnId: null });
		expect(port.hostWrites).toEqual([
			'ATZ\r',
			'ATE0\r',
			'ATL0\r',
			'ATS0\r',
			'ATH1\r',
			'ATSP0\r',
			'ATI\r',
			'STI\r'
		]);
	});

	it('identifies an STN1110 by its STI answer', async () => {
		const { adapter } = await rig({ flavour: 'stn1110' });
		const id = await adapter.initialize();
		expect(id.family).toBe('stn');
		expect(id.stnId).toBe('STN1110 v5.0.0');
	});

	it('returns the answer grouped by ECU header, skipping SEARCHING...', async () => {
		const { adapter } = await rig();
		await adapter.initialize();
		const result = await adapter.query(Uint8Array.of(0x01, 0x0c));
		expect(result.kind).toBe('ok');
		if (result.kind !== 'ok') return;
		expect([...result.byHeader.keys()]).toEqual([0x7e8]);
		expect([...result.byHeader.get(0x7e8)![0].data]).toEqual([0x41, 0x0c, 0x1a, 0xf8]);
	});

	it('reports NO DATA as a result, not an exception', async () => {
		const { adapter } = await rig();
		await adapter.initialize({ protocol: '6', responseTimeoutMs: 40 });
		expect(await adapter.query(Uint8Array.of(0x01, 0x05))).toEqual({ kind: 'no-data' });
	});

	it('reassembles a multi-frame VIN with headers on and with headers off', async () => {
		const { adapter } = await rig();
		await adapter.initialize({ protocol: '6' });
		const vin = [0x49, 0x02, 0x01, ...ascii(SCRIPTED_VIN)];
		const withHeaders = await adapter.query(Uint8Array.of(0x09, 0x02), { expectedResponses: 1 });
		expect(withHeaders.kind === 'ok' && [...withHeaders.byHeader.get(0x7e8)![0].data]).toEqual(vin);
		await adapter.command('ATH0');
		const without = await adapter.query(Uint8Array.of(0x09, 0x02), { expectedResponses: 1 });
		expect(without.kind === 'ok' && [...without.responses[0].data]).toEqual(vin);
	});

	it('throws Elm327StatusError for ? and UNABLE TO CONNECT', async () => {
		const { adapter, bus } = await rig();
		await adapter.initialize({ responseTimeoutMs: 20 });
		await expect(adapter.command('ATBOGUS')).rejects.toMatchObject({ status: 'unknown-command' });
		bus.silent = true;
		const err = await adapter.query(Uint8Array.of(0x01, 0x00)).catch((e) => e);
		expect(err).toBeInstanceOf(Elm327StatusError);
		expect(err.status).toBe('unable-to-connect');
	});

	it('rejects a reply cut mid-line before the prompt as malformed', async () => {
		const { stream, reply } = handStream();
		const adapter = new Elm327Adapter({ stream });
		const pending = adapter.query(Uint8Array.of(0x01, 0x0c));
		reply('7E8 06 41 0C 1\r\r>');
		await expect(pending).rejects.toBeInstanceOf(MalformedTransferError);
	});

	it('rejects garbage bytes as malformed and keeps working', async () => {
		const { stream, reply } = handStream();
		const adapter = new Elm327Adapter({ stream });
		const pending = adapter.query(Uint8Array.of(0x01, 0x0c));
		reply('\xff\x00\x93garbage\r>');
		await expect(pending).rejects.toBeInstanceOf(MalformedTransferError);
		const next = adapter.query(Uint8Array.of(0x01, 0x0c));
		await new Promise((r) => setTimeout(r, 1));
		reply('7E8 04 41 0C 1A F8 \r\r>');
		expect((await next).kind).toBe('ok');
	});

	it('times a silent command out and discards its late reply', async () => {
		const { stream, reply, written } = handStream();
		const adapter = new Elm327Adapter({ stream, commandTimeoutMs: 30 });
		await expect(adapter.command('ATRV')).rejects.toBeInstanceOf(AdapterTimeoutError);
		reply('12.6V\r\r>');
		const next = adapter.command('ATI');
		await new Promise((r) => setTimeout(r, 1));
		reply('ELM327 v1.5\r\r>');
		expect(await next).toEqual(['ELM327 v1.5']);
		expect(written).toEqual(['ATRV\r', 'ATI\r']);
	});

	it('rejects the pending request promptly on unplug and stays disconnected', async () => {
		const { adapter, port, bus } = await rig();
		await adapter.initialize({ protocol: '6', responseTimeoutMs: 1000 });
		bus.silent = true;
		const pending = adapter.query(Uint8Array.of(0x01, 0x0c)).catch((e) => e);
		await new Promise((r) => setTimeout(r, 20));
		const t0 = performance.now();
		port.unplug();
		const err = await pending;
		expect(performance.now() - t0).toBeLessThan(50);
		expect(err).toBeInstanceOf(AdapterDisconnectedError);
		expect(err.cause).toMatchObject({ name: 'NetworkError' });
		expect(adapter.connected).toBe(false);
		await expect(adapter.command('ATI')).rejects.toBeInstanceOf(AdapterDisconnectedError);
	});

	it('raises the baud rate with the ATBRD handshake and keeps talking at the new rate', async () => {
		const { adapter, port } = await rig({ baudRate: 38400 });
		await adapter.initialize({ protocol: '6' });
		expect(await adapter.raiseBaud(115200, 38400)).toBe(true);
		expect(port.baudRate).toBeCloseTo(4_000_000 / 0x23);
		expect(port.hostWrites.slice(-2)).toEqual(['ATBRD23\r', '\r']);
		const r = await adapter.query(Uint8Array.of(0x01, 0x0c), { expectedResponses: 1 });
		expect(r.kind).toBe('ok');
	});

	it('falls back to the old rate when the port cannot reopen within the handshake window', async () => {
		const bus = new ScriptedEcuBus();
		const port = new Elm327Emulator({ bus, resetMs: 5, baudRate: 38400 });
		ports.push(port);
		const adapter = new Elm327Adapter({
			stream: await openSerial(port, { baudRate: 38400 }),
			reopen: async (rate) => {
				await port.close();
				if (rate !== 38400) await new Promise((r) => setTimeout(r, 300));
				return openSerial(port, { baudRate: rate });
			}
		});
		await adapter.initialize({ protocol: '6' });
		expect(await adapter.raiseBaud(115200, 38400)).toBe(false);
		expect(port.baudRate).toBe(38400);
		expect(await adapter.command('ATI')).toEqual(['ELM327 v1.5']);
	});

	it('delivers monitored frames to the sink and stops cleanly', async () => {
		const { adapter, bus } = await rig();
		await adapter.initialize({ protocol: '6' });
		const sink = new Sink();
		await adapter.startMonitor(sink);
		const t = performance.now() * 1000;
		bus.broadcast([
			canFrame({
				id: 0x316,
				data: Uint8Array.of(5, 0x1a, 0x20, 0x1a, 0x20, 0, 0, 0),
				timestampUs: t + 1000
			}),
			canFrame({ id: 0x18fef100, data: Uint8Array.of(1, 2), timestampUs: t + 2000 })
		]);
		await new Promise((r) => setTimeout(r, 40));
		await adapter.stopMonitor();
		expect(sink.frames.map((f) => [f.id, f.extended, [...f.data]])).toEqual([
			[0x316, false, [5, 0x1a, 0x20, 0x1a, 0x20, 0, 0, 0]],
			[0x18fef100, true, [1, 2]]
		]);
		expect(sink.closes).toEqual([null]);
		expect(adapter.measuredRate().framesPerSecond).toBeGreaterThan(0);
		expect(await adapter.command('ATI')).toEqual(['ELM327 v1.5']);
	});

	it('closes the monitor sink with BUFFER FULL when the bus outruns the UART', async () => {
		const { adapter, bus } = await rig({ baudRate: 38400 });
		await adapter.initialize({ protocol: '6' });
		const sink = new Sink();
		await adapter.startMonitor(sink);
		const t = performance.now() * 1000;
		bus.broadcast(
			Array.from({ length: 2000 }, (_, i) =>
				canFrame({ id: 0x100 + (i % 16), data: new Uint8Array(8), timestampUs: t + i * 250 })
			)
		);
		await new Promise((r) => setTimeout(r, 400));
		expect(sink.closes).toHaveLength(1);
		expect(sink.closes[0]).toMatchObject({ status: 'buffer-full' });
		expect(adapter.monitoring).toBe(false);
	});
});
