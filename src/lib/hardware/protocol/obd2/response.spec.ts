import { describe, expect, it } from 'vitest';
import {
	ObdFormatError,
	ObdNegativeResponseError,
	ObdPidMismatchError,
	ObdServiceMismatchError,
	ObdShortPayloadError
} from './errors';
import {
	decodeClearDtcsResponse,
	decodeCurrentDataResponse,
	decodeDtcResponse,
	decodeFreezeFrameResponse
} from './response';
import {
	encodeClearDtcsRequest,
	encodeCurrentDataRequest,
	encodeFreezeFrameRequest,
	encodePendingDtcsRequest,
	encodePermanentDtcsRequest,
	encodeStoredDtcsRequest,
	encodeVehicleInfoRequest
} from './services';

const b = (...bytes: number[]) => Uint8Array.of(...bytes);

describe('request encoding', () => {
	it('builds the request bytes of each service', () => {
		expect([...encodeCurrentDataRequest(0x0c)]).toEqual([0x01, 0x0c]);
		expect([...encodeCurrentDataRequest(0x0c, 0x0d, 0x05)]).toEqual([0x01, 0x0c, 0x0d, 0x05]);
		expect([...encodeFreezeFrameRequest(0x0c)]).toEqual([0x02, 0x0c, 0x00]);
		expect([...encodeFreezeFrameRequest(0x05, 1)]).toEqual([0x02, 0x05, 0x01]);
		expect([...encodeStoredDtcsRequest()]).toEqual([0x03]);
		expect([...encodeClearDtcsRequest()]).toEqual([0x04]);
		expect([...encodePendingDtcsRequest()]).toEqual([0x07]);
		expect([...encodeVehicleInfoRequest(0x02)]).toEqual([0x09, 0x02]);
		expect([...encodePermanentDtcsRequest()]).toEqual([0x0a]);
	});

	it('refuses more than six PIDs, none, or a PID outside a byte', () => {
		expect(() => encodeCurrentDataRequest()).toThrow(ObdFormatError);
		expect(() => encodeCurrentDataRequest(1, 2, 3, 4, 5, 6, 7)).toThrow(ObdFormatError);
		expect(() => encodeCurrentDataRequest(0x100)).toThrow(ObdFormatError);
		expect(() => encodeFreezeFrameRequest(0x0c, -1)).toThrow(ObdFormatError);
	});
});

describe('service 01 responses', () => {
	it('decodes several PIDs from one response', () => {
		const values = decodeCurrentDataResponse(b(0x41, 0x0c, 0x1a, 0xf8, 0x0d, 0x32), [0x0c, 0x0d]);
		expect(values.map((v) => [v.key, v.readings[0].value])).toEqual([
			['engineRpm', 1726],
			['vehicleSpeed', 50]
		]);
	});

	it('raises a negative response with its SID and NRC', () => {
		const error = (() => {
			try {
				decodeCurrentDataResponse(b(0x7f, 0x01, 0x12));
			} catch (e) {
				return e;
			}
		})();
		expect(error).toBeInstanceOf(ObdNegativeResponseError);
		expect(error).toMatchObject({ sid: 0x01, nrc: 0x12 });
	});

	it('rejects a response to another service', () => {
		expect(() => decodeCurrentDataResponse(b(0x42, 0x0c, 0x1a, 0xf8))).toThrow(
			ObdServiceMismatchError
		);
		expect(() => decodeCurrentDataResponse(b(0x7f, 0x09, 0x31))).toThrow(ObdServiceMismatchError);
	});

	it('rejects a PID that was not asked for', () => {
		expect(() => decodeCurrentDataResponse(b(0x41, 0x0d, 0x32), [0x0c])).toThrow(
			ObdPidMismatchError
		);
	});

	it('rejects a truncated record', () => {
		expect(() => decodeCurrentDataResponse(b(0x41, 0x0c, 0x1a))).toThrow(ObdShortPayloadError);
		expect(() => decodeCurrentDataResponse(b(0x41))).toThrow(ObdShortPayloadError);
		expect(() => decodeCurrentDataResponse(b())).toThrow(ObdShortPayloadError);
		expect(() => decodeCurrentDataResponse(b(0x7f, 0x01))).toThrow(ObdShortPayloadError);
	});
});

describe('freeze frame, DTC and clear responses', () => {
	it('decodes a freeze-frame PID and checks PID and frame echo', () => {
		const value = decodeFreezeFrameResponse(b(0x42, 0x0c, 0x00, 0x1a, 0xf8), 0x0c);
		expect(value.readings[0].value).toBe(1726);
		expect(value.frame).toBe(0);
		expect(() => decodeFreezeFrameResponse(b(0x42, 0x0d, 0x00, 0x32), 0x0c)).toThrow(
			ObdPidMismatchError
		);
		expect(() => decodeFreezeFrameResponse(b(0x42, 0x0c, 0x01, 0x1a, 0xf8), 0x0c)).toThrow(
			ObdPidMismatchError
		);
	});

	it('decodes stored, pending and permanent DTC lists', () => {
		expect(decodeDtcResponse(b(0x43, 0x02, 0x01, 0x33, 0x04, 0x20), 0x03)).toEqual([
			'P0133',
			'P0420'
		]);
		expect(decodeDtcResponse(b(0x47, 0x00), 0x07)).toEqual([]);
		expect(decodeDtcResponse(b(0x4a, 0x01, 0xc1, 0x55), 0x0a)).toEqual(['U0155']);
		expect(decodeDtcResponse(b(0x43, 0x01, 0x33, 0x00, 0x00, 0x00, 0x00), 0x03, 'legacy')).toEqual([
			'P0133'
		]);
	});

	it('accepts 44 and raises 7F 04 22 (conditions not correct) for a clear', () => {
		expect(() => decodeClearDtcsResponse(b(0x44))).not.toThrow();
		expect(() => decodeClearDtcsResponse(b(0x7f, 0x04, 0x22))).toThrow(ObdNegativeResponseError);
	});
});
