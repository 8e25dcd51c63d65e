import { describe, expect, it } from 'vitest';
import { canFrame, type CanFrame } from '../protocol/can-frame';
import { OpenPortRxParser, type OpenPortRxEvent } from '../protocol/openport';
import { bytes, show } from '../adapters/openport2-scripted-device.test-helper';
import type { CanBusSource } from './can-bus-source';
import { OpenPort2Emulator, type OpenPort2EmulatorOptions } from './openport2-device';
import { ScriptedBus } from './scripted-bus.test-helper';
import { KLineEcu } from './openport2-kline-ecu';
import { ObdResponder } from './vehicle/obd-responder';
import { SimulatedVehicle } from './vehicle/simulated-vehicle';

async function claimed(options: Partial<OpenPort2EmulatorOptions> = {}) {
	const clock = { now: 1_000 };
	const bus = (options.bus as ScriptedBus | undefined) ?? new ScriptedBus();
	const device = new OpenPort2Emulator({
		bus,
		clock: () => clock.now,
		autoPump: false,
		...options
	});
	await device.open();
	await device.selectConfiguration(1);
	await device.claimInterface(0);
	/** Writes one OUT transfer and returns everything the device queued in answer, as readable text. */
	const send = async (...parts: Parameters<typeof bytes>) => {
		await device.transferOut(2, bytes(...parts));
		return drain();
	};
	const drain = async () => {
		if (device.queuedBytes === 0) return '';
		const r = await device.transferIn(1, 1 << 16);
		return show(new Uint8Array(r.data!.buffer, r.data!.byteOffset, r.data!.byteLength));
	};
	return { device, bus, clock, send, drain };
}

/** Parses what the device queued into events. */
async function events(device: OpenPort2Emulator): Promise<OpenPortRxEvent[]> {
	if (device.queuedBytes === 0) return [];
	const r = await device.transferIn(1, 1 << 16);
	return new OpenPortRxParser().push(new Uint8Array(r.data!.buffer));
}

const FF = [0xff, 0xff, 0xff, 0xff];

describe('OpenPort2Emulator: commands and replies', () => {
	it('identifies, opens and reads the battery voltage', async () => {
		const { send } = await claimed({ batteryMillivolts: () => 12_345.4 });
		expect(await send('\r\n\r\nati\r\n')).toBe('ari main code version : 1.17.4877\\r\\n');
		expect(await send('ata\r\n')).toBe('aro\\r\\n');
		expect(await send('atr 16\r\n')).toBe('arr 16 12345\\r\\n');
		expect(await send('atr 15\r\n')).toBe('are 19\\r\\n');
	});

	it('refuses bad commands with the J2534 error for each', async () => {
		const { send } = await claimed();
		expect(await send('ato2 0 41600 0\r\n')).toBe('are 3\\r\\n'); // J1850PWM: ERR_INVALID_PROTOCOL_ID
		expect(await send('ato7 0 500000 0\r\n')).toBe('are 3\\r\\n');
		expect(await send('ato5 0 123456 0\r\n')).toBe('are 25\\r\\n'); // ERR_INVALID_BAUDRATE
		expect(await send('ato5 2304 500000 0\r\n')).toBe('are 6\\r\\n'); // 29-bit and both: ERR_INVALID_FLAGS
		expect(await send('ato5 0 500000 0\r\n')).toBe('aro\\r\\n');
		expect(await send('ato5 0 500000 0\r\n')).toBe('are 20\\r\\n'); // ERR_CHANNEL_IN_USE
		expect(await send('att6 5 0\r\n', [0, 0, 7, 0xe0, 1])).toBe('are 2\\r\\n'); // ERR_INVALID_CHANNEL_ID
		expect(await send('atc6\r\n')).toBe('are 2\\r\\n');
		expect(await send('atk5 4\r\n')).toBe('are 22\\r\\n'); // ERR_INVALID_FILTER_ID
		expect(await send('atg5 99\r\n')).toBe('are 1\\r\\n'); // ERR_NOT_SUPPORTED
		expect(await send('ats5 23 150\r\n')).toBe('are 5\\r\\n'); // ERR_INVALID_IOCTL_VALUE
		expect(await send('aty5 1 0\r\n', [0x81])).toBe('are 15\\r\\n'); // ERR_INVALID_IOCTL_ID
		expect(await send('att5 13 0\r\n', new Array(13).fill(0))).toBe('are 10\\r\\n'); // ERR_INVALID_MSG
		expect(await send('att5 5 0\r\n', [0, 0, 8, 0, 1])).toBe('are 10\\r\\n'); // 11-bit id > 0x7FF
		expect(await send('atq\r\n')).toBe('are 1\\r\\n');
		expect(await send('ato5 x 500000 0\r\n')).toBe('are 7\\r\\n');
		expect(await send('atf5 3 0 4\r\n', [...FF, 0, 0, 7, 0xe8, 0, 0, 7, 0xe0])).toBe(
			'are 10\\r\\n'
		);
		expect(await send('atc5\r\n')).toBe('aro\\r\\n');
	});

	it('keeps config per channel with J2534-1 defaults', async () => {
		const { send } = await claimed();
		await send('ato6 2048 500000 0\r\n');
		expect(await send('atg6 1\r\n')).toBe('arg6 1 500000\\r\\n');
		expect(await send('atg6 30\r\n')).toBe('arg6 30 0\\r\\n');
		expect(await send('ats6 30 8\r\n')).toBe('aro\\r\\n');
		expect(await send('atg6 30\r\n')).toBe('arg6 30 8\\r\\n');
	});
});

