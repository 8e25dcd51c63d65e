import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseIni, type EcuDefinition } from '../../tune/ini';
import { AdapterDisconnectedError, AdapterTimeoutError, MalformedTransferError } from '../errors';
import { msqPageImages, readMsq } from '../emulators/msq-pages';
import { SpeeduinoEmulator, type SpeeduinoEmulatorOptions } from '../emulators/speeduino-device';
import { SimulatedVehicle } from '../emulators/vehicle/simulated-vehicle';
import {
	EcuBusyError,
	EcuRangeError,
	EnvelopeCrcError,
	EnvelopeLengthError,
	crc32,
	encodeEnvelope,
	pageReadRequest,
	pageWriteRequest,
	type OutputSample
} from '../protocol/tunerstudio';
import { openSerial, type ByteStream } from '../transport/serial';
import {
	SignatureMismatchError,
	TunerStudioAdapter,
	type TunerStudioAdapterOptions,
	type TunerStudioWarning
} from './tunerstudio';

const MSQ = readMsq(
	readFileSync(path.resolve('../shared/data/speeduino/Speeduino base tune.msq'), 'latin1')
);
const definition = parseIni(
	readFileSync(path.resolve('../shared/data/speeduino/speeduino.ini'), 'utf8'),
	{ settings: MSQ.settings }
);
const { pages: TUNE } = msqPageImages(MSQ, definition);
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

const ports: SpeeduinoEmulator[] = [];
afterEach(() => {
	for (const p of ports.splice(0)) p.unplug();
});

async function rig(
	emulator: Partial<SpeeduinoEmulatorOptions> = {},
	adapter: Partial<TunerStudioAdapterOptions> = {}
) {
	const vehicle = new SimulatedVehicle({ startUs: performance.now() * 1000 });
	const port = new SpeeduinoEmulator({
		definition,
		vehicle,
		pages: TUNE,
		baudRate: 115200,
		...emulator
	});
	ports.push(port);
	const warnings: TunerStudioWarning[] = [];
	const stream = await openSerial(port, { baudRate: emulator.baudRate ?? 115200 });
	const ts = new TunerStudioAdapter({
		stream,
		definition,
		onWarning: (w) => warnings.push(w),
		...adapter
	});
	return { port, ts, warnings, vehicle };
}

/** The host writes after connect(), as hex, for transcript assertions. */
function writesSince(port: SpeeduinoEmulator, from: number): string[] {
	return port.hostWrites.slice(from).map(hex);
}

/** A device side the test answers by hand, for replies no firmware would produce. */
function handStream(answer: (request: Uint8Array) => Uint8Array[] | undefined) {
	let controller!: ReadableStreamDefaultController<Uint8Array>;
	const requests: Uint8Array[] = [];
	const stream: ByteStream = {
		readable: new ReadableStream({ start: (c) => void (controller = c) }),
		writable: new WritableStream({
			write: (chunk) => {
				requests.push(chunk.slice());
				for (const reply of answer(chunk) ?? []) controller.enqueue(reply);
			}
		})
	};
	return { stream, requests, controller: () => controller };
}

const withComms = (comms: Partial<EcuDefinition['comms']>): EcuDefinition => ({
	...definition,
	comms: { ...definition.comms, ...comms }
});

