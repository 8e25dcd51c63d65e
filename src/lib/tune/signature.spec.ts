import { describe, expect, it } from 'vitest';
import { SignatureMismatchError, checkSignature, normalizeSignature } from './signature';

describe('signature check against the connected ECU', () => {
	it('accepts the same signature, ignoring the padding an ECU reply may carry', () => {
		expect(() => checkSignature('speeduino 202103', 'speeduino 202103\0\0')).not.toThrow();
		expect(normalizeSignature(' speeduino 202103  ')).toBe('speeduino 202103');
	});

	it('explains another version of the same firmware, with both signatures and what to do', () => {
		let error: unknown;
		try {
			checkSignature('speeduino 202103', 'speeduino 202202');
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(SignatureMismatchError);
		const e = error as SignatureMismatchError;
		expect(e).toMatchObject({
			name: 'SignatureMismatchError',
			tuneSignature: 'speeduino 202103',
			ecuSignature: 'speeduino 202202',
			difference: 'other-version'
		});
		expect(e.message).toMatch(
			/^The tune was saved for "speeduino 202103" but the ECU reports "speeduino 202202"\./
		);
		expect(e.advice).toMatch(
			/Load the definition \(\.ini\) for "speeduino 202202", import this tune into it/
		);
	});

	it('refuses a tune for another firmware outright', () => {
		expect(() => checkSignature('speeduino 202103', 'rusEFI master.2024.01.01.f407')).toThrow(
			expect.objectContaining({
				difference: 'other-firmware',
				advice: expect.stringMatching(/cannot be written to this ECU/)
			})
		);
	});
});
