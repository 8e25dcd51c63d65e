import { describe, expect, it } from 'vitest';
import { ScriptedBus } from './scripted-bus.test-helper';
import { SlcanEmulator, type SlcanEmulatorOptions } from './slcan-device';
import { canFrame } from '../protocol/can-frame';
import type { SlcanDialect } from '../protocol/slcan/dialect';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function rig(dialect: SlcanDialect, options: Partial<SlcanEmulatorOptions> = {}) {
	const bus = new ScriptedBus();
	const clock = { now: 0 };
	const port = new SlcanEmulator({
		bus,
		dialect,
		clock: () => clock.now,
		autoPump: false,
		...options
	});
	await port.open({ baudRate: 115200 });
	const writer = port.writable!.getWriter();
	const reader = port.readable!.getReader();
	const received = { text: '', chunks: [] as number[], error: null as unknown };
	void (async () => {
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return;
				received.chunks.push(value.length);
				received.text += String.fromCharCode(...value);
			}
		} catch (err) {
			received.error = err;
		}
	})();
	const send = async (...commands: string[]) => {
		for (const c of commands) await writer.write(Uint8Array.from(c, (ch) => ch.charCodeAt(0)));
		await settle();
	};
	return { bus, clock, port, writer, reader, received, send };
}

describe('SlcanEmulator, Lawicel dialect', () => {
	it('answers the slcan_attach open sequence byte for byte', async () => {
		const { port, send } = await rig('lawicel');
		await send('C\r', 'S6\r', 'Z1\r', 'O\r', 'F\r', 'V\r', 'N\r', 'C\r');
		expect(port.log).toEqual([
			{ host: 'C\r', device: '\x07' },
			{ host: 'S6\r', device: '\r' },
			{ host: 'Z1\r', device: '\r' },
			{ host: 'O\r', device: '\r' },
			{ host: 'F\r', device: 'F00\r' },
			{ host: 'V\r', device: 'V1013\r' },
			{ host: 'N\r', device: 'NA123\r' },
			{ host: 'C\r', device: '\r' }
		]);
		expect(port.firmware.bitrate).toBe(500_000);
	});

	it('takes S7 as 800 kbit/s and M/m as acceptance code and mask', async () => {
		const { port, send } = await rig('lawicel');
		await send('S7\r', 'M12345678\r', 'm000000FF\r', 'M1\r');
		expect(port.log.map((e) => e.device)).toEqual(['\r', '\r', '\r', '\x07']);
		expect(port.firmware).toMatchObject({
			bitrate: 800_000,
			acceptanceCode: 0x12345678,
			acceptanceMask: 0xff
		});
	});

	it('refuses setup while open and channel commands while closed', async () => {
		const { port, send } = await rig('lawicel');
		await send(
			'O\r',
			't1230\r',
			'F\r',
			'S9\r',
			'S4\r',
			'O\r',
			'S4\r',
			'Z1\r',
			'M00000000\r',
			'O\r'
		);
		expect(port.log.map((e) => e.device)).toEqual([
			'\x07', // O before any bit rate
			'\x07', // t while closed
			'\x07', // F while closed
			'\x07', // S9 is not a Lawicel rate
			'\r',
			'\r',
			'\x07', // S while open
			'\x07', // Z while open
			'\x07', // M while open
			'\x07' // O while open
		]);
	});

	it('acks transmissions with z or Z and puts them on the bus', async () => {
		const { bus, port, send } = await rig('lawicel');
		await send('S6\r', 'O\r', 't7DF80201050000000000\r', 'T18DB33F120210\r', 'r7E08\r');
		expect(port.log.slice(2).map((e) => e.device)).toEqual(['z\r', 'Z\r', 'z\r']);
		expect(bus.transmitted.map((f) => [f.id, f.extended, f.rtr, f.data.length])).toEqual([
			[0x7df, false, false, 8],
			[0x18db33f1, true, false, 2],
			[0x7e0, false, true, 8]
		]);
	});

	it('refuses transmissions in listen-only mode and keeps them off the bus', async () => {
		const { bus, port, send } = await rig('lawicel');
		await send('S6\r', 'L\r', 't1230\r');
		expect(port.log.at(-1)).toEqual({ host: 't1230\r', device: '\x07' });
		expect(bus.transmitted).toEqual([]);
	});

	it('answers BEL to malformed frames and unknown commands', async () => {
		const { port, send } = await rig('lawicel');
		await send('S6\r', 'O\r', 't12\r', 't1239\r', 'tXYZ0\r', 'Q\r', '\r');
		expect(port.log.slice(2).map((e) => e.device)).toEqual([
			'\x07',
			'\x07',
			'\x07',
			'\x07',
			'\x07'
		]);
	});

	it('streams bus frames only while the channel is open, with Z1 stamps modulo 60000 ms', async () => {
		const { bus, clock, port, received, send } = await rig('lawicel');
		bus.add(canFrame({ id: 0x100, data: Uint8Array.of(1), timestampUs: 1_000 }));
		clock.now = 2_000;
		port.pump();
		await send('S6\r', 'Z1\r', 'O\r');
		bus.add(
			canFrame({ id: 0x123, data: Uint8Array.of(0xaa, 0xbb), timestampUs: 59_999_400 }),
			canFrame({ id: 0x123, data: Uint8Array.of(0xcc), timestampUs: 60_000_100 })
		);
		port.pump(60_001_000);
		await settle();
		expect(received.text).toBe('\r\r\rt1232AABBEA5F\rt1231CC0000\r');
	});

	it('reports and clears injected status flags', async () => {
		const { port, send } = await rig('lawicel');
		await send('S6\r', 'O\r');
		port.setStatusFlags(0x24);
		await send('F\r', 'F\r');
		expect(port.log.slice(2).map((e) => e.device)).toEqual(['F24\r', 'F00\r']);
	});

	it('handles a command split across writes', async () => {
		const { port, send } = await rig('lawicel');
		await send('S', '6', '\rO', '\r');
		expect(port.log).toEqual([
			{ host: 'S6\r', device: '\r' },
			{ host: 'O\r', device: '\r' }
		]);
	});
});