describe('OpenPort2Emulator: CAN channel', () => {
	const rx = (id: number, ...data: number[]) =>
		canFrame({ id, data: Uint8Array.from(data), timestampUs: 1500 });

	it('receives nothing before a filter, then only what PASS lets through and BLOCK does not stop', async () => {
		const { device, bus, clock, send } = await claimed();
		await send('ato5 2048 500000 0\r\n');
		bus.add(rx(0x100, 1));
		clock.now = 2000;
		device.pump();
		expect(await events(device)).toEqual([]);
		// PASS 0x100–0x1FF: mask 0000FF00, pattern 00000100.
		expect(await send('atf5 1 0 4\r\n', [0, 0, 0xff, 0, 0, 0, 1, 0])).toBe('arf5 0\\r\\n');
		expect(await send('atf5 2 0 4\r\n', [...FF, 0, 0, 1, 0x23])).toBe('arf5 1\\r\\n');
		bus.add(rx(0x123, 1), rx(0x124, 2), rx(0x200, 3), rx(0x18daf110, 4));
		clock.now = 3000;
		device.pump();
		expect(await events(device)).toEqual([
			{
				kind: 'packet',
				channel: 5,
				type: 0,
				timestampUs: 1500,
				data: Uint8Array.of(0, 0, 1, 0x24, 2)
			}
		]);
		expect(await send('atk5 1\r\n')).toBe('aro\\r\\n');
		bus.add(rx(0x123, 5));
		clock.now = 4000;
		device.pump();
		expect((await events(device)).map((e) => e.kind === 'packet' && [...e.data])).toEqual([
			[0, 0, 1, 0x23, 5]
		]);
	});

	it('puts a written frame on the bus and answers TX done with its id, plus loopback when asked', async () => {
		const { bus, send, clock } = await claimed();
		await send('ato5 2048 500000 0\r\n');
		clock.now = 0x01020304;
		expect(await send('att5 7 0\r\n', [0, 0, 7, 0xdf, 2, 1, 0x0c])).toBe(
			'ar5<09><10><01><02><03><04><00><00><07><df>'
		);
		expect(await send('ats5 3 1\r\n')).toBe('aro\\r\\n');
		expect(await send('att5 5 256\r\n', [0x18, 0xdb, 0x33, 0xf1, 9])).toBe(
			'ar5<09><10><01><02><03><04><18><db>3<f1>ar5\\n <01><02><03><04><18><db>3<f1><09>'
		);
		expect(bus.transmitted.map((f) => [f.id, f.extended, [...f.data]])).toEqual([
			[0x7df, false, [2, 1, 0x0c]],
			[0x18db33f1, true, [9]]
		]);
	});

	it('splits IN transfers when limited, so packets straddle reads', async () => {
		const { device, send } = await claimed();
		device.limitInTransfers(3);
		await device.transferOut(2, bytes('\r\n\r\nati\r\n'));
		const reads: string[] = [];
		while (device.queuedBytes > 0) {
			const r = await device.transferIn(1, 64);
			reads.push(show(new Uint8Array(r.data!.buffer)));
		}
		expect(reads.slice(0, 3)).toEqual(['ari', ' ma', 'in ']);
		expect(reads.join('')).toBe('ari main code version : 1.17.4877\\r\\n');
		void send;
	});

	it('rejects pending and later transfers with NotFoundError when unplugged', async () => {
		const { device } = await claimed();
		const pending = device.transferIn(1, 64);
		device.unplug();
		await expect(pending).rejects.toMatchObject({ name: 'NotFoundError' });
		await expect(device.transferOut(2, bytes('ata\r\n'))).rejects.toMatchObject({
			name: 'NotFoundError'
		});
	});
});

