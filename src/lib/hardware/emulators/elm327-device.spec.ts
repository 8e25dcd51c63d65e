import { afterEach, describe, expect, it } from 'vitest';
import { Elm327Emulator, type Elm327EmulatorOptions } from './elm327-device';
import { ScriptedEcuBus } from './elm327-scripted-ecu';
import { canFrame } from '../protocol/can-frame';

/** K-line inits in tens of ms instead of seconds, so the automatic search runs through them quickly. */
const FAST_KLINE = { slowInitMs: 30, fastInitMs: 10, p2Ms: 2 };
const ports: Elm327Emulator[] = [];

async function rig(options: Partial<Elm327EmulatorOptions> = {}, bufferSize = 4096) {
	const bus = new ScriptedEcuBus();
	const port = new Elm327Emulator({
		bus,
		resetMs: 5,
		baudRate: 115200,
		kLineTiming: FAST_KLINE,
		...options
	});
	ports.push(port);
	await port.open({ baudRate: options.baudRate ?? 115200, bufferSize });
	const reader = port.readable!.getReader();
	const writer = port.writable!.getWriter();
	let buffered = '';
	/** Reads until `end` appears (default: the prompt) and returns everything read. */
	async function readUntil(end = '>', timeoutMs = 2000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		while (!buffered.includes(end)) {
			if (Date.now() > deadline)
				throw new Error(`no ${JSON.stringify(end)} in ${JSON.stringify(buffered)}`);
			const { value, done } = await reader.read();
			if (done) throw new Error('stream ended');
			buffered += String.fromCharCode(...value);
		}
		const at = buffered.indexOf(end) + end.length;
		const out = buffered.slice(0, at);
		buffered = buffered.slice(at);
		return out;
	}
	async function send(text: string): Promise<string> {
		await writer.write(new TextEncoder().encode(text));
		return readUntil();
	}
	return { bus, port, reader, writer, send, readUntil };
}

afterEach(() => {
	for (const p of ports.splice(0)) p.unplug();
});

