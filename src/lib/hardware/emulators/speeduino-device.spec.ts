import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseIni } from '../../tune/ini';
import { crc32 } from '../protocol/tunerstudio/crc32';
import { encodeEnvelope } from '../protocol/tunerstudio/envelope';
import {
	outputChannelsRequest,
	pageCrcRequest,
	pageReadRequest
} from '../protocol/tunerstudio/speeduino-commands';
import { openSerial } from '../transport/serial';
import { msqPageImages, readMsq } from './msq-pages';
import { SpeeduinoEmulator, type SpeeduinoEmulatorOptions } from './speeduino-device';

const INI = readFileSync(path.resolve('../shared/data/speeduino/speeduino.ini'), 'utf8');
const MSQ = readMsq(
	readFileSync(path.resolve('../shared/data/speeduino/Speeduino base tune.msq'), 'latin1')
);
const definition = parseIni(INI, { settings: MSQ.settings });
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

const ports: SpeeduinoEmulator[] = [];
afterEach(() => {
	for (const p of ports.splice(0)) p.unplug();
});

/** A host that writes raw bytes and collects everything the device sends. */
async function rig(options: Partial<SpeeduinoEmulatorOptions> = {}, hostBaud = 115200) {
	const port = new SpeeduinoEmulator({ definition, baudRate: 115200, ...options });
	ports.push(port);
	const stream = await openSerial(port, { baudRate: hostBaud });
	const writer = stream.writable.getWriter();
	const reader = stream.readable.getReader();
	let received: number[] = [];
	let readError: unknown = null;
	void (async () => {
		try {
			for (;;) {
				const { value, done } = await reader.read();
				if (done) return;
				received.push(...value);
			}
		} catch (e) {
			readError = e;
		}
	})();
	const send = (bytes: Uint8Array) => writer.write(bytes);
	/** Resolves with exactly `n` received bytes (and clears them), or throws after `ms`. */
	const take = async (n: number, ms = 1000): Promise<Uint8Array> => {
		const end = Date.now() + ms;
		while (received.length < n) {
			if (Date.now() > end) throw new Error(`got ${received.length} of ${n} bytes: ${received}`);
			await new Promise((r) => setTimeout(r, 1));
		}
		const out = Uint8Array.from(received.slice(0, n));
		received = received.slice(n);
		return out;
	};
	const quiet = async (ms: number) => {
		await new Promise((r) => setTimeout(r, ms));
		return received.length;
	};
	return { port, send, take, quiet, readError: () => readError };
}

/** The framed reply the firmware sends for a return code alone. */
const rcFrame = (rc: number) => encodeEnvelope(Uint8Array.of(rc));