/** An ECU on 0x7E0/0x7E8 that answers a first frame with FC (BS 0, STmin 0) and records everything. */
class FlowControlEcu implements CanBusSource {
	readonly transmitted: CanFrame[] = [];
	#due: CanFrame[] = [];
	poll(nowUs: number): CanFrame[] {
		const out = this.#due.filter((f) => f.timestampUs <= nowUs);
		this.#due = this.#due.filter((f) => f.timestampUs > nowUs);
		return out;
	}
	transmit(frame: CanFrame, nowUs: number): void {
		this.transmitted.push(frame);
		if (frame.id === 0x7e0 && frame.data[0] >> 4 === 1) {
			this.#due.push(
				canFrame({
					id: 0x7e8,
					data: Uint8Array.of(0x30, 0, 0, 0, 0, 0, 0, 0),
					timestampUs: nowUs + 500
				})
			);
		}
	}
	reply(...frames: CanFrame[]): void {
		this.#due.push(...frames);
	}
}

describe('OpenPort2Emulator: ISO 15765 channel', () => {
	const fcFilter = ['atf6 3 64 4\r\n', [...FF, 0, 0, 7, 0xe8, 0, 0, 7, 0xe0]] as const;

	it('refuses a segmented send without a flow control filter (ERR_NO_FLOW_CONTROL)', async () => {
		const { send } = await claimed();
		await send('ato6 2048 500000 0\r\n');
		const long = [0, 0, 7, 0xe0, 0x2e, 0xf1, 0x98, 1, 2, 3, 4, 5];
		expect(await send('att6 12 64\r\n', long)).toBe('are 23\\r\\n');
	});

	it('segments a long message with the ECU flow control and reports TX done after the last frame', async () => {
		const bus = new FlowControlEcu();
		const { device, send, clock } = await claimed({ bus });
		await send('ato6 2048 500000 0\r\n');
		expect(await send(...fcFilter)).toBe('arf6 0\\r\\n');
		const msg = [0, 0, 7, 0xe0, 0x2e, 0xf1, 0x98, 1, 2, 3, 4, 5, 6, 7];
		expect(await send('att6 14 64\r\n', msg)).toBe('');
		expect(bus.transmitted.map((f) => [...f.data])).toEqual([
			[0x10, 10, 0x2e, 0xf1, 0x98, 1, 2, 3]
		]);
		clock.now += 600;
		device.pump();
		expect(bus.transmitted.map((f) => [...f.data])).toEqual([
			[0x10, 10, 0x2e, 0xf1, 0x98, 1, 2, 3],
			[0x21, 4, 5, 6, 7, 0, 0, 0]
		]);
		expect(await events(device)).toEqual([
			{
				kind: 'packet',
				channel: 6,
				type: 0x10,
				timestampUs: 1500,
				data: Uint8Array.of(0, 0, 7, 0xe0)
			}
		]);
	});

	it('reassembles a multi-frame response: RX_START, the data, RX_END, with our flow control on the bus', async () => {
		const bus = new FlowControlEcu();
		const { device, send, clock } = await claimed({ bus });
		await send('ato6 2048 500000 0\r\n');
		await send(...fcFilter);
		const vin = [...'WCTZZZ000RS000042'].map((c) => c.charCodeAt(0));
		const payload = [0x62, 0xf1, 0x90, ...vin];
		bus.reply(
			canFrame({
				id: 0x7e8,
				data: Uint8Array.of(0x10, 20, ...payload.slice(0, 6)),
				timestampUs: 1100
			})
		);
		clock.now = 1200;
		device.pump();
		expect(bus.transmitted.map((f) => [f.id, ...f.data])).toEqual([
			[0x7e0, 0x30, 0, 0, 0, 0, 0, 0, 0]
		]);
		bus.reply(
			canFrame({
				id: 0x7e8,
				data: Uint8Array.of(0x21, ...payload.slice(6, 13)),
				timestampUs: 1300
			}),
			canFrame({
				id: 0x7e8,
				data: Uint8Array.of(0x22, ...payload.slice(13, 20)),
				timestampUs: 1400
			})
		);
		clock.now = 1500;
		device.pump();
		expect(await events(device)).toEqual([
			{
				kind: 'packet',
				channel: 6,
				type: 0x80,
				timestampUs: 1100,
				data: Uint8Array.of(0, 0, 7, 0xe8)
			},
			{
				kind: 'packet',
				channel: 6,
				type: 0x00,
				timestampUs: 1400,
				data: Uint8Array.of(0, 0, 7, 0xe8, ...payload)
			},
			{ kind: 'packet', channel: 6, type: 0x40, timestampUs: 1400, data: new Uint8Array(0) }
		]);
	});

	it('ignores frames no flow control filter matches', async () => {
		const bus = new FlowControlEcu();
		const { device, send, clock } = await claimed({ bus });
		await send('ato6 2048 500000 0\r\n');
		await send(...fcFilter);
		bus.reply(canFrame({ id: 0x7e9, data: Uint8Array.of(2, 0x41, 0), timestampUs: 1100 }));
		clock.now = 1200;
		device.pump();
		expect(await events(device)).toEqual([]);
		expect(await send(...fcFilter)).toBe('are 24\\r\\n'); // ERR_NOT_UNIQUE
	});
});