describe('Elm327Emulator', () => {
	it('answers ATZ with the echo, the reset banner and the prompt, byte for byte', async () => {
		const { send } = await rig();
		expect(await send('ATZ\r')).toBe('ATZ\r\r\rELM327 v1.5\r\r>');
	});

	it('runs the python-OBD init exchange exactly as a v1.5 does', async () => {
		const { send } = await rig();
		await send('ATZ\r');
		expect(await send('ATE0\r')).toBe('ATE0\rOK\r\r>');
		expect(await send('ATL0\r')).toBe('OK\r\r>');
		expect(await send('AT S0\r')).toBe('OK\r\r>');
		expect(await send('ath1\r')).toBe('OK\r\r>');
		expect(await send('ATSP0\r')).toBe('OK\r\r>');
		expect(await send('ATI\r')).toBe('ELM327 v1.5\r\r>');
		expect(await send('ATRV\r')).toBe('12.6V\r\r>');
	});

	it('prints SEARCHING... only on the first request after ATSP0, then reports the found protocol', async () => {
		const { send } = await rig();
		await send('ATE0\r');
		await send('ATH1\r');
		expect(await send('0100\r')).toBe('SEARCHING...\r7E8 06 41 00 BE 1F A8 13 \r\r>');
		expect(await send('010C\r')).toBe('7E8 04 41 0C 1A F8 \r\r>');
		expect(await send('ATDPN\r')).toBe('A6\r\r>');
		expect(await send('ATDP\r')).toBe('AUTO, ISO 15765-4 (CAN 11/500)\r\r>');
	});

	it('puts the request on the bus as a padded single frame to 7DF', async () => {
		const { send, bus } = await rig();
		await send('ATE0\r');
		await send('ATSP6\r');
		await send('010C\r');
		expect(bus.transmitted[0].id).toBe(0x7df);
		expect([...bus.transmitted[0].data]).toEqual([0x02, 0x01, 0x0c, 0, 0, 0, 0, 0]);
	});

	it('says NO DATA when a fixed protocol gets no answer and UNABLE TO CONNECT when the search fails', async () => {
		const { send, bus } = await rig();
		await send('ATE0\r');
		await send('ATST19\r');
		await send('ATSP6\r');
		expect(await send('0105\r')).toBe('NO DATA\r\r>');
		bus.silent = true;
		await send('ATSP0\r');
		expect(await send('0100\r')).toBe('SEARCHING...\rUNABLE TO CONNECT\r\r>');
	});

	it('answers ? to commands it does not know', async () => {
		const { send } = await rig();
		await send('ATE0\r');
		expect(await send('ATXYZ\r')).toBe('?\r\r>');
		expect(await send('HELLO\r')).toBe('?\r\r>');
		expect(await send('STI\r')).toBe('?\r\r>');
	});

	it('prints a multi-frame VIN as numbered segments with headers off and sends flow control', async () => {
		const { send, bus } = await rig();
		await send('ATE0\r');
		await send('ATSP6\r');
		expect(await send('0902\r')).toBe(
			'014\r0: 49 02 01 31 44 34 \r1: 47 50 30 30 52 35 35 \r2: 42 31 32 33 34 35 36 \r\r>'
		);
		const fc = bus.transmitted.find((f) => f.id === 0x7e0);
		expect([...fc!.data]).toEqual([0x30, 0, 0, 0, 0, 0, 0, 0]);
	});

	it('prints a multi-frame VIN with its PCI bytes when headers are on and spaces off', async () => {
		const { send } = await rig();
		await send('ATE0\r');
		await send('ATH1\r');
		await send('ATS0\r');
		await send('ATSP6\r');
		expect(await send('0902\r')).toBe(
			'7E81014490201314434\r7E82147503030523535\r7E82242313233343536\r\r>'
		);
	});

	it('monitors the bus with ATMA and stops with STOPPED on any character', async () => {
		const { send, bus, writer, readUntil } = await rig();
		await send('ATE0\r');
		await send('ATH1\r');
		await writer.write(new TextEncoder().encode('ATMA\r'));
		const t = performance.now() * 1000;
		bus.broadcast([
			canFrame({ id: 0x123, data: Uint8Array.of(1, 2, 3), timestampUs: t + 1000 }),
			canFrame({ id: 0x18fef100, data: Uint8Array.of(0xff), timestampUs: t + 2000 })
		]);
		expect(await readUntil('18 FE F1 00 FF \r')).toBe('123 01 02 03 \r18 FE F1 00 FF \r');
		await writer.write(Uint8Array.of(0x20));
		expect(await readUntil()).toBe('STOPPED\r\r>');
	});

	it('overflows its 512-byte buffer with BUFFER FULL when the host stops reading during ATMA', async () => {
		const { send, bus, writer, readUntil, port } = await rig({ baudRate: 38400 }, 64);
		await send('ATE0\r');
		await send('ATH1\r');
		const t = performance.now() * 1000;
		bus.broadcast(
			Array.from({ length: 400 }, (_, i) =>
				canFrame({ id: 0x100, data: new Uint8Array(8), timestampUs: t + i * 500 })
			)
		);
		await writer.write(new TextEncoder().encode('ATMA\r'));
		await new Promise((r) => setTimeout(r, 150));
		const text = await readUntil('>', 3000);
		expect(text.endsWith('BUFFER FULL\r\r>')).toBe(true);
		expect(port.bufferOverflows).toBe(1);
	});

	it('errors the readable with a NetworkError when unplugged', async () => {
		const { reader, port } = await rig();
		const pending = reader.read();
		port.unplug();
		await expect(pending).rejects.toMatchObject({ name: 'NetworkError' });
	});

	it('ignores commands from a host that opened the port at the wrong baud rate', async () => {
		const bus = new ScriptedEcuBus();
		const port = new Elm327Emulator({ bus, resetMs: 5, baudRate: 38400 });
		ports.push(port);
		await port.open({ baudRate: 9600 });
		const writer = port.writable!.getWriter();
		await writer.write(new TextEncoder().encode('ATI\r'));
		await new Promise((r) => setTimeout(r, 30));
		expect(port.settings.echo).toBe(true);
		expect(port.hostWrites).toEqual(['ATI\r']);
	});
});