describe('SpeeduinoEmulator', () => {
	it('answers legacy bare Q, S and F before the first framed message', async () => {
		const { send, take } = await rig();
		await send(ascii('Q'));
		expect(await take(16)).toEqual(ascii('speeduino 202103'));
		await send(ascii('S'));
		expect(await take(17)).toEqual(ascii('Speeduino 2021.03'));
		await send(ascii('F'));
		expect(await take(3)).toEqual(ascii('002'));
	});

	it('answers framed Q byte for byte and then locks legacy commands out', async () => {
		const { send, take, port } = await rig();
		await send(encodeEnvelope(ascii('Q')));
		const payload = new Uint8Array([0, ...ascii('speeduino 202103')]);
		expect(hex(await take(23))).toBe(hex(encodeEnvelope(payload)));
		expect(port.firmware.legacyAllowed).toBe(false);
		// F stays bare forever (comms.cpp); a bare Q is now the start of a frame that never completes.
		await send(ascii('F'));
		expect(await take(3)).toEqual(ascii('002'));
		await send(ascii('Q'));
		expect(hex(await take(7, 1500))).toBe(hex(rcFrame(0x80)));
	});

	it('times out a frame not complete within 400 ms with 0x80 and starts afresh', async () => {
		const { send, take } = await rig({ rxTimeoutMs: 400 });
		const frame = encodeEnvelope(ascii('Q'));
		const t0 = Date.now();
		await send(frame.subarray(0, 4));
		expect(hex(await take(7, 1500))).toBe('00 01 80 ' + hex(crcBytes(Uint8Array.of(0x80))));
		expect(Date.now() - t0).toBeGreaterThanOrEqual(395);
		await send(frame);
		expect((await take(23))[2]).toBe(0x00);
	});

	it('answers a bad CRC with 0x82 and drops the rest of its input', async () => {
		const { send, take, quiet } = await rig();
		const bad = encodeEnvelope(ascii('Q'));
		bad[6] ^= 0xff;
		await send(new Uint8Array([...bad, 0x00, 0x01]));
		expect(hex(await take(7))).toBe(hex(rcFrame(0x82)));
		expect(await quiet(30)).toBe(0);
	});

	it('ignores a leading 0xF0 (the Windows DTR glitch)', async () => {
		const { send, take } = await rig();
		await send(new Uint8Array([0xf0, ...encodeEnvelope(ascii('C'))]));
		expect(hex(await take(8))).toBe(hex(encodeEnvelope(Uint8Array.of(0x00, 0xff))));
	});

	it('answers an unknown command with 0x83 and out-of-range pages with 0x84', async () => {
		const { send, take } = await rig();
		await send(encodeEnvelope(ascii('Z')));
		expect(hex(await take(7))).toBe(hex(rcFrame(0x83)));
		await send(encodeEnvelope(pageReadRequest({ page: 1, offset: 120, length: 9 })));
		expect(hex(await take(7))).toBe(hex(rcFrame(0x84)));
		await send(encodeEnvelope(pageReadRequest({ page: 15, offset: 0, length: 1 })));
		expect(hex(await take(7))).toBe(hex(rcFrame(0x84)));
		await send(encodeEnvelope(outputChannelsRequest({ offset: 100, length: 18 })));
		expect(hex(await take(7))).toBe(hex(rcFrame(0x84)));
	});

	it('serves pages loaded from the shipped .msq', async () => {
		const { pages, skipped } = msqPageImages(MSQ, definition);
		expect(skipped).toEqual([]);
		const { send, take } = await rig({ pages });
		await send(encodeEnvelope(pageReadRequest({ page: 2, offset: 0, length: 16 })));
		const reply = await take(2 + 17 + 4);
		// First row of veTable in the msq: 39 ×5, 38, 37, … (user = raw for a scale-1 table).
		expect([...reply.subarray(3, 19)]).toEqual([
			39, 39, 39, 39, 39, 38, 37, 36, 35, 34, 33, 33, 33, 33, 33, 33
		]);
		await send(encodeEnvelope(pageReadRequest({ page: 1, offset: 24, length: 1 })));
		// reqFuel is stored as raw = user / 0.1 (scale 0.1).
		const reqFuel = (await take(8))[3];
		expect(reqFuel).toBe(Math.round(Number(MSQ.pages.get(0)!.get('reqFuel')) / 0.1));
		await send(encodeEnvelope(pageCrcRequest({ page: 2 })));
		const crc = await take(11);
		expect(new DataView(crc.buffer).getUint32(3)).toBe(crc32(pages[1]));
	});

	it('takes as long as the bytes need at the configured baud', async () => {
		const { send, take } = await rig({ baudRate: 9600 }, 9600);
		const t0 = performance.now();
		await send(encodeEnvelope(outputChannelsRequest({ offset: 0, length: 117 })));
		await take(124, 2000);
		// 13 + 124 bytes × 10 bits at 9600 baud ≈ 142.7 ms, + 1 ms turnaround.
		expect(performance.now() - t0).toBeGreaterThanOrEqual(142);
	});

	it('garbles everything when the host opens at another baud rate', async () => {
		const { send, take } = await rig({ bootNoise: ascii('ok') }, 57600);
		expect(hex(await take(2))).toBe(hex(Uint8Array.of(0x80 | (0x6f ^ 0x55), 0x80 | (0x6b ^ 0x55))));
		await send(encodeEnvelope(ascii('Q')));
		// The firmware saw 0xD5… as a length far beyond its buffer: 0x84, garbled on the way back.
		const reply = await take(7);
		expect(reply.every((b) => b >= 0x80)).toBe(true);
	});

	it('errors both streams with NetworkError on unplug', async () => {
		const { port, readError } = await rig();
		port.unplug();
		await new Promise((r) => setTimeout(r, 5));
		expect((readError() as DOMException).name).toBe('NetworkError');
		await expect(port.open({ baudRate: 115200 })).rejects.toMatchObject({ name: 'NetworkError' });
	});

	it('rejects bad options with TypeErrors', () => {
		expect(() => new SpeeduinoEmulator({} as SpeeduinoEmulatorOptions)).toThrow(TypeError);
		expect(() => new SpeeduinoEmulator({ definition, baudRate: 0 })).toThrow(/baudRate/);
		expect(() => new SpeeduinoEmulator({ definition, pages: [new Uint8Array(3)] })).toThrow(
			/pages must be 14 Uint8Arrays/
		);
	});
});

function crcBytes(payload: Uint8Array): Uint8Array {
	const c = crc32(payload);
	return Uint8Array.of(c >>> 24, (c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff);
}
