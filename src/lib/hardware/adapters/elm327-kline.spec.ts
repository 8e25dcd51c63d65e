import { afterEach, describe, expect, it } from 'vitest';
import { Elm327Adapter } from './elm327';
import { Elm327Emulator, type Elm327EmulatorOptions } from '../emulators/elm327-device';
import { SCRIPTED_VIN, ScriptedEcuBus } from '../emulators/elm327-scripted-ecu';
import { ObdResponder } from '../emulators/vehicle/obd-responder';
import { SimulatedVehicle } from '../emulators/vehicle/simulated-vehicle';
import type { CanBusSource } from '../emulators/can-bus-source';
import { MalformedTransferError } from '../errors';
import { decodeDtcResponse, decodeVinResponse } from '../protocol/obd2';
import { Elm327StatusError } from '../protocol/elm327';
import { openSerial, type ByteStream } from '../transport/serial';

const FAST_KLINE = { slowInitMs: 30, fastInitMs: 10, p2Ms: 2 };
const ports: Elm327Emulator[] = [];
afterEach(() => {
	for (const p of ports.splice(0)) p.unplug();
});

async function rig(
	options: Partial<Elm327EmulatorOptions>,
	bus: CanBusSource = new ScriptedEcuBus()
) {
	const port = new Elm327Emulator({
		bus,
		resetMs: 5,
		baudRate: 115200,
		kLineTiming: FAST_KLINE,
		...options
	});
	ports.push(port);
	const adapter = new Elm327Adapter({
		stream: await openSerial(port, { baudRate: 115200, bufferSize: 65536 })
	});
	return { port, adapter };
}

function okData(result: Awaited<ReturnType<Elm327Adapter['query']>>) {
	if (result.kind !== 'ok') throw new Error('expected an answer');
	return result;
}

/** A device side the test writes by hand. */
function handStream() {
	let controller!: ReadableStreamDefaultController<Uint8Array>;
	const stream: ByteStream = {
		readable: new ReadableStream({ start: (c) => void (controller = c) }),
		writable: new WritableStream()
	};
	const reply = (text: string) => controller.enqueue(Uint8Array.from(text, (c) => c.charCodeAt(0)));
	return { stream, reply };
}

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('Elm327Adapter on the K-line', () => {
	it('finds ISO 9141-2 by the automatic search, asks ATDPN and reads answers by ECU address', async () => {
		const { adapter, port } = await rig({ obdBus: 'iso9141' });
		await adapter.initialize();
		const result = okData(await adapter.query(Uint8Array.of(0x01, 0x00)));
		expect(port.hostWrites.slice(-2)).toEqual(['0100\r', 'ATDPN\r']);
		expect(adapter.protocol).toEqual({ digit: '3', family: 'iso9141', name: 'ISO 9141-2' });
		expect([...result.byHeader.keys()]).toEqual([0x10]);
		expect([...result.responses[0].data]).toEqual([0x41, 0x00, 0xbe, 0x1f, 0xa8, 0x13]);
		const rpm = okData(await adapter.query(Uint8Array.of(0x01, 0x0c)));
		expect([...rpm.responses[0].data]).toEqual([0x41, 0x0c, 0x1a, 0xf8]);
		expect(port.hostWrites.at(-1)).toBe('010C\r');
	});

	it('assembles the five-message VIN over ISO 9141-2 with headers on and off', async () => {
		const { adapter } = await rig({ obdBus: 'iso9141' });
		await adapter.initialize({ protocol: '3' });
		const withHeaders = okData(await adapter.query(Uint8Array.of(0x09, 0x02)));
		expect(withHeaders.responses).toHaveLength(1);
		expect(withHeaders.responses[0].header).toBe(0x10);
		expect(decodeVinResponse(withHeaders.responses[0].data)).toBe(SCRIPTED_VIN);
		await adapter.command('ATH0');
		const without = okData(await adapter.query(Uint8Array.of(0x09, 0x02)));
		expect(without.responses[0].header).toBeNull();
		expect(decodeVinResponse(without.responses[0].data)).toBe(SCRIPTED_VIN);
	});

	it('reads KWP answers after a fast init, and DTCs from the simulated car in the counted CAN form', async () => {
		const vehicle = new SimulatedVehicle({ scenario: 'idle', startUs: performance.now() * 1000 });
		vehicle.responders.push(new ObdResponder());
		const { adapter } = await rig({ obdBus: 'kwp-fast' }, vehicle);
		await adapter.initialize({ protocol: '5' });
		expect(adapter.protocol?.family).toBe('kwp');
		const dtcs = okData(await adapter.query(Uint8Array.of(0x03)));
		expect(dtcs.responses[0].header).toBe(0x10);
		expect(decodeDtcResponse(dtcs.responses[0].data, 0x03)).toEqual(['P0133', 'P0420']);
		const vin = okData(await adapter.query(Uint8Array.of(0x09, 0x02)));
		expect(decodeVinResponse(vin.responses[0].data)).toBe('WCTZZZ000RS000042');
	});

	it('throws Elm327StatusError bus-init-error when the K-line stays silent', async () => {
		const { adapter } = await rig({ obdBus: 'can' });
		await adapter.initialize({ protocol: '4' });
		const err = await adapter.query(Uint8Array.of(0x01, 0x00)).catch((e) => e);
		expect(err).toBeInstanceOf(Elm327StatusError);
		expect(err).toMatchObject({ status: 'bus-init-error', line: 'BUS INIT: ...ERROR' });
	});

	it('rejects a K-line answer whose checksum does not add up', async () => {
		const { stream, reply } = handStream();
		const adapter = new Elm327Adapter({ stream });
		const set = adapter.command('ATSP3');
		await tick();
		reply('OK\r\r>');
		await set;
		const pending = adapter.query(Uint8Array.of(0x01, 0x0c));
		await tick();
		reply('BUS INIT: ...OK\r48 6B 10 41 0C 1A F8 23 \r\r>');
		await expect(pending).rejects.toThrow(MalformedTransferError);
		await expect(pending).rejects.toThrow(/checksum 0x23 should be 0x22/);
	});

	it('reports an interrupted bus init as stopped', async () => {
		const { stream, reply } = handStream();
		const adapter = new Elm327Adapter({ stream });
		const set = adapter.command('ATSP4');
		await tick();
		reply('OK\r\r>');
		await set;
		const pending = adapter.query(Uint8Array.of(0x01, 0x00));
		await tick();
		reply('BUS INIT: .STOPPED\r\r>');
		await expect(pending).rejects.toMatchObject({ status: 'stopped' });
	});
});