describe('Elm327Emulator on a K-line car', () => {
	async function kLine(obdBus: Elm327EmulatorOptions['obdBus'], protocol: string) {
		const r = await rig({ obdBus });
		await r.send('ATE0\r');
		await r.send('ATH1\r');
		await r.send(`ATSP${protocol}\r`);
		return r;
	}

	it('initialises ISO 9141-2 with BUS INIT: ...OK once, then answers with header and checksum', async () => {
		const { send } = await kLine('iso9141', '3');
		expect(await send('010C\r')).toBe('BUS INIT: ...OK\r48 6B 10 41 0C 1A F8 22 \r\r>');
		expect(await send('0100\r')).toBe('48 6B 10 41 00 BE 1F A8 13 9C \r\r>');
		expect(await send('ATDPN\r')).toBe('3\r\r>');
	});

	it('shows the KWP format byte with the data length, and no dots for a fast init', async () => {
		const { send } = await kLine('kwp-fast', '5');
		expect(await send('010C\r')).toBe('BUS INIT: OK\r84 F1 10 41 0C 1A F8 E4 \r\r>');
		await send('ATH0\r');
		expect(await send('010C\r')).toBe('41 0C 1A F8 \r\r>');
	});

	it('prints a K-line VIN as five numbered messages', async () => {
		const { send } = await kLine('kwp-slow', '4');
		await send('ATH0\r');
		expect(await send('0902\r')).toBe(
			'BUS INIT: ...OK\r49 02 01 00 00 00 31 \r49 02 02 44 34 47 50 \r49 02 03 30 30 52 35 \r' +
				'49 02 04 35 42 31 32 \r49 02 05 33 34 35 36 \r\r>'
		);
	});

	it('fails the init when the car is on another bus or sends the wrong key bytes', async () => {
		const can = await kLine('can', '3');
		expect(await can.send('0100\r')).toBe('BUS INIT: ...ERROR\r\r>');
		const iso = await kLine('iso9141', '5');
		expect(await iso.send('0100\r')).toBe('BUS INIT: ERROR\r\r>');
		// A KWP ECU answers the 5-baud init with E9 8F, which ISO 9141-2 (08 08 / 94 94) does not accept …
		const kwp = await kLine('kwp-slow', '3');
		expect(await kwp.send('0100\r')).toBe('BUS INIT: ...ERROR\r\r>');
		// … unless key byte checking is off (ATKW0).
		await kwp.send('ATKW0\r');
		expect(await kwp.send('0100\r')).toMatch(/^BUS INIT: \.\.\.OK\r/);
	});

	it('searches through CAN to the K-line and settles on ISO 9141-2', async () => {
		const { send } = await kLine('iso9141', '0');
		expect(await send('0100\r')).toBe('SEARCHING...\r48 6B 10 41 00 BE 1F A8 13 9C \r\r>');
		expect(await send('ATDPN\r')).toBe('A3\r\r>');
		expect(await send('ATDP\r')).toBe('AUTO, ISO 9141-2\r\r>');
	});

	it('says CAN ERROR on a CAN protocol, as nothing acknowledges the request, and monitors nothing', async () => {
		const { send, bus, writer, readUntil } = await kLine('iso9141', '6');
		expect(await send('0100\r')).toBe('CAN ERROR\r\r>');
		await writer.write(new TextEncoder().encode('ATMA\r'));
		bus.broadcast([
			canFrame({ id: 0x123, data: Uint8Array.of(1), timestampUs: performance.now() * 1000 })
		]);
		await new Promise((r) => setTimeout(r, 30));
		await writer.write(Uint8Array.of(0x20));
		expect(await readUntil()).toBe('STOPPED\r\r>');
	});

	it('stops a slow init when the host sends a character, and initialises again after ATPC', async () => {
		const { send, writer, readUntil } = await rig({
			obdBus: 'iso9141',
			kLineTiming: { slowInitMs: 600, fastInitMs: 10, p2Ms: 2 }
		});
		await send('ATE0\r');
		await send('ATSP3\r');
		await writer.write(new TextEncoder().encode('0100\r'));
		await new Promise((r) => setTimeout(r, 300));
		await writer.write(Uint8Array.of(0x20));
		expect(await readUntil()).toBe('BUS INIT: .STOPPED\r\r>');
		expect(await send('0100\r')).toMatch(/^BUS INIT: \.\.\.OK\r41 00 BE 1F A8 13 \r\r>$/);
		expect(await send('0100\r')).toBe('41 00 BE 1F A8 13 \r\r>');
		await send('ATPC\r');
		expect(await send('0100\r')).toMatch(/^BUS INIT: \.\.\.OK\r/);
	});
});
