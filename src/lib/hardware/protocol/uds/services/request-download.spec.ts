import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { UdsProtocolError } from '../errors';
import { decodeResponse, encodeRequest } from './request-download';

describe('RequestDownload (0x34)', () => {
	it('encodes 34 DFI ALFID address size', () => {
		expect(
			hex(encodeRequest({ address: 0x00080000, size: 0x10000, addressBytes: 4, sizeBytes: 4 }))
		).toBe('34 00 44 00 08 00 00 00 01 00 00');
		expect(hex(encodeRequest({ address: 0x8000, size: 0x100, dataFormatIdentifier: 0x11 }))).toBe(
			'34 11 22 80 00 01 00'
		);
	});

	it('reads maxNumberOfBlockLength of the width LFI announces', () => {
		expect(decodeResponse(fromHex('74 20 0F FF'))).toEqual({ maxNumberOfBlockLength: 4095 });
		expect(decodeResponse(fromHex('74 10 82'))).toEqual({ maxNumberOfBlockLength: 0x82 });
	});

	it('rejects an LFI that disagrees with the length, and a block length with no room for data', () => {
		expect(() => decodeResponse(fromHex('74 20 0F'))).toThrow(UdsProtocolError);
		expect(() => decodeResponse(fromHex('74 00'))).toThrow(UdsProtocolError);
		expect(() => decodeResponse(fromHex('74 10 02'))).toThrow(UdsProtocolError);
		expect(() => decodeResponse(fromHex('7F 34 70'))).toThrow(/uploadDownloadNotAccepted/);
	});
});
