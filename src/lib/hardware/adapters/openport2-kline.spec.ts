import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AdapterRejectedError, AdapterTimeoutError } from '../errors';
import { KLineChecksumError, type KwpAddressing } from '../protocol/kline';
import { decodeCurrentDataResponse, decodeVinResponse } from '../protocol/obd2';
import { OpenPort2Emulator } from '../emulators/openport2-device';
import { ObdResponder } from '../emulators/vehicle/obd-responder';
import { SimulatedVehicle } from '../emulators/vehicle/simulated-vehicle';
import { OpenPort2 } from './openport2';
import { OpenPort2KLine } from './openport2-kline';
import { ScriptedOpenPort, bytes, show } from './openport2-scripted-device.test-helper';

const VIN = 'WCTZZZ000RS000042';

async function rig(addressing?: KwpAddressing) {
	const clock = () => Date.now() * 1000;
	const vehicle = new SimulatedVehicle({ scenario: 'idle', startUs: clock() });
	const device = new OpenPort2Emulator({
		bus: vehicle,
		clock,
		kLine: { obd: new ObdResponder({ vin: VIN }), state: () => vehicle.state }
	});
	const openport = new OpenPort2({ device });
	await run(openport.open());
	const kLine = await run(OpenPort2KLine.open({ openport, addressing }));
	return { vehicle, device, openport, kLine };
}

async function run<T>(task: Promise<T>): Promise<T> {
	let settled = false;
	const watched = task.finally(() => {
		settled = true;
	});
	watched.catch(() => {});
	for (let ms = 0; !settled && ms < 20_000; ms++) await vi.advanceTimersByTimeAsync(1);
	return watched;
}