describe('TunerStudioAdapter ↔ SpeeduinoEmulator', () => {
	it('connects with a bare F, then framed Q and S, discarding bootloader noise', async () => {
		const { port, ts, warnings } = await rig({ bootNoise: Uint8Array.of(0xf0) });
		const id = await ts.connect({ delayAfterOpenMs: 5 });
		expect(id).toEqual({
			signature: 'speeduino 202103',
			product: 'Speeduino 2021.03',
			protocol: '002'
		});
		expect(port.hostWrites.map(hex)).toEqual([
			'46',
			hex(encodeEnvelope(ascii('Q'))),
			hex(encodeEnvelope(ascii('S')))
		]);
		expect(warnings).toContainEqual({ kind: 'unsolicited', bytes: 1 });
	});

	it('explains a signature mismatch with a typed error', async () => {
		const { ts } = await rig({ signature: 'speeduino 202402' });
		const err = await ts.connect({ delayAfterOpenMs: 0 }).catch((e) => e);
		expect(err).toBeInstanceOf(SignatureMismatchError);
		expect(err).toMatchObject({ expected: 'speeduino 202103', actual: 'speeduino 202402' });
		expect(err.message).toMatch(/load the .ini that matches the ECU's firmware/);
		expect(ts.connected).toBe(true);
	});

	it("decodes output channels to the simulated car's values", async () => {
		const { ts, port } = await rig();
		await ts.connect({ delayAfterOpenMs: 0 });
		const from = port.hostWrites.length;
		const { t, values } = await ts.readOutputChannels();
		expect(writesSince(port, from)).toEqual([
			hex(encodeEnvelope(ascii('r\x00\x30\x00\x00\x75\x00')))
		]);
		const s = port.lastLiveState!;
		expect(t).toBeGreaterThan(0);
		expect(values.rpm).toBeCloseTo(s.rpm, -0.3);
		expect(Math.abs(values.rpm - s.rpm)).toBeLessThanOrEqual(0.5);
		expect(Math.abs(values.map - s.mapKpa)).toBeLessThanOrEqual(0.5);
		expect(Math.abs(values.coolantRaw - 40 - s.coolantC)).toBeLessThanOrEqual(0.5);
		expect(Math.abs(values.iatRaw - 40 - s.iatC)).toBeLessThanOrEqual(0.5);
		expect(Math.abs(values.batteryVoltage - s.batteryV)).toBeLessThanOrEqual(0.05 + 1e-9);
		expect(Math.abs(values.afr - s.lambda * 14.7)).toBeLessThanOrEqual(0.05 + 1e-9);
		expect(Math.abs(values.advance - s.ignitionAdvance)).toBeLessThanOrEqual(0.5);
		expect(Math.abs(values.tps - s.throttle)).toBeLessThanOrEqual(0.5);
		expect(Math.abs(values.pulseWidth - s.injectorPwMs)).toBeLessThanOrEqual(0.0005 + 1e-9);
		expect(Math.abs(values.baro - s.baroKpa)).toBeLessThanOrEqual(0.5);
		expect(values.sync).toBe(s.rpm > 0 ? 1 : 0);
		expect(values.gear).toBe(s.gear);
		expect(s.rpm).toBeGreaterThan(500);
	});

	it('reads and writes pages in blockingFactor chunks, byte for byte', async () => {
		const { ts, port } = await rig({}, { definition: withComms({ blockingFactor: 100 }) });
		await ts.connect({ delayAfterOpenMs: 0 });
		let from = port.hostWrites.length;
		expect(await ts.readPage(2)).toEqual(TUNE[1]);
		expect(writesSince(port, from)).toEqual([
			hex(encodeEnvelope(pageReadRequest({ page: 2, offset: 0, length: 100 }))),
			hex(encodeEnvelope(pageReadRequest({ page: 2, offset: 100, length: 100 }))),
			hex(encodeEnvelope(pageReadRequest({ page: 2, offset: 200, length: 88 })))
		]);
		const image = Uint8Array.from({ length: 288 }, (_, i) => (i * 7) & 0xff);
		from = port.hostWrites.length;
		await ts.writePage(2, 0, image);
		expect(writesSince(port, from)).toEqual([
			hex(encodeEnvelope(pageWriteRequest({ page: 2, offset: 0, data: image.subarray(0, 100) }))),
			hex(
				encodeEnvelope(pageWriteRequest({ page: 2, offset: 100, data: image.subarray(100, 200) }))
			),
			hex(encodeEnvelope(pageWriteRequest({ page: 2, offset: 200, data: image.subarray(200) })))
		]);
		expect(await ts.readPage(2, 10, 5)).toEqual(image.subarray(10, 15));
		expect(await ts.pageCrc(2)).toBe(crc32(image));
	});

	it('keeps writes in RAM until burn, as a power cycle shows', async () => {
		const { ts, port } = await rig();
		await ts.connect({ delayAfterOpenMs: 0 });
		const original = TUNE[0][24];
		await ts.writePage(1, 24, Uint8Array.of(99));
		expect((await ts.readPage(1, 24, 1))[0]).toBe(99);
		port.powerCycle();
		expect((await ts.readPage(1, 24, 1))[0]).toBe(original);
		await ts.writePage(1, 24, Uint8Array.of(98));
		const from = port.hostWrites.length;
		await ts.burn(1);
		expect(writesSince(port, from)).toEqual([hex(encodeEnvelope(Uint8Array.of(0x62, 0, 1)))]);
		port.powerCycle();
		expect((await ts.readPage(1, 24, 1))[0]).toBe(98);
		expect(port.firmware.eeprom[0][24]).toBe(98);
	});

	it('retries 0x85 BUSY and gives up with EcuBusyError', async () => {
		const { ts, port } = await rig({}, { busyRetries: 2, busyRetryDelayMs: 1 });
		await ts.connect({ delayAfterOpenMs: 0 });
		port.setBusy(2);
		let from = port.hostWrites.length;
		await ts.readOutputChannels();
		expect(port.hostWrites.length - from).toBe(3);
		port.setBusy(3);
		from = port.hostWrites.length;
		const err = await ts.readOutputChannels().catch((e) => e);
		expect(err).toBeInstanceOf(EcuBusyError);
		expect(err.message).toMatch(/still busy after 2 retries/);
		expect(port.hostWrites.length - from).toBe(3);
	});

	it('never retries 0x84 RANGE_ERR', async () => {
		// A definition that thinks page 1 is bigger than the firmware's makes the ECU refuse.
		const bigger = {
			...definition,
			pages: definition.pages.map((p, i) => (i === 0 ? { ...p, size: 200 } : p))
		};
		const { ts, port } = await rig({}, { definition: bigger });
		await ts.connect({ delayAfterOpenMs: 0 });
		const from = port.hostWrites.length;
		const err = await ts.readPage(1, 150, 10).catch((e) => e);
		expect(err).toBeInstanceOf(EcuRangeError);
		expect(err.returnCode).toBe(0x84);
		expect(port.hostWrites.length - from).toBe(1);
	});

	it('checks page arguments before sending anything', async () => {
		const { ts, port } = await rig();
		const from = port.hostWrites.length;
		await expect(ts.readPage(15)).rejects.toThrow(/page must be 1…14/);
		await expect(ts.readPage(1, 120, 9)).rejects.toThrow(/pass page 1's 128 bytes/);
		await expect(ts.writePage(1, 0, new Uint8Array(0))).rejects.toThrow(RangeError);
		expect(port.hostWrites.length).toBe(from);
	});

	it('rejects every pending call promptly when the device is unplugged mid-request', async () => {
		const { ts, port } = await rig({ baudRate: 9600 });
		await ts.connect({ delayAfterOpenMs: 0 });
		const t0 = Date.now();
		const pending = ts.readPage(2).catch((e) => e);
		const queued = ts.readOutputChannels().catch((e) => e);
		await new Promise((r) => setTimeout(r, 20));
		port.unplug();
		expect(await pending).toBeInstanceOf(AdapterDisconnectedError);
		expect(await queued).toBeInstanceOf(AdapterDisconnectedError);
		expect(Date.now() - t0).toBeLessThan(500);
		expect(ts.connected).toBe(false);
		await expect(ts.querySignature()).rejects.toBeInstanceOf(AdapterDisconnectedError);
	});

	it('polls at the rate the line allows and reports it', async () => {
		const { ts, port } = await rig();
		await ts.connect({ delayAfterOpenMs: 0 });
		const samples: OutputSample[] = [];
		const closes: unknown[] = [];
		const poll = ts.startPolling({ sample: (s) => samples.push(s), closed: (r) => closes.push(r) });
		expect(() => ts.startPolling({ sample: () => {}, closed: () => {} })).toThrow(
			/already polling/
		);
		await new Promise((r) => setTimeout(r, 500));
		const rate = poll.measuredRate();
		const expected = ts.expectedRate({ baud: 115200 });
		expect(rate.samplesPerSecond).toBeGreaterThan(expected.hz * 0.25);
		expect(rate.samplesPerSecond).toBeLessThan(expected.hz * 1.05);
		expect(samples.length).toBeGreaterThan(10);
		expect(samples.every((s, i) => i === 0 || s.t > samples[i - 1].t)).toBe(true);
		// A page read interleaves with polling.
		expect(await ts.readPage(1, 0, 4)).toEqual(TUNE[0].subarray(0, 4));
		port.unplug();
		await poll.done;
		expect(closes).toHaveLength(1);
		expect(closes[0]).toBeInstanceOf(AdapterDisconnectedError);
	});

	it('stops polling on request and closes the sink with null', async () => {
		const { ts } = await rig();
		const closes: unknown[] = [];
		const poll = ts.startPolling({ sample: () => {}, closed: (r) => closes.push(r) });
		await new Promise((r) => setTimeout(r, 50));
		await poll.stop();
		expect(closes).toEqual([null]);
		await ts.close();
		await expect(ts.readOutputChannels()).rejects.toBeInstanceOf(AdapterDisconnectedError);
	});
});

describe('TunerStudioAdapter against hand-written replies', () => {
	const adapterOn = (stream: ByteStream, extra: Partial<TunerStudioAdapterOptions> = {}) => {
		const warnings: TunerStudioWarning[] = [];
		const ts = new TunerStudioAdapter({
			stream,
			definition,
			timeoutMs: 60,
			resyncQuietMs: 10,
			onWarning: (w) => warnings.push(w),
			...extra
		});
		return { ts, warnings };
	};
	const okSignature = encodeEnvelope(new Uint8Array([0, ...ascii('speeduino 202103')]));

	it('reassembles a reply split into single bytes', async () => {
		const { stream } = handStream(() => [...okSignature].map((b) => Uint8Array.of(b)));
		expect(await adapterOn(stream).ts.querySignature()).toBe('speeduino 202103');
	});

	it('throws EnvelopeCrcError for a corrupted reply, then recovers', async () => {
		let n = 0;
		const { stream } = handStream(() => {
			const reply = okSignature.slice();
			if (n++ === 0) reply[5] ^= 0x20;
			return [reply];
		});
		const { ts } = adapterOn(stream);
		const err = await ts.querySignature().catch((e) => e);
		expect(err).toBeInstanceOf(EnvelopeCrcError);
		expect(err).toBeInstanceOf(MalformedTransferError);
		expect(await ts.querySignature()).toBe('speeduino 202103');
	});

	it('throws EnvelopeLengthError for a length prefix the request cannot have', async () => {
		const { stream } = handStream(() => [Uint8Array.of(0x01, 0x00, 0, 0, 0)]);
		const err = await adapterOn(stream)
			.ts.readOutputChannels()
			.catch((e) => e);
		expect(err).toBeInstanceOf(EnvelopeLengthError);
		expect(err.message).toBe('envelope length 256 is outside 1…118');
	});

	it('throws MalformedTransferError for a reply of the wrong size', async () => {
		const { stream } = handStream(() => [encodeEnvelope(new Uint8Array(50))]);
		const err = await adapterOn(stream)
			.ts.readOutputChannels()
			.catch((e) => e);
		expect(err).toBeInstanceOf(MalformedTransferError);
		expect(err.message).toBe("'r' reply carries 49 data bytes, expected 117");
	});

	it('times out with AdapterTimeoutError and ignores the late reply', async () => {
		let n = 0;
		const { stream, controller } = handStream(() => {
			if (n++ === 0) {
				setTimeout(() => controller().enqueue(encodeEnvelope(Uint8Array.of(0, 0x41))), 80);
				return [];
			}
			return [okSignature];
		});
		const { ts, warnings } = adapterOn(stream);
		const t0 = Date.now();
		const err = await ts.querySignature().catch((e) => e);
		expect(err).toBeInstanceOf(AdapterTimeoutError);
		expect(err.message).toBe("no reply to 'Q' within 60 ms");
		expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
		expect(await ts.querySignature()).toBe('speeduino 202103');
		await new Promise((r) => setTimeout(r, 40));
		expect(warnings).toContainEqual({ kind: 'unsolicited', bytes: 8 });
		expect(await ts.querySignature()).toBe('speeduino 202103');
	});

	it('uses the first of two concatenated replies and warns about the second', async () => {
		const { stream } = handStream(() => [new Uint8Array([...okSignature, ...okSignature])]);
		const { ts, warnings } = adapterOn(stream);
		expect(await ts.querySignature()).toBe('speeduino 202103');
		expect(warnings).toContainEqual({ kind: 'unsolicited', bytes: okSignature.length });
	});

	it('rejects the pending call when the stream ends', async () => {
		const { stream, controller } = handStream(() => {
			setTimeout(() => controller().close(), 5);
			return [];
		});
		const err = await adapterOn(stream, { timeoutMs: 5000 })
			.ts.querySignature()
			.catch((e) => e);
		expect(err).toBeInstanceOf(AdapterDisconnectedError);
		expect(err.message).toBe('serial stream ended');
	});

	it('throws TypeErrors for bad options', () => {
		const { stream } = handStream(() => []);
		expect(() => new TunerStudioAdapter({ definition } as TunerStudioAdapterOptions)).toThrow(
			TypeError
		);
		expect(() => new TunerStudioAdapter({ stream, definition, canId: 300 })).toThrow(/canId/);
		expect(() => new TunerStudioAdapter({ stream, definition: {} as EcuDefinition })).toThrow(
			/needs a definition/
		);
	});
});
