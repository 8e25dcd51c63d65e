import { describe, expect, it } from 'vitest';
import { J2534Error, J2534ErrorCode, J2534_ERRORS, j2534ErrorName } from './j2534-errors';
import { AdapterRejectedError } from '../../errors';

describe('J2534 error numbers', () => {
	it('names every J2534-1 return value by its number', () => {
		expect(J2534_ERRORS).toHaveLength(27);
		expect(j2534ErrorName(0)).toBe('STATUS_NOERROR');
		expect(j2534ErrorName(1)).toBe('ERR_NOT_SUPPORTED');
		expect(j2534ErrorName(2)).toBe('ERR_INVALID_CHANNEL_ID');
		expect(j2534ErrorName(9)).toBe('ERR_TIMEOUT');
		expect(j2534ErrorName(23)).toBe('ERR_NO_FLOW_CONTROL');
		expect(j2534ErrorName(26)).toBe('ERR_INVALID_DEVICE_ID');
		expect(j2534ErrorName(99)).toBe('ERR_UNKNOWN_99');
	});

	it('keeps the code table and the name table in step', () => {
		for (const [key, code] of Object.entries(J2534ErrorCode)) {
			expect(j2534ErrorName(code)).toBe(`ERR_${key}`);
		}
	});

	it('is an AdapterRejectedError that says what was refused and why', () => {
		const err = new J2534Error(3, 'ato9 0 500000 0');
		expect(err).toBeInstanceOf(AdapterRejectedError);
		expect(err).toMatchObject({
			name: 'J2534Error',
			code: 3,
			codeName: 'ERR_INVALID_PROTOCOL_ID',
			request: 'ato9 0 500000 0',
			adapter: 'openport2'
		});
		expect(err.message).toBe(
			'ato9 0 500000 0 refused: ERR_INVALID_PROTOCOL_ID (3): invalid or unsupported ProtocolID, or a resource conflict'
		);
		expect(new J2534Error(40, 'x').message).toContain(
			'ERR_UNKNOWN_40 (40): not a J2534-1 error number'
		);
	});
});
