import { describe, expect, it } from 'vitest';
import {
	busStateOf,
	decodePandaCanHealth,
	decodePandaHealth,
	encodePandaCanHealth,
	encodePandaHealth
} from '.';
import { MalformedTransferError } from '../../errors';

const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));

/** Packed with python struct '<IHHIIIIIHBBHBHBBHHHHB', the health_t layout of board/health.h. */
const HEALTH =
	'100e00003430d2000500000000000000000000000700000000000000190001030100000000803202004c04b00400004b';
/** Packed with python Panda.CAN_HEALTH_STRUCT '<BIBBBBBBBBIIIIIIIHHBBBIIII'. */
const CAN_HEALTH =
	'01020000000101030300007ff8630000000100000002000000e803000050c300000000000004000000f401d0070101000a000000140000001e00000001000000';

describe('health (0xD2)', () => {
	it('decodes every field of the 48-byte health_t', () => {
		expect(decodePandaHealth(hex(HEALTH))).toEqual({
			uptimeS: 3600,
			voltageMv: 12340,
			currentMa: 210,
			safetyTxBlocked: 5,
			safetyRxInvalid: 0,
			txBufferOverflow: 0,
			rxBufferOverflow: 7,
			faults: 0,
			ignitionLine: true,
			ignitionCan: false,
			controlsAllowed: false,
			powerSaveEnabled: true,
			heartbeatLost: true,
			safetyRxChecksInvalid: false,
			somResetTriggered: false,
			carHarnessStatus: 1,
			safetyMode: 3,
			safetyParam: 1,
			faultStatus: 0,
			alternativeExperience: 0,
			interruptLoad: 128 / 255,
			fanPower: 50,
			spiErrorCount: 2,
			sbu1VoltageMv: 1100,
			sbu2VoltageMv: 1200,
			soundOutputLevel: 0,
			temperatureC: 35
		});
	});

	it('encodes back to the same bytes', () => {
		expect(encodePandaHealth(decodePandaHealth(hex(HEALTH)))).toEqual(hex(HEALTH));
	});

	it('refuses a reply of the wrong size with a MalformedTransferError', () => {
		expect(() => decodePandaHealth(hex(HEALTH).subarray(0, 47))).toThrow(MalformedTransferError);
		expect(() => decodePandaHealth(hex(HEALTH).subarray(0, 47))).toThrow(
			'health: expected 48 bytes, got 47'
		);
	});
});

describe('can_health (0xC2)', () => {
	it('decodes every field of the 64-byte can_health_t', () => {
		expect(decodePandaCanHealth(hex(CAN_HEALTH))).toEqual({
			busOff: true,
			busOffCount: 2,
			errorWarning: true,
			errorPassive: true,
			lastError: 'ack',
			lastStoredError: 'ack',
			lastDataError: 'none',
			lastDataStoredError: 'none',
			receiveErrorCount: 127,
			transmitErrorCount: 248,
			totalErrorCount: 99,
			totalTxLostCount: 1,
			totalRxLostCount: 2,
			totalTxCount: 1000,
			totalRxCount: 50000,
			totalForwardCount: 0,
			totalTxChecksumErrorCount: 4,
			canSpeedKbps: 500,
			canDataSpeedKbps: 2000,
			canfdEnabled: true,
			brsEnabled: true,
			canfdNonIso: false,
			irq0CallRate: 10,
			irq1CallRate: 20,
			irq2CallRate: 30,
			canCoreResetCount: 1
		});
		expect(encodePandaCanHealth(decodePandaCanHealth(hex(CAN_HEALTH)))).toEqual(hex(CAN_HEALTH));
	});

	it('rejects an LEC code outside 0–7', () => {
		const bad = hex(CAN_HEALTH);
		bad[7] = 9;
		expect(() => decodePandaCanHealth(bad)).toThrow(
			'can_health: last_error 9 is not an LEC code (0–7)'
		);
	});

	it('maps the error flags to a bus state, worst first', () => {
		const none = { busOff: false, errorPassive: false, errorWarning: false };
		expect(busStateOf(none)).toBe('active');
		expect(busStateOf({ ...none, errorWarning: true })).toBe('warning');
		expect(busStateOf({ ...none, errorWarning: true, errorPassive: true })).toBe('passive');
		expect(busStateOf({ busOff: true, errorWarning: true, errorPassive: true })).toBe('bus-off');
	});
});
