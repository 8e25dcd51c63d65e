import { describe, expect, it } from 'vitest';
import { canFrame, type CanFrame } from '../../protocol/can-frame';
import { fromHex, hex } from '../../protocol/uds/bytes';
import { SimulatedVehicle } from './simulated-vehicle';
import { UdsResponder } from './uds-responder';
import { demoSeedToKey } from './uds-security';

const state = new SimulatedVehicle({ scenario: 'idle' }).state;

function rig() {
	const responder = new UdsResponder({ responseDelayUs: 2000, frameGapUs: 250 });
	const send = (id: number, data: string, nowUs: number) =>
		(responder.receive(canFrame({ id, data: fromHex(data) }), nowUs, state) ?? []).map(show);
	return { responder, send };
}

const show = (f: CanFrame) => `${f.id.toString(16).toUpperCase()} ${hex(f.data)} @${f.timestampUs}`;

describe('UdsResponder', () => {
	it('sends the VIN as a first frame, then the consecutive frames after the tester flow control', () => {
		const { send } = rig();
		expect(send(0x7e0, '03 22 F1 90 CC CC CC CC', 0)).toEqual([
			'7E8 10 14 62 F1 90 57 43 54 @2000'
		]);
		expect(send(0x7e0, '30 00 00 CC CC CC CC CC', 3000)).toEqual([
			'7E8 21 5A 5A 5A 30 30 30 52 @3000',
			'7E8 22 53 30 30 30 30 34 32 @3250'
		]);
	});

	it('answers a multi-frame request with its flow control on the response id', () => {
		const { responder, send } = rig();
		send(0x7e0, '02 10 03', 0);
		const seed = send(0x7e0, '02 27 01', 10_000)[0].slice(13, 24);
		const key = hex(demoSeedToKey(fromHex(seed)));
		expect(send(0x7e0, `06 27 02 ${key} CC`, 20_000)[0]).toMatch(/^7E8 02 67 02 CC/);
		expect(send(0x7e0, '10 0D 2E F1 98 41 42 43', 30_000)).toEqual([
			'7E8 30 00 00 CC CC CC CC CC @30250'
		]);
		expect(send(0x7e0, '21 44 45 46 47 48 49 4A', 31_000)).toEqual([
			'7E8 03 6E F1 98 CC CC CC CC @33000'
		]);
		expect(responder.server.unlocked).toBe(true);
	});

	it('schedules two responsePending frames before the routine result', () => {
		const { send } = rig();
		send(0x7e0, '02 10 03', 0);
		expect(send(0x7e0, '04 31 01 02 03', 1_000_000)).toEqual([
			'7E8 03 7F 31 78 CC CC CC CC @1002000',
			'7E8 03 7F 31 78 CC CC CC CC @1302000',
			'7E8 05 71 01 02 03 00 CC CC @1602000'
		]);
	});

	it('answers a functional TesterPresent and stays silent on functional requests it does not support', () => {
		const { send } = rig();
		expect(send(0x7df, '02 3E 00', 0)).toEqual(['7E8 02 7E 00 CC CC CC CC CC @2000']);
		expect(send(0x7df, '02 3E 80', 10_000)).toEqual([]);
		expect(send(0x7df, '03 22 12 34', 20_000)).toEqual([]);
	});

	it('leaves OBD services and other ids to other responders', () => {
		const { send } = rig();
		expect(send(0x7e0, '02 09 02', 0)).toEqual([]);
		expect(send(0x7e1, '02 3E 00', 0)).toEqual([]);
	});

	it('answers a physical request it does not support with serviceNotSupported', () => {
		expect(rig().send(0x7e0, '02 85 02', 0)).toEqual(['7E8 03 7F 85 11 CC CC CC CC @2000']);
	});
});