describe('SlcanEmulator, canable dialect (canable-fw@4c6e4ac)', () => {
	it('answers the open sequence as the firmware does: CR for C and M, BEL for Z, F and N', async () => {
		const { port, send } = await rig('canable');
		await send('C\r', 'S6\r', 'Z1\r', 'M0\r', 'O\r', 'F\r', 'N\r', 'L\r', 'V\r');
		expect(port.log).toEqual([
			{ host: 'C\r', device: '\r' },
			{ host: 'S6\r', device: '\r' },
			{ host: 'Z1\r', device: '\x07' },
			{ host: 'M0\r', device: '\r' },
			{ host: 'O\r', device: '\r' },
			{ host: 'F\r', device: '\x07' },
			{ host: 'N\r', device: '\x07' },
			{ host: 'L\r', device: '\x07' },
			{ host: 'V\r', device: '4c6e4ac git@github.com:normaldotcom/canable-fw.git\r\r' }
		]);
	});

	it('takes S7 as 750 kbit/s and M1 as silent mode', async () => {
		const { port, send } = await rig('canable');
		await send('S7\r', 'M1\r');
		expect(port.firmware).toMatchObject({ bitrate: 750_000, listenOnly: true });
		await send('M00000000\r');
		expect(port.firmware.listenOnly).toBe(false);
	});

	it('acks a transmission with a bare CR, and drops it silently in silent mode', async () => {
		const { bus, port, send } = await rig('canable');
		await send('S6\r', 'O\r', 't1231FF\r', 'C\r', 'M1\r', 'O\r', 't1231EE\r', 't1239\r');
		expect(port.log.map((e) => e.device)).toEqual([
			'\r',
			'\r',
			'\r',
			'\r',
			'\r',
			'\r',
			'\r',
			'\x07'
		]);
		expect(bus.transmitted.map((f) => f.data[0])).toEqual([0xff]);
	});

	it('streams frames without timestamps', async () => {
		const { bus, port, received, send } = await rig('canable');
		await send('S6\r', 'O\r');
		bus.add(canFrame({ id: 0x7e8, data: Uint8Array.of(2, 0x41), timestampUs: 5 }));
		port.pump(10);
		await settle();
		expect(received.text).toBe('\r\rt7E820241\r');
	});
});

describe('SlcanEmulator as a serial port', () => {
	it('cuts device output into 64-byte packets, so lines straddle chunk boundaries', async () => {
		const { bus, port, received, send } = await rig('lawicel');
		await send('S6\r', 'O\r');
		for (let i = 0; i < 10; i++)
			bus.add(canFrame({ id: i, data: new Uint8Array(8), timestampUs: i }));
		port.pump(100);
		await settle();
		expect(Math.max(...received.chunks)).toBe(64);
		expect(received.text.split('\r').filter((l) => l.startsWith('t'))).toHaveLength(10);
	});

	it('errors the readable with a NetworkError DOMException on unplug, and refuses writes after', async () => {
		const { port, writer, received } = await rig('lawicel');
		port.unplug();
		await settle();
		expect(received.error).toBeInstanceOf(DOMException);
		expect((received.error as DOMException).name).toBe('NetworkError');
		await expect(writer.write(Uint8Array.of(0x0d))).rejects.toMatchObject({ name: 'NetworkError' });
		await expect(port.open({ baudRate: 115200 })).rejects.toMatchObject({ name: 'NetworkError' });
	});

	it('refuses to close with locked streams, as WebSerial does, and reopens after release', async () => {
		const { port, writer, reader } = await rig('canable');
		await expect(port.close()).rejects.toMatchObject({ name: 'InvalidStateError' });
		writer.releaseLock();
		reader.releaseLock();
		await port.close();
		expect(port.readable).toBeNull();
		await port.open({ baudRate: 115200 });
		expect(port.readable).not.toBeNull();
	});

	it('reports CANable and Lawicel USB ids', () => {
		const bus = new ScriptedBus();
		expect(new SlcanEmulator({ bus, dialect: 'canable' }).getInfo()).toEqual({
			usbVendorId: 0xad50,
			usbProductId: 0x60c4
		});
		expect(new SlcanEmulator({ bus, dialect: 'lawicel' }).getInfo().usbVendorId).toBe(0x0403);
	});

	it('rejects a missing bus or an unknown dialect', () => {
		expect(() => new SlcanEmulator({ dialect: 'lawicel' } as never)).toThrow(TypeError);
		expect(() => new SlcanEmulator({ bus: new ScriptedBus(), dialect: 'usbtin' as never })).toThrow(
			TypeError
		);
	});
});
