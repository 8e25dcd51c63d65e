import { describe, expect, it } from 'vitest';
import { NegativeResponseError } from './errors';
import { Nrc, NRC_NAMES, nrcName } from './nrc';

describe('NRC table', () => {
	it('names the codes a flashing session meets', () => {
		expect(NRC_NAMES[0x78]).toBe('requestCorrectlyReceivedResponsePending');
		expect(NRC_NAMES[0x7e]).toBe('subFunctionNotSupportedInActiveSession');
		expect(Nrc.invalidKey).toBe(0x35);
	});

	it('keeps unknown and manufacturer-specific codes readable', () => {
		expect(nrcName(0x15)).toBe('unknown(0x15)');
		expect(nrcName(0xf3)).toBe('manufacturerSpecific(0xF3)');
	});

	it('carries sid, nrc, name and cause on NegativeResponseError', () => {
		const cause = new Error('frame');
		const error = new NegativeResponseError(0x27, 0x35, { cause });
		expect(error).toMatchObject({ sid: 0x27, nrc: 0x35, nrcName: 'invalidKey', cause });
		expect(error.message).toBe('service 27 refused: invalidKey (NRC 35)');
	});
});
