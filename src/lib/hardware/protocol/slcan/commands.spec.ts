import { describe, expect, it } from 'vitest';
import {
	SlcanCommand,
	acceptanceCodeCommand,
	acceptanceMaskCommand,
	canableAutoRetransmitCommand,
	canableModeCommand,
	setBitrateCommand,
	timestampsCommand
} from './commands';
import { SLCAN_BITRATES, bitrateIndex } from './dialect';

describe('SLCAN commands', () => {
	it('maps the standard bit rates S0–S8 in both dialects', () => {
		const common = [10_000, 20_000, 50_000, 100_000, 125_000, 250_000, 500_000];
		common.forEach((rate, n) => {
			expect(setBitrateCommand('lawicel', rate)).toBe(`S${n}\r`);
			expect(setBitrateCommand('canable', rate)).toBe(`S${n}\r`);
		});
		expect(setBitrateCommand('lawicel', 1_000_000)).toBe('S8\r');
		expect(setBitrateCommand('canable', 1_000_000)).toBe('S8\r');
	});

	it('reads S7 as 800 kbit/s for Lawicel but 750 kbit/s for canable-fw', () => {
		expect(setBitrateCommand('lawicel', 800_000)).toBe('S7\r');
		expect(setBitrateCommand('canable', 750_000)).toBe('S7\r');
		expect(() => setBitrateCommand('lawicel', 750_000)).toThrow(RangeError);
		expect(() => setBitrateCommand('canable', 800_000)).toThrow(RangeError);
		expect(SLCAN_BITRATES.lawicel[7]).toBe(800_000);
		expect(SLCAN_BITRATES.canable[7]).toBe(750_000);
	});

	it('has no standard setting for 83.3k or arbitrary rates', () => {
		expect(bitrateIndex('lawicel', 83_333)).toBe(-1);
		expect(() => setBitrateCommand('canable', 33_333)).toThrow(/no standard setting/);
	});

	it('spells open, listen-only, close, status, version and serial as single letters', () => {
		expect(SlcanCommand).toEqual({
			open: 'O\r',
			listenOnly: 'L\r',
			close: 'C\r',
			status: 'F\r',
			version: 'V\r',
			serialNumber: 'N\r'
		});
		expect(timestampsCommand(true)).toBe('Z1\r');
		expect(timestampsCommand(false)).toBe('Z0\r');
	});

	it('uses M/m as 32-bit acceptance code/mask on Lawicel and as a mode digit on canable-fw', () => {
		expect(acceptanceCodeCommand(0)).toBe('M00000000\r');
		expect(acceptanceMaskCommand(0xffffffff)).toBe('mFFFFFFFF\r');
		expect(acceptanceCodeCommand(0x12ab)).toBe('M000012AB\r');
		expect(canableModeCommand(true)).toBe('M1\r');
		expect(canableModeCommand(false)).toBe('M0\r');
		expect(canableAutoRetransmitCommand(false)).toBe('A0\r');
		expect(() => acceptanceMaskCommand(2 ** 32)).toThrow(RangeError);
		expect(() => acceptanceCodeCommand(-1)).toThrow(RangeError);
	});
});
