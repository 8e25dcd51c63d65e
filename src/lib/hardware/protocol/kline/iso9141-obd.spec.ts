import { describe, expect, it } from 'vitest';
import {
	decodeIso9141ObdResponse,
	encodeIso9141ObdRequest,
	encodeIso9141ObdResponse
} from './iso9141-obd';
import { KLineChecksumError, KLineFrameError } from './errors';

const hex = (s: string) => Uint8Array.from(s.split(' '), (b) => parseInt(b, 16));

describe('ISO 9141-2 OBD messages', () => {
	it('wraps a request in 68 6A F1 and the checksum', () => {
		expect([...encodeIso9141ObdRequest(hex('01 0c'))]).toEqual([...hex('68 6a f1 01 0c d0')]);
	});

	it('reads an ECU response 48 6B <address>', () => {
		const bytes = encodeIso9141ObdResponse(0x10, hex('41 0c 1a f8'));
		expect([...bytes]).toEqual([...hex('48 6b 10 41 0c 1a f8 22')]);
		expect(decodeIso9141ObdResponse(bytes)).toEqual({ source: 0x10, data: hex('41 0c 1a f8') });
	});

	it('rejects other headers, bad checksums and impossible lengths', () => {
		expect(() => decodeIso9141ObdResponse(hex('68 6a f1 01 0c d0'))).toThrow(
			/header must be 48 6B/
		);
		expect(() => decodeIso9141ObdResponse(hex('48 6b 10 41 0c 1a f8 23'))).toThrow(
			KLineChecksumError
		);
		expect(() => decodeIso9141ObdResponse(hex('48 6b 10 41'))).toThrow(KLineFrameError);
		expect(() => encodeIso9141ObdRequest(new Uint8Array(8))).toThrow(RangeError);
	});
});