describe('OpenPort2KLine over the emulated ISO 14230-4 ECU', () => {
	beforeEach(() => {
		vi.useFakeTimers({ now: 1_000_000 });
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('connects at 10400 baud without device checksums and passes every message', async () => {
		const { device, openport } = await rig();
		const out = device.log.filter((r) => r.direction === 'out').map((r) => show(r.data));
		expect(out.slice(2)).toEqual(['ato4 512 10400 0\\r\\n', 'atf4 1 0 1\\r\\n<00><00>']);
		await run(openport.close());
	});

	it('wakes the ECU with fast init and reads its ISO 14230-4 key bytes', async () => {
		const { device, kLine, openport } = await rig();
		expect(await run(kLine.fastInit())).toMatchObject({
			protocol: 'iso14230',
			keyBytes: [0xef, 0x8f],
			obd: true
		});
		const records = device.log.slice(-2).map((r) => show(r.data));
		expect(records).toEqual([
			'aty4 5 0\\r\\n<c1>3<f1><81>f',
			'ary4 7\\r\\n<83><f1><10><c1><ef><8f><c3>'
		]);
		await run(openport.close());
	});

	it('gets no answer before fast init: the ECU is asleep', async () => {
		const { kLine, openport } = await rig();
		const err = await run(
			kLine.request(Uint8Array.of(0x01, 0x0c), { timeoutMs: 300 }).catch((e: unknown) => e)
		);
		expect(err).toBeInstanceOf(AdapterTimeoutError);
		await run(openport.close());
	});

	it('reads engine speed with OBD service 01 in ISO 14230 frames', async () => {
		const { kLine, vehicle, device, openport } = await rig();
		await run(kLine.fastInit());
		const answer = await run(kLine.request(Uint8Array.of(0x01, 0x0c)));
		const [rpm] = decodeCurrentDataResponse(answer, [0x0c]);
		expect(rpm.readings[0].value).toBeCloseTo(vehicle.state.rpm, -2);
		const sent = device.log.filter((r) => r.direction === 'out').at(-1)!;
		expect(show(sent.data)).toBe('att4 6 0\\r\\n<c2>3<f1><01><0c><f3>');
		await run(openport.close());
	});

	it('collects the five service 09 VIN messages of the non-CAN format', async () => {
		const { kLine, openport } = await rig();
		await run(kLine.fastInit());
		const first = await run(kLine.request(Uint8Array.of(0x09, 0x02)));
		const rest = [];
		for (let i = 0; i < 4; i++) rest.push(await run(kLine.receive()));
		const messages = [first, ...rest];
		expect(messages.map((m) => [...m.subarray(0, 3)])).toEqual(
			[1, 2, 3, 4, 5].map((n) => [0x49, 0x02, n])
		);
		expect([...first.subarray(3)]).toEqual([0, 0, 0, 'W'.charCodeAt(0)]);
		const vinBytes = messages.flatMap((m) => [...m.subarray(3)]);
		expect(decodeVinResponse(Uint8Array.of(0x49, 0x02, 0x01, ...vinBytes))).toBe(VIN);
		await run(openport.close());
	});

	it('answers an unsupported service with 7F sid 11 when addressed physically', async () => {
		const { kLine, device, openport } = await rig({ mode: 'physical' });
		await run(kLine.fastInit());
		expect(show(device.log.at(-2)!.data)).toBe('aty4 5 0\\r\\n<81><10><f1><81><03>');
		expect([...(await run(kLine.request(Uint8Array.of(0x03))))]).toEqual([0x7f, 0x03, 0x11]);
		await run(openport.close());
	});

	it('stays silent to an unsupported service asked functionally', async () => {
		const { kLine, openport } = await rig();
		await run(kLine.fastInit());
		const err = await run(
			kLine.request(Uint8Array.of(0x03), { timeoutMs: 300 }).catch((e: unknown) => e)
		);
		expect(err).toBeInstanceOf(AdapterTimeoutError);
		await run(openport.close());
	});

	it('loses the session after P3max of silence and keeps it with a periodic testerPresent', async () => {
		const { kLine, openport } = await rig();
		await run(kLine.fastInit());
		const id = kLine.startPeriodic(Uint8Array.of(0x3e), 2000);
		await run(new Promise((r) => setTimeout(r, 7000)));
		kLine.stopPeriodic(id);
		expect((await run(kLine.request(Uint8Array.of(0x01, 0x0c))))[0]).toBe(0x41);
		await run(new Promise((r) => setTimeout(r, 6000)));
		const err = await run(
			kLine.request(Uint8Array.of(0x01, 0x0c), { timeoutMs: 300 }).catch((e: unknown) => e)
		);
		expect(err).toBeInstanceOf(AdapterTimeoutError);
		await run(openport.close());
	});
});

describe('OpenPort2KLine (hand-written transcripts)', () => {
	function scripted(protocol: 3 | 4) {
		return new ScriptedOpenPort()
			.on('\r\n\r\nati\r\n', 'ari x\r\n')
			.on('ata\r\n', 'aro\r\n')
			.on(`ato${protocol} 512 10400 0\r\n`, 'aro\r\n')
			.on(bytes(`atf${protocol} 1 0 1\r\n`, [0, 0]), `arf${protocol} 0\r\n`);
	}

	it('reports a corrupt answer as KLineChecksumError', async () => {
		const device = scripted(4).on(
			bytes('att4 6 0\r\n', [0xc2, 0x33, 0xf1, 0x01, 0x0c, 0xf3]),
			bytes('ar4', [5, 0x10, 0, 0, 0, 1]),
			bytes(
				'ar4',
				[5, 0x80, 0, 0, 0, 2],
				'ar4',
				[9, 0x00, 0x84, 0xf1, 0x10, 0x41, 0x0c, 0x1a, 0xf8, 0x00]
			),
			bytes('ar4', [5, 0x40, 0, 0, 0, 3])
		);
		const openport = new OpenPort2({ device });
		await openport.open();
		const kLine = await OpenPort2KLine.open({ openport });
		const err = await kLine.request(Uint8Array.of(0x01, 0x0c)).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(KLineChecksumError);
		expect(err).toMatchObject({ expected: 0xe4, received: 0x00 });
	});

	it('speaks ISO 9141-2 OBD headers on protocol 3 and refuses fast init there', async () => {
		const device = scripted(3).on(
			bytes('att3 6 0\r\n', [0x68, 0x6a, 0xf1, 0x01, 0x0c, 0xd0]),
			bytes('ar3', [5, 0x10, 0, 0, 0, 1], 'ar3', [5, 0x80, 0, 0, 0, 2]),
			bytes(
				'ar3',
				[9, 0x00, 0x48, 0x6b, 0x10, 0x41, 0x0c, 0x1a, 0xf8, 0x22],
				'ar3',
				[5, 0x40, 0, 0, 0x27, 0x10]
			)
		);
		const openport = new OpenPort2({ device });
		await openport.open();
		const kLine = await OpenPort2KLine.open({ openport, protocol: 'iso9141' });
		await expect(kLine.fastInit()).rejects.toBeInstanceOf(AdapterRejectedError);
		const message = kLine.receiveMessage();
		await kLine.send(Uint8Array.of(0x01, 0x0c));
		expect(await message).toEqual({
			source: 0x10,
			target: undefined,
			data: Uint8Array.of(0x41, 0x0c, 0x1a, 0xf8),
			timestampUs: 0x2710
		});
		expect(device.unexpected).toEqual([]);
	});
});
