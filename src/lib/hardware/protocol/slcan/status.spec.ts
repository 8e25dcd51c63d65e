import { describe, expect, it } from 'vitest';
import {
	SlcanStatusFlag,
	decodeStatusFlags,
	parseStateLine,
	parseStatusReply,
	statusToBusState
} from './status';

describe('SLCAN status', () => {
	it('decodes each F bit', () => {
		expect(decodeStatusFlags(0)).toMatchObject({
			rxFifoFull: false,
			errorPassive: false,
			busError: false
		});
		expect(decodeStatusFlags(0xef)).toEqual({
			flags: 0xef,
			rxFifoFull: true,
			txFifoFull: true,
			errorWarning: true,
			dataOverrun: true,
			errorPassive: true,
			arbitrationLost: true,
			busError: true
		});
		expect(decodeStatusFlags(SlcanStatusFlag.DATA_OVERRUN).dataOverrun).toBe(true);
	});

	it('parses an Fxx reply and nothing else', () => {
		expect(parseStatusReply('F24')?.flags).toBe(0x24);
		expect(parseStatusReply('F2')).toBeNull();
		expect(parseStatusReply('FZZ')).toBeNull();
		expect(parseStatusReply('V1013')).toBeNull();
	});

	it('maps error-passive over warning over active', () => {
		expect(statusToBusState(decodeStatusFlags(0x00))).toBe('active');
		expect(statusToBusState(decodeStatusFlags(0x04))).toBe('warning');
		expect(statusToBusState(decodeStatusFlags(0x24))).toBe('passive');
	});

	it('parses Linux slcan state lines with their error counters', () => {
		expect(parseStateLine('sp128010')).toEqual({ state: 'passive', counters: { rx: 128, tx: 10 } });
		expect(parseStateLine('sb000256')).toEqual({ state: 'bus-off', counters: { rx: 0, tx: 256 } });
		expect(parseStateLine('sx000000')).toBeNull();
		expect(parseStateLine('sa00000')).toBeNull();
		expect(parseStateLine('sa00a000')).toBeNull();
	});

	it('rejects flags wider than a byte', () => {
		expect(() => decodeStatusFlags(256)).toThrow(RangeError);
	});
});
