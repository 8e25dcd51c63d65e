import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../protocol/uds/bytes';
import { SimulatedVehicle } from './simulated-vehicle';
import { UdsServer, type UdsServerOptions } from './uds-server';
import { demoSeedToKey } from './uds-security';

const state = new SimulatedVehicle({ scenario: 'idle' }).state;

function ecu(options: UdsServerOptions = {}) {
	const server = new UdsServer(options);
	let now = 1_000_000;
	const send = (request: string, { at = (now += 1000), functional = false } = {}) => {
		now = at;
		const reply = server.handle(fromHex(request), at, state, functional);
		return reply && hex(reply.payload);
	};
	const unlock = () => {
		send('10 03');
		const seed = fromHex(send('27 01')!.slice(6));
		return send(`27 02 ${hex(demoSeedToKey(seed))}`);
	};
	return { server, send, unlock, now: () => now };
}

describe('UdsServer sessions', () => {
	it('answers DiagnosticSessionControl with P2 = 50 ms and P2* = 5000 ms', () => {
		const { send, server } = ecu();
		expect(send('10 03')).toBe('50 03 00 32 01 F4');
		expect(server.session).toBe(3);
		expect(send('22 F1 86')).toBe('62 F1 86 03');
	});

	it('refuses an unknown session with subFunctionNotSupported', () => {
		expect(ecu().send('10 05')).toBe('7F 10 12');
	});

	it('switches session silently when the suppress bit is set', () => {
		const { send, server } = ecu();
		expect(send('10 83')).toBeUndefined();
		expect(server.session).toBe(3);
	});

	it('falls back to the default session and relocks after S3 without requests', () => {
		const { send, server, unlock, now } = ecu();
		expect(unlock()).toBe('67 02');
		expect(send('3E 80', { at: now() + 4_900_000 })).toBeUndefined();
		expect(server.session).toBe(3);
		expect(send('22 F1 86', { at: now() + 5_000_001 })).toBe('62 F1 86 01');
		expect(server.unlocked).toBe(false);
	});

	it('answers TesterPresent, stays silent with the suppress bit, and refuses other sub-functions', () => {
		const { send } = ecu();
		expect(send('3E 00')).toBe('7E 00');
		expect(send('3E 80')).toBeUndefined();
		expect(send('3E 01')).toBe('7F 3E 12');
		expect(send('3E')).toBe('7F 3E 13');
	});

	it('stays silent on a functional request it would refuse with serviceNotSupported', () => {
		const { send } = ecu();
		expect(send('85 02', { functional: true })).toBeUndefined();
		expect(send('85 02')).toBe('7F 85 11');
	});

	it('returns to the default session on ECUReset', () => {
		const { send, server } = ecu();
		send('10 03');
		expect(send('11 01')).toBe('51 01');
		expect(server.session).toBe(1);
		expect(send('11 04')).toBe('7F 11 12');
	});
});

describe('UdsServer data identifiers', () => {
	it('reads the VIN, serial number, part number and software version', () => {
		const { send } = ecu({ vin: 'WVWZZZ1JZXW000001' });
		const text = (s: string) => hex([...s].map((c) => c.charCodeAt(0)));
		expect(send('22 F1 90')).toBe(`62 F1 90 ${text('WVWZZZ1JZXW000001')}`);
		expect(send('22 F1 8C')).toBe(`62 F1 8C ${text('CTSIM0000042')}`);
		expect(send('22 F1 87')).toBe(`62 F1 87 ${text('CT-ECM-0001')}`);
		expect(send('22 F1 89')).toBe(`62 F1 89 ${text('SW01.4.2')}`);
	});

	it('reads engine speed and coolant temperature from the car state', () => {
		const reply = ecu().send('22 10 01 10 02')!;
		const bytes = fromHex(reply);
		expect(hex(bytes.subarray(0, 3))).toBe('62 10 01');
		expect(((bytes[3] << 8) | bytes[4]) / 4).toBeCloseTo(state.rpm, 0);
		expect(hex(bytes.subarray(5, 7))).toBe('10 02');
		expect(bytes[7] - 40).toBe(Math.round(state.coolantC));
	});

	it('skips unsupported DIDs and refuses with requestOutOfRange only when none is supported', () => {
		const { send } = ecu();
		expect(send('22 12 34 F1 86')).toBe('62 F1 86 01');
		expect(send('22 12 34')).toBe('7F 22 31');
		expect(send('22 F1')).toBe('7F 22 13');
	});

	it('refuses writes in the default session, when locked, to read-only DIDs and with a wrong length', () => {
		const { send } = ecu();
		expect(send('2E F1 98 41 42 43 44 45 46 47 48 49 4A')).toBe('7F 2E 7F');
		send('10 03');
		expect(send('2E F1 98 41 42 43 44 45 46 47 48 49 4A')).toBe('7F 2E 33');
		expect(send('2E F1 8C 41')).toBe('7F 2E 31');
	});

	it('writes a DID when unlocked in the extended session, and reads it back', () => {
		const { send, unlock } = ecu();
		unlock();
		expect(send('2E F1 98 41 42')).toBe('7F 2E 13');
		expect(send('2E F1 98 41 42 43 44 45 46 47 48 49 4A')).toBe('6E F1 98');
		expect(send('22 F1 98')).toBe('62 F1 98 41 42 43 44 45 46 47 48 49 4A');
	});
});