describe('OpenPort2Emulator: K-line channel', () => {
	function kLineRig() {
		const vehicle = new SimulatedVehicle({ scenario: 'idle', startUs: 0 });
		const ecu = new KLineEcu({ obd: new ObdResponder(), state: () => vehicle.state });
		return claimed({ bus: vehicle, kLine: ecu });
	}

	it('answers fast init with ary and the raw StartCommunication response', async () => {
		const { send } = await kLineRig();
		await send('ato4 512 10400 0\r\n');
		expect(await send('aty4 5 0\r\n', [0xc1, 0x33, 0xf1, 0x81, 0x66])).toBe(
			'ary4 7\\r\\n<83><f1><10><c1><ef><8f><c3>'
		);
	});

	it('appends and strips the checksum itself without ISO9141_NO_CHECKSUM', async () => {
		const { send } = await kLineRig();
		await send('ato4 0 10400 0\r\n');
		expect(await send('aty4 4 0\r\n', [0xc1, 0x33, 0xf1, 0x81])).toBe(
			'ary4 6\\r\\n<83><f1><10><c1><ef><8f>'
		);
	});

	it('stays silent to fast init on ISO 9141 and without an ECU', async () => {
		const { send } = await claimed();
		await send('ato4 512 10400 0\r\n');
		expect(await send('aty4 5 0\r\n', [0xc1, 0x33, 0xf1, 0x81, 0x66])).toBe('are 9\\r\\n');
		await send('ato3 512 10400 0\r\n');
		expect(await send('aty3 5 0\r\n', [0xc1, 0x33, 0xf1, 0x81, 0x66])).toBe('are 15\\r\\n');
	});

	it('sends an answer after P2 as RX_START, untimestamped data and RX_END', async () => {
		const { device, send, clock } = await kLineRig();
		await send('ato4 512 10400 0\r\n');
		await send('atf4 1 0 1\r\n', [0, 0]);
		await send('aty4 5 0\r\n', [0xc1, 0x33, 0xf1, 0x81, 0x66]);
		expect(await send('att4 6 0\r\n', [0xc2, 0x33, 0xf1, 0x01, 0x0d, 0xf4])).toBe(
			'ar4<05><10><00><00><03><e8>'
		);
		clock.now += 20_000;
		device.pump();
		expect(device.queuedBytes).toBe(0);
		clock.now += 20_000;
		device.pump();
		const got = await events(device);
		expect(got.map((e) => e.kind === 'packet' && e.type)).toEqual([0x80, 0x00, 0x40]);
		const data = got[1].kind === 'packet' ? got[1].data : new Uint8Array(0);
		expect([...data.subarray(0, 5)]).toEqual([0x83, 0xf1, 0x10, 0x41, 0x0d]);
		expect(got[1]).toMatchObject({ timestampUs: undefined });
		expect(got[2]).toMatchObject({ timestampUs: 1000 + 25_000 + 7 * 962 });
	});
});