describe('UdsServer security access', () => {
	it('is not available in the default session', () => {
		expect(ecu().send('27 01')).toBe('7F 27 7F');
	});

	it('unlocks with the demo key and then answers requestSeed with a zero seed', () => {
		const { send, unlock, server } = ecu();
		expect(unlock()).toBe('67 02');
		expect(server.unlocked).toBe(true);
		expect(send('27 01')).toBe('67 01 00 00 00 00');
	});

	it('computes the demo key as rotl32(seed XOR 0x5A5A5A5A, 3)', () => {
		// 0x12345678 ^ 0x5A5A5A5A = 0x486E0C22; rotated left by 3 = 0x43706112.
		expect(hex(demoSeedToKey(fromHex('12 34 56 78')))).toBe('43 70 61 12');
	});

	it('refuses sendKey without a seed as requestSequenceError and an unknown level as subFunctionNotSupported', () => {
		const { send } = ecu();
		send('10 03');
		expect(send('27 02 00 00 00 00')).toBe('7F 27 24');
		expect(send('27 03')).toBe('7F 27 12');
	});

	it('answers invalidKey twice, exceededNumberOfAttempts on the third, then a time delay', () => {
		const { send, now } = ecu({ lockoutUs: 10_000_000 });
		send('10 03');
		for (const nrc of ['35', '35', '36']) {
			send('27 01');
			expect(send('27 02 00 00 00 01')).toBe(`7F 27 ${nrc}`);
		}
		expect(send('27 01')).toBe('7F 27 37');
		expect(send('3E 00', { at: now() + 4_000_000 })).toBe('7E 00');
		expect(send('27 01', { at: now() + 4_000_000 })).toBe('7F 27 37');
		expect(send('27 01', { at: now() + 2_100_000 })).toMatch(/^67 01/);
	});

	it('draws the same seeds for the same PRNG seed', () => {
		const seeds = (seed: number) => {
			const { send } = ecu({ seed });
			send('10 03');
			return [send('27 01'), send('27 01')];
		};
		expect(seeds(7)).toEqual(seeds(7));
		expect(seeds(7)).not.toEqual(seeds(8));
	});
});

describe('UdsServer DTCs and routines', () => {
	it('reports DTCs by status mask and counts them', () => {
		const { send } = ecu();
		expect(send('19 02 FF')).toBe('59 02 7F 01 33 00 2F 04 20 00 28');
		expect(send('19 02 01')).toBe('59 02 7F 01 33 00 2F');
		expect(send('19 01 08')).toBe('59 01 7F 01 00 02');
		expect(send('19 06 FF')).toBe('7F 19 12');
	});

	it('clears all DTCs, and refuses a group it does not know', () => {
		const { send } = ecu();
		expect(send('14 00 01 00')).toBe('7F 14 31');
		expect(send('14 FF FF FF')).toBe('54');
		expect(send('19 02 FF')).toBe('59 02 7F');
	});

	it('answers the self-test routine after two responsePending', () => {
		const server = new UdsServer();
		server.handle(fromHex('10 03'), 0, state);
		const reply = server.handle(fromHex('31 01 02 03'), 1000, state)!;
		expect(hex(reply.payload)).toBe('71 01 02 03 00');
		expect(reply.pending).toBe(2);
		expect(hex(server.handle(fromHex('31 03 02 03'), 2000, state)!.payload)).toBe(
			'71 03 02 03 00 00'
		);
	});

	it('refuses routine results before a start, unknown routines, and the default session', () => {
		const { send } = ecu();
		expect(send('31 01 02 03')).toBe('7F 31 7F');
		send('10 03');
		expect(send('31 03 02 03')).toBe('7F 31 24');
		expect(send('31 01 FF 00')).toBe('7F 31 31');
		expect(send('31 04 02 03')).toBe('7F 31 12');
	});
});
